{
    "name": "Clinic CRM: Messaging",
    "summary": "Reminders, recalls, follow-ups and consented campaigns by email, SMS and WhatsApp",
    "version": "18.0.1.0.0",
    "category": "Services/Clinic CRM",
    "website": "https://github.com/healthcare-crm/healthcare-crm",
    "author": "Healthcare CRM contributors",
    "license": "LGPL-3",
    "depends": ["healthcare_crm", "mass_mailing", "sms", "survey"],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "data/survey_data.xml",
        "data/ir_cron_data.xml",
        "views/healthcare_message_views.xml",
        "views/appointment_answer_templates.xml",
    ],
}
