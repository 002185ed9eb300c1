from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase

from .common import MessagingCase
from .fake_providers import FakeWhatsapp

NO_PROVIDER = "No SMS provider configured: set one in Settings."


class TestFreshDatabase(TransactionCase):
    def test_a_new_database_has_no_sms_provider(self):
        """Installed with its demo data, or a company created later: nothing is sent until Settings say so."""
        self.assertEqual(self.env.ref("base.main_company").healthcare_sms_provider, "none")
        self.assertEqual(self.env["res.company"].create({"name": "Clínica Nueva"}).healthcare_sms_provider, "none")
        self.assertEqual(Form(self.env["res.config.settings"]).healthcare_sms_provider, "none")
        self.assertFalse(self.env["healthcare.whatsapp"]._configured())


class TestNoProvider(MessagingCase):
    """The clinic has not chosen an SMS provider yet; the fake Twilio on 127.0.0.1 would take anything sent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.healthcare_sms_provider = "none"  # Twilio's credentials typed, the provider not chosen

    def remind(self, mobile):
        patient = self.patient(mobile=mobile, preferred_channel="sms")
        self.appointment(patient, hours=20)
        self.messages._cron_send_reminders()
        return self.sent(patient)

    def sms_of(self, message):
        return self.env["sms.sms"].search([("uuid", "=", message.sms_uuid)])

    def test_reminder_waits_until_a_provider_is_set_then_goes_once(self):
        message = self.remind("699 100 501")
        self.assertEqual((message.channel, message.state, message.attempt_count), ("sms", "queued", 0))
        self.assertEqual(message.error, NO_PROVIDER)
        self.assertFalse(self.sms_of(message), "nothing in Odoo's SMS queue either")

        # Odoo's SMS queue and the retry job run: still nothing leaves.
        self.env["sms.sms"]._process_queue()
        with freeze_time(fields.Datetime.now() + timedelta(hours=1)):
            self.messages._cron_retry()
        self.assertEqual((message.state, message.error), ("queued", NO_PROVIDER))
        self.assertEqual(self.twilio.attempts, [])

        self.env.company.healthcare_sms_provider = "twilio"
        self.env["sms.sms"]._process_queue()
        self.assertEqual(message.state, "queued", "the retry job sends it, only it")
        self.messages._cron_retry()
        self.assertEqual((message.state, message.attempt_count, message.error), ("sent", 1, False))
        [sms] = self.sent_to("+34699100501")
        self.assertEqual(message.provider_ref, sms["sid"])
        self.assertIn("/clinic/appointment/", sms["Body"])
        self.assertEqual(self.sms_of(message).state, "pending", "Odoo's SMS is sent")

        self.env["sms.sms"]._process_queue()
        self.messages._cron_retry()
        self.messages._cron_send_reminders()
        self.assertEqual(self.twilio.attempts.count("+34699100501"), 1, "exactly once")

    def test_odoo_own_sms_wait_in_its_queue_until_a_provider_is_set(self):
        # A chatter or mass SMS: Odoo's IAP service is not reached (in tests it fails, which
        # would turn the SMS into an error), the SMS stays in the queue.
        chatter_sms = self.env["sms.sms"].create({"number": "+34699100503", "body": "Odoo's own SMS"})
        chatter_sms.send()
        self.env["sms.sms"]._process_queue()
        self.assertEqual((chatter_sms.state, chatter_sms.failure_type), ("outgoing", False))
        self.assertEqual(self.twilio.attempts, [])

        self.env.company.healthcare_sms_provider = "twilio"
        self.env["sms.sms"]._process_queue()
        self.env["sms.sms"]._process_queue()
        self.assertEqual(chatter_sms.state, "pending")
        self.assertEqual(self.twilio.attempts.count("+34699100503"), 1)

    def test_twilio_without_its_credentials_sends_nothing(self):
        self.env.company.write({"healthcare_sms_provider": "twilio", "twilio_auth_token": False})
        message = self.remind("699 100 504")
        self.assertEqual(message.state, "queued")
        self.assertIn("Twilio is not fully configured", message.error)
        self.assertEqual(self.twilio.attempts, [])

    def test_odoo_sms_chosen_in_settings_reports_its_answer(self):
        message = self.remind("699 100 505")
        self.env.company.healthcare_sms_provider = "odoo"
        self.messages._cron_retry()
        # Odoo's IAP service refuses every call during tests: a server error, tried again later.
        self.assertEqual((message.state, message.attempt_count), ("queued", 1))
        self.assertTrue(message.error.startswith("Odoo SMS: "), message.error)
        self.assertAlmostEqual((message.next_attempt - fields.Datetime.now()).total_seconds(), 5 * 60, delta=5)
        self.assertEqual(self.twilio.attempts, [])

    def test_failed_sms_cannot_be_sent_again_without_a_provider(self):
        message = self.remind("699 100 506")
        message.write({"state": "failed", "next_attempt": False})
        with self.assertRaisesRegex(UserError, "No SMS provider configured"):
            message.action_retry()
        self.assertEqual(message.state, "failed")

    def test_whatsapp_message_without_the_account_waits(self):
        whatsapp = self.enterContext(FakeWhatsapp())
        self.env.company.whatsapp_api_url = whatsapp.url  # the URL only: no phone number ID, no token
        patient = self.patient(mobile="699 100 507", preferred_channel="whatsapp")
        template = self.env["healthcare.whatsapp.template"].search([], limit=1)
        message = self.messages.create(
            {
                "key": "test:whatsapp",
                "patient_id": patient.id,
                "kind": "reminder",
                "channel": "whatsapp",
                "recipient": "+34699100507",
                "whatsapp_template_id": template.id,
                "whatsapp_params": ["Lucía"],
                "next_attempt": fields.Datetime.now() - timedelta(minutes=1),
            }
        )
        self.messages._cron_retry()
        message._send_whatsapp()
        self.assertEqual((message.state, message.attempt_count), ("queued", 0))
        self.assertIn("No WhatsApp account configured", message.error)
        self.assertEqual(whatsapp.attempts, [])
        self.assertEqual(self.messages._channel_for(patient, kind="reminder"), "sms", "no WhatsApp chosen either")

    def test_a_provider_set_late_sends_nothing_out_of_date(self):
        past = self.remind("699 100 511")
        self.assertEqual(past.state, "queued")
        recent = self.remind("699 100 512")
        # The first appointment began before the clinic set a provider; the second one is ahead.
        past.calendar_event_id.write(
            {"start": fields.Datetime.now() - timedelta(hours=1), "stop": fields.Datetime.now()}
        )
        self.env.company.write({"healthcare_sms_provider": "twilio", "healthcare_send_from": 0.0})
        self.env.company.healthcare_send_until = 0.5
        with freeze_time(fields.Datetime.now().replace(hour=12)):
            self.messages._cron_retry()  # outside the sending hours (Madrid 0:00-0:30): nothing
        self.assertEqual((past.state, recent.state), ("queued", "queued"))
        self.env.company.healthcare_send_until = 24.0
        self.messages._cron_retry()
        self.assertEqual(past.state, "failed")
        self.assertIn("too late", past.error)
        self.assertEqual(recent.state, "sent")
        # (Messages the demo data queued at install may go too: only these two patients are looked at.)
        self.assertEqual(
            [number for number in self.twilio.attempts if number.startswith("+346991005")], ["+34699100512"]
        )

    def test_a_message_that_waited_days_is_not_sent(self):
        message = self.remind("699 100 513")
        self.env.cr.execute(
            "UPDATE healthcare_message SET create_date = create_date - interval '3 days' WHERE id = %s", [message.id]
        )
        message.invalidate_recordset()
        self.env.company.healthcare_sms_provider = "twilio"
        self.messages._cron_retry()
        self.assertEqual(message.state, "failed")
        self.assertNotIn("+34699100513", self.twilio.attempts)
