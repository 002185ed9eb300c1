import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .fake_providers import AUTH_TOKEN, WHATSAPP_APP_SECRET, FakeTwilio, FakeWhatsapp


@tagged("post_install", "-at_install")
class TestPublicPages(HttpCase):
    def setUp(self):
        super().setUp()
        self.env.company.write(
            {
                "healthcare_timezone": "Europe/Madrid",
                "twilio_auth_token": AUTH_TOKEN,
                "whatsapp_app_secret": WHATSAPP_APP_SECRET,
                "whatsapp_verify_token": "clinic-verify",
            }
        )
        self.patient = self.env["res.partner"].create({"name": "Rocío Prieto", "is_patient": True})
        self.appointment = self.env["calendar.event"].create(
            {
                "name": "Higiene dental",
                "patient_id": self.patient.id,
                "appointment_type_id": self.env.ref("healthcare_crm.appointment_type_hygiene").id,
                "start": fields.Datetime.now() + timedelta(days=2),
            }
        )
        self.url = self.appointment._patient_url()
        self.path = self.url.removeprefix(self.appointment.get_base_url())

    def answer(self, answer, **data):
        page = self.url_open(self.path)
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(f"{self.path}/{answer}", data={"csrf_token": token, **data})

    def test_the_patient_confirms_from_the_link(self):
        page = self.url_open(self.path)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Higiene dental", page.text)
        self.assertNotIn("Rocío Prieto", page.text, "the page names no one")
        done = self.answer("confirm")
        self.assertEqual(done.status_code, 200)
        self.assertIn("is confirmed", done.text)
        self.assertEqual(self.appointment.attendance, "confirmed")
        interaction = self.env["healthcare.interaction"].search([("calendar_event_id", "=", self.appointment.id)])
        self.assertEqual((interaction.direction, interaction.outcome), ("inbound", "replied"))
        self.assertEqual(self.url_open(self.path).status_code, 404, "a used link opens nothing")

    def test_the_patient_cancels_or_asks_for_another_time(self):
        self.assertEqual(self.answer("change", note="Mejor por la tarde").status_code, 200)
        self.assertEqual(self.appointment.attendance, "scheduled")
        activity = self.patient.activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertIn("Mejor por la tarde", activity.note)

        self.url = self.appointment._patient_url()  # a new reminder, a new link
        self.path = self.url.removeprefix(self.appointment.get_base_url())
        self.assertEqual(self.answer("cancel").status_code, 200)
        self.assertEqual(self.appointment.attendance, "cancelled")
        self.assertFalse(self.patient.next_appointment_date)

    def test_wrong_or_expired_links_reveal_nothing(self):
        wrong = self.url_open("/clinic/appointment/" + "x" * 43)
        self.assertEqual(wrong.status_code, 404)
        self.assertNotIn("Higiene", wrong.text)
        self.assertEqual(self.url_open("/clinic/appointment/short").status_code, 404)
        self.assertEqual(self.answer("delete").status_code, 404)
        self.appointment.write(
            {"start": fields.Datetime.now() - timedelta(hours=3), "stop": fields.Datetime.now() - timedelta(hours=2)}
        )
        self.assertEqual(self.url_open(self.path).status_code, 404, "expired once the appointment is over")

    def test_signed_delivery_reports_update_the_message(self):
        message = self.env["healthcare.message"].create(
            {
                "key": "test:1",
                "patient_id": self.patient.id,
                "kind": "reminder",
                "channel": "sms",
                "state": "sent",
                "provider_ref": "SM0001",
            }
        )
        url = f"{self.base_url()}/healthcare_crm_messaging/twilio/status"
        self.env.flush_all()  # the fake Twilio calls the server directly, not through url_open
        forged = FakeTwilio.status_callback(url, "SM0001", "delivered", auth_token="not-the-token")
        self.assertEqual(forged.status_code, 403)
        self.assertEqual(message.state, "sent")
        self.assertEqual(FakeTwilio.status_callback(url, "SM0001", "delivered").status_code, 204)
        message.invalidate_recordset()
        self.assertEqual(message.state, "delivered")
        FakeTwilio.status_callback(url, "SM0001", "sent")  # late and out of order: ignored
        message.invalidate_recordset()
        self.assertEqual(message.state, "delivered")
        FakeTwilio.status_callback(url, "SM0001", "undelivered", error_code=30003)
        message.invalidate_recordset()
        self.assertEqual((message.state, message.error), ("failed", "Twilio error 30003"))

    def test_whatsapp_webhook_verification_and_signed_statuses(self):
        url = "/healthcare_crm_messaging/whatsapp/webhook"
        check = self.url_open(f"{url}?hub.mode=subscribe&hub.verify_token=clinic-verify&hub.challenge=1158201444")
        self.assertEqual((check.status_code, check.text), (200, "1158201444"))
        self.assertEqual(
            self.url_open(f"{url}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1").status_code, 403
        )

        message = self.env["healthcare.message"].create(
            {
                "key": "test:wa",
                "patient_id": self.patient.id,
                "kind": "reminder",
                "channel": "whatsapp",
                "state": "sent",
                "provider_ref": "wamid.FAKE1",
            }
        )
        self.env.flush_all()  # Meta calls the server directly, not through url_open
        full_url = f"{self.base_url()}{url}"
        self.assertEqual(
            FakeWhatsapp.status_callback(full_url, "wamid.FAKE1", "read", app_secret="guess").status_code, 403
        )
        self.assertEqual(FakeWhatsapp.status_callback(full_url, "wamid.FAKE1", "delivered").status_code, 200)
        message.invalidate_recordset()
        self.assertEqual(message.state, "delivered")
        FakeWhatsapp.status_callback(full_url, "wamid.FAKE1", "read")
        message.invalidate_recordset()
        self.assertEqual(message.state, "read")
        FakeWhatsapp.status_callback(
            full_url, "wamid.FAKE1", "failed", error={"code": 131047, "title": "Re-engagement message"}
        )
        message.invalidate_recordset()
        self.assertEqual((message.state, message.error), ("failed", "WhatsApp error 131047: Re-engagement message"))

    def test_opt_out_link_withdraws_the_consent(self):
        self.patient.write({"email": "rocio@example.com", "preferred_channel": "email"})
        self.env["healthcare.consent"].create(
            {"partner_id": self.patient.id, "purpose": "email_marketing", "state": "given"}
        )
        messages = self.env["healthcare.message"]
        greeting = messages._deliver(self.patient, "birthday", "birthday:test", "Feliz cumpleaños", marketing=True)
        match = re.search(r"/clinic/optout/[\w-]+", greeting.body)
        self.assertIn(match.group(0), greeting.mail_id.body_html)
        reminder = messages._deliver(self.patient, "reminder", "reminder:test", "Su cita es mañana")
        self.assertNotIn("/clinic/optout/", reminder.body, "care messages carry no opt-out")

        page = self.url_open(match.group(0))
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        done = self.url_open(match.group(0), data={"csrf_token": token})
        self.assertEqual(done.status_code, 200)
        self.patient.invalidate_recordset()
        self.assertEqual(self.patient.consent_email_marketing, "withdrawn")
        self.assertIsNone(messages._channel_for(self.patient, marketing=True))
        self.assertEqual(messages._channel_for(self.patient), "email", "reminders still reach the patient")
        self.assertEqual(self.url_open(match.group(0)).status_code, 404)
        self.assertEqual(self.url_open("/clinic/optout/" + "y" * 43).status_code, 404)
