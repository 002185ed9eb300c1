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
        "security/ir.model.access.csv",
        "security/healthcare_dental_security.xml",
        "data/healthcare_dental_catalogue_data.xml",
        "data/healthcare_dental_list_data.xml",
        "data/healthcare_triage_dental_data.xml",
        "views/healthcare_dental_treatment_views.xml",
        "views/healthcare_dental_tooth_history_views.xml",
        "views/product_template_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/res_partner_odontogram_views.xml",
        "views/calendar_event_views.xml",
        "views/healthcare_dental_perio_chart_views.xml",
        "views/res_partner_segments_views.xml",
        "views/dental_list_kind_views.xml",
        "views/healthcare_crm_dental_menus.xml",
        "report/sale_order_report_templates.xml",
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
    "demo": ["demo/healthcare_dental_demo.xml", "demo/healthcare_triage_demo.xml"],
}
