from datetime import timedelta

from odoo import fields
from odoo.addons.mail.tests.common import MockEmail
from odoo.tests import TransactionCase

from .fake_providers import TWILIO_COMPANY, FakeTwilio


class MessagingCase(TransactionCase, MockEmail):
    """A clinic sending reminders at any hour, by email or through a fake Twilio on 127.0.0.1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "country_id": cls.env.ref("base.es").id,
                "email": "citas@sonrisa.example.com",
                "healthcare_reminder_hours": "48,2",
                "healthcare_send_from": 0.0,
                "healthcare_send_until": 24.0,
                "healthcare_timezone": "Europe/Madrid",
                **TWILIO_COMPANY,
            }
        )
        if not cls.env["res.lang"]._lang_get("es_ES").active:
            cls.env["res.lang"]._activate_lang("es_ES")
        cls.hygiene = cls.env.ref("healthcare_crm.appointment_type_hygiene")
        cls.messages = cls.env["healthcare.message"]

    def setUp(self):
        super().setUp()
        self.twilio = self.enterContext(FakeTwilio())
        self.env.company.twilio_api_url = self.twilio.url

    def patient(self, name="Lucía Navarro", **values):
        return self.env["res.partner"].create({"name": name, "is_patient": True, "lang": "es_ES", **values})

    def appointment(self, patient, hours):
        return self.env["calendar.event"].create(
            {
                "name": "Higiene dental",
                "patient_id": patient.id,
                "appointment_type_id": self.hygiene.id,
                "start": fields.Datetime.now() + timedelta(hours=hours),
            }
        )

    def sent_to(self, number):
        return [message for message in self.twilio.messages if message["To"] == number]

    def sent(self, patient):
        return self.messages.search([("patient_id", "=", patient.id)], order="id")
