{
    "name": "Clinic CRM: Patient Self-Service",
    "summary": "Online booking, admission forms, informed consents signed online and quotes accepted "
    "on the patient's phone",
    "version": "18.0.1.0.0",
    "category": "Services/Clinic CRM",
    "website": "https://github.com/healthcare-crm/healthcare-crm",
    "author": "Healthcare CRM contributors",
    "license": "LGPL-3",
    "depends": ["healthcare_crm_messaging", "website", "portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/intake_security.xml",
        "data/intake_data.xml",
        "views/intake_views.xml",
        "views/intake_wizard_views.xml",
        "views/intake_report.xml",
        "views/intake_templates.xml",
    ],
    "demo": [
        "demo/intake_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["healthcare_crm_portal/static/src/js/tours/*.js"],
    },
}
