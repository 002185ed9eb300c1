{
    "name": "Clinic CRM",
    "summary": "Patient-relationship CRM for medical and dental clinics: patients, "
    "contact history, quote follow-up, appointments and recalls",
    "version": "18.0.1.0.0",
    "category": "Services/Clinic CRM",
    "website": "https://github.com/healthcare-crm/healthcare-crm",
    "author": "Healthcare CRM contributors",
    "license": "LGPL-3",
    "application": True,
    "depends": [
        "mail",
        "contacts",
        "calendar",
        "sale_management",
        "utm",
        "phone_validation",
    ],
    "external_dependencies": {"python": ["phonenumbers", "vobject"]},
    "data": [
        "security/healthcare_crm_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/healthcare_condition_data.xml",
        "views/res_partner_views.xml",
        "views/healthcare_insurer_views.xml",
        "views/healthcare_condition_views.xml",
        "views/healthcare_crm_menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/healthcare_patient_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "healthcare_crm/static/src/js/tours/*.js",
        ],
    },
}
