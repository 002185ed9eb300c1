{
    "name": "Clinic CRM: Patient Self-Service",
    "summary": "Online booking, admission forms, informed consents signed online and quotes accepted "
    "on the patient's phone",
    "version": "18.0.1.0.0",
    "category": "Services/Clinic CRM",
    "website": "https://github.com/healthcare-crm/healthcare-crm",
    "author": "Healthcare CRM contributors",
    "license": "LGPL-3",
    "depends": ["healthcare_crm_messaging", "website", "portal", "resource"],
    "data": [
        "security/ir.model.access.csv",
        "views/booking_templates.xml",
        "views/booking_appointment_type_views.xml",
        "views/booking_calendar_event_views.xml",
        "views/booking_res_users_views.xml",
        "views/res_config_settings_views.xml",
        "views/quote_portal_templates.xml",
        "views/quote_sale_order_views.xml",
    ],
    "demo": [
        "demo/website_demo.xml",
        "demo/booking_demo.xml",
        "demo/quote_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["healthcare_crm_portal/static/src/js/tours/*.js"],
    },
}
