{
    "name": "Clinic CRM: Dental",
    "summary": "Dental specifics for the Clinic CRM: FDI tooth chart, quotes per tooth, "
    "dental treatments with recall defaults",
    "version": "18.0.1.0.0",
    "category": "Services/Clinic CRM",
    "website": "https://github.com/healthcare-crm/healthcare-crm",
    "author": "Healthcare CRM contributors",
    "license": "LGPL-3",
    "depends": ["healthcare_crm"],
    "data": [],
}
