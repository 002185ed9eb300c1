from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from freezegun import freeze_time

from odoo.exceptions import UserError

from .common import MessagingCase
from .fake_providers import (
    FakeWhatsapp,
)


class WhatsappCase(MessagingCase):
    def setUp(self):
        super().setUp()
        self.whatsapp = self.enterContext(FakeWhatsapp())
        self.whatsapp.configure(self.env.company)
        self.templates = self.env["healthcare.whatsapp.template"].search([])

    def approve(self, *names):
        for name in names:
            self.whatsapp.templates[(name, "es")] = ("APPROVED", None)
        self.templates.action_sync_status()


class TestWhatsapp(WhatsappCase):
    def test_template_approval_comes_from_whatsapp(self):
        self.whatsapp.templates[("recordatorio_cita", "es")] = ("APPROVED", None)
        self.whatsapp.templates[("aviso_revision", "es")] = ("REJECTED", "INVALID_FORMAT")
        self.whatsapp.templates[("seguimiento_presupuesto", "es")] = ("PENDING", None)
        self.templates.action_sync_status()
        states = {template.name: (template.state, template.rejection_reason) for template in self.templates}
        self.assertEqual(states["recordatorio_cita"], ("approved", False))
        self.assertEqual(states["aviso_revision"], ("rejected", "INVALID_FORMAT"))
        self.assertEqual(states["seguimiento_presupuesto"], ("pending", False))
        self.assertEqual(states["felicitacion_cumpleanos"], ("draft", False), "not submitted yet")

        self.env.company.whatsapp_token = "wrong"
        with self.assertRaisesRegex(UserError, "WhatsApp could not be reached"):
            self.templates.action_sync_status()
        self.assertEqual(self.templates.filtered(lambda t: t.name == "recordatorio_cita").state, "approved")

    def test_reminder_on_whatsapp_with_the_approved_template(self):
        self.approve("recordatorio_cita")
        patient = self.patient(mobile="699 100 401", preferred_channel="whatsapp")
        appointment = self.appointment(patient, hours=20)
        self.messages._cron_send_reminders()
        message = self.sent(patient)
        self.assertEqual((message.channel, message.state), ("whatsapp", "sent"))
        [sent] = [m for m in self.whatsapp.messages if m["to"] == "34699100401"]
        self.assertEqual(sent["template"]["name"], "recordatorio_cita")
        self.assertEqual(sent["template"]["language"], {"code": "es"})
        params = [p["text"] for p in sent["template"]["components"][0]["parameters"]]
        self.assertEqual(params[0], "Lucía Navarro")
        self.assertEqual(params[2], appointment._patient_url())
        self.assertEqual(message.provider_ref, sent["id"])
        self.assertTrue(message.body.startswith("Hola Lucía Navarro, le recordamos su cita"))
        self.assertFalse(self.sent_to("+34699100401"), "no SMS as well")

    def test_without_an_approved_template_whatsapp_falls_back_to_sms(self):
        patient = self.patient(mobile="699 100 402", preferred_channel="whatsapp")
        self.appointment(patient, hours=20)
        self.messages._cron_send_reminders()
        self.assertEqual(self.sent(patient).channel, "sms")
        self.assertFalse(self.whatsapp.messages)

    def test_unreachable_number_fails_and_outage_is_retried(self):
        self.approve("recordatorio_cita")
        self.whatsapp.unreachable.add("34699100403")
        unreachable = self.patient(mobile="699 100 403", preferred_channel="whatsapp")
        self.appointment(unreachable, hours=20)
        self.messages._cron_send_reminders()
        message = self.sent(unreachable)
        self.assertEqual(message.state, "failed")
        self.assertIn("Message undeliverable", message.error)

        self.whatsapp.mode = "down"
        patient = self.patient("Hugo Navarro", mobile="699 100 404", preferred_channel="whatsapp")
        self.appointment(patient, hours=20)
        self.messages._cron_send_reminders()
        message = self.sent(patient)
        self.assertEqual((message.state, message.attempt_count), ("queued", 1))
        self.whatsapp.mode = "up"
        with freeze_time(message.next_attempt + timedelta(seconds=1)):
            self.messages._cron_retry()
        self.assertEqual((message.state, message.attempt_count), ("sent", 2))
        self.assertEqual(self.whatsapp.attempts.count("34699100404"), 2)

    def test_marketing_on_whatsapp_needs_whatsapp_consent(self):
        self.approve("felicitacion_cumpleanos")
        patient = self.patient(mobile="699 100 405", preferred_channel="whatsapp")
        self.assertIsNone(self.messages._channel_for(patient, marketing=True, kind="birthday"))
        self.env["healthcare.consent"].create({"partner_id": patient.id, "purpose": "whatsapp", "state": "given"})
        self.assertEqual(self.messages._channel_for(patient, marketing=True, kind="birthday"), "whatsapp")

    def test_click_to_chat_opens_wa_me_and_logs_the_contact(self):
        patient = self.patient(mobile="699 100 406")
        action = patient.action_whatsapp_chat()
        url = urlparse(action["url"])
        self.assertEqual((url.netloc, url.path), ("wa.me", "/34699100406"))
        self.assertEqual(parse_qs(url.query)["text"], [f"Hola Lucía Navarro, le escribe {self.env.company.name}."])
        interaction = self.env["healthcare.interaction"].search([("partner_id", "=", patient.id)])
        self.assertEqual((interaction.channel, interaction.direction), ("whatsapp", "outbound"))
        with self.assertRaisesRegex(UserError, "no mobile number"):
            self.patient("Sin Móvil", phone="+34 915 555 555").action_whatsapp_chat()
