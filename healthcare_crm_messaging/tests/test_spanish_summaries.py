from odoo.tests import tagged

from .common import MessagingCase


@tagged("post_install", "-at_install")
class TestSpanishSummaries(MessagingCase):
    """The contact history says what was sent in the patient's language, whoever runs the cron."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        modules = cls.env["ir.module.module"].search(
            [("name", "in", ("healthcare_crm", "healthcare_crm_messaging")), ("state", "=", "installed")]
        )
        modules._load_module_terms(modules.mapped("name"), ["es_ES"], overwrite=True)

    def summary(self, patient):
        return self.env["healthcare.interaction"].search([("partner_id", "=", patient.id)], order="id desc", limit=1)

    def test_reminder_summary_from_an_english_or_a_spanish_cron(self):
        for lang, mobile in (("en_US", "+34612345678"), ("es_ES", "+34612345679")):
            with self.subTest(cron_lang=lang):
                patient = self.patient(name=f"Lucía {lang}", mobile=mobile, preferred_channel="sms")
                self.appointment(patient, hours=30)
                self.messages.with_context(lang=lang)._cron_send_reminders()
                summary = self.summary(patient).summary
                self.assertTrue(summary.startswith("Recordatorio de cita enviado: "), summary)
                self.assertNotIn("Appointment reminder", summary)

    def test_followup_summary_and_email_subject(self):
        patient = self.patient(email="lucia@example.com", preferred_channel="email")
        message = self.messages.with_context(lang="en_US")._deliver(patient, "followup", "spanish:followup", "Hola")
        self.assertEqual(message.channel, "email")
        self.assertEqual(message.mail_id.subject, "Seguimiento de presupuesto")
        summary = self.summary(patient).summary
        self.assertTrue(summary.startswith("Seguimiento de presupuesto enviado: "), summary)
