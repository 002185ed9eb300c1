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
    "data": [
        "views/res_partner_odontogram_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "healthcare_crm_dental/static/src/odontogram/*",
        ],
        "web.assets_tests": [
            "healthcare_crm_dental/static/tests/tours/*.js",
        ],
        "web.assets_unit_tests": [
            "healthcare_crm_dental/static/tests/*.test.js",
        ],
    },
}
