import itertools
import time
from datetime import timedelta

from odoo import fields
from odoo.addons.mail.tests.common import MockEmail
from odoo.tests import HttpCase, TransactionCase

from .fake_providers import (
    BUSINESS_ACCOUNT_ID,
    PHONE_NUMBER_ID,
    TWILIO_COMPANY,
    WHATSAPP_APP_SECRET,
    WHATSAPP_TOKEN,
    FakeTwilio,
    FakeWhatsapp,
)


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


class InboundCase(HttpCase):
    """A clinic with Twilio and WhatsApp on fake providers, receiving what patients write over
    real HTTP: signed webhooks posted to this Odoo's own routes."""

    WHATSAPP_PATH = "/healthcare_crm_messaging/whatsapp/webhook"
    SMS_PATH = "/healthcare_crm_messaging/twilio/inbound"

    def setUp(self):
        super().setUp()
        self.twilio = self.enterContext(FakeTwilio())
        self.whatsapp = self.enterContext(FakeWhatsapp())
        if not self.env["res.lang"]._lang_get("es_ES").active:
            self.env["res.lang"]._activate_lang("es_ES")
        self.env.company.write(
            {
                "country_id": self.env.ref("base.es").id,
                "healthcare_timezone": "Europe/Madrid",
                **TWILIO_COMPANY,
                "twilio_api_url": self.twilio.url,
                "whatsapp_api_url": self.whatsapp.url,
                "whatsapp_phone_number_id": PHONE_NUMBER_ID,
                "whatsapp_business_account_id": BUSINESS_ACCOUNT_ID,
                "whatsapp_token": WHATSAPP_TOKEN,
                "whatsapp_app_secret": WHATSAPP_APP_SECRET,
            }
        )
        self.ids = (f"wamid.IN{number:06d}" for number in itertools.count(1))
        self.sids = (f"SMIN{number:030d}" for number in itertools.count(1))

    def patient(self, name="Lucía Navarro", **values):
        return self.env["res.partner"].create({"name": name, "is_patient": True, "lang": "es_ES", **values})

    def appointment(self, patient, hours=30, remind=True):
        """An appointment; with `remind`, the reminder the patient got for it."""
        event = self.env["calendar.event"].create(
            {
                "name": "Higiene dental",
                "patient_id": patient.id,
                "appointment_type_id": self.env.ref("healthcare_crm.appointment_type_hygiene").id,
                "start": fields.Datetime.now() + timedelta(hours=hours),
            }
        )
        if remind:
            self.env["healthcare.message"].create(
                {
                    "key": f"reminder:{event.id}:48",
                    "patient_id": patient.id,
                    "kind": "reminder",
                    "channel": "sms",
                    "state": "sent",
                    "calendar_event_id": event.id,
                }
            )
        return event

    def text(self, number, body, message_id=None, timestamp=None):
        """One WhatsApp text message from `number` (digits, as Meta gives them)."""
        return {
            "from": number,
            "id": message_id or next(self.ids),
            "timestamp": str(int(timestamp or time.time())),
            "type": "text",
            "text": {"body": body},
        }

    def post_whatsapp(self, messages, contacts=()):
        self.env.flush_all()  # the server reads through the test's cursor
        response = FakeWhatsapp.inbound(f"{self.base_url()}{self.WHATSAPP_PATH}", messages, contacts)
        self.env.invalidate_all()
        return response

    def post_sms(self, sender, body, sid=None, media=(), **extra):
        self.env.flush_all()
        response = FakeTwilio.inbound(
            f"{self.base_url()}{self.SMS_PATH}", sender, body, sid or next(self.sids), media=media, **extra
        )
        self.env.invalidate_all()
        return response

    def received(self, partner):
        return self.env["healthcare.inbound.message"].search([("partner_id", "=", partner.id)], order="id")

    def history(self, partner, direction="inbound"):
        return self.env["healthcare.interaction"].search(
            [("partner_id", "=", partner.id), ("direction", "=", direction)], order="id"
        )
