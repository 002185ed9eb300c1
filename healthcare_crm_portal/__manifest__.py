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
        "security/consent_form_security.xml",
        "data/consent_form_template_data.xml",
        "reports/consent_form_report.xml",
        "views/consent_form_views.xml",
        "views/consent_form_templates.xml",
    ],
    "demo": [
        "demo/consent_form_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["healthcare_crm_portal/static/src/js/tours/*.js"],
    },
}
