from datetime import timedelta

from freezegun import freeze_time

from odoo import fields

from .common import MessagingCase


class TestSmsDelivery(MessagingCase):
    def remind(self, patient, hours=20):
        self.appointment(patient, hours)
        self.messages._cron_send_reminders()
        return self.sent(patient)

    def test_invalid_number_fails_at_once_with_the_provider_error(self):
        self.twilio.invalid_numbers.add("+34699100201")
        message = self.remind(self.patient(mobile="699 100 201", preferred_channel="sms"))
        self.assertEqual(message.state, "failed")
        self.assertIn("is not a valid phone number", message.error)
        self.assertFalse(message.next_attempt, "no retry for a number that does not exist")

    def test_provider_down_is_retried_with_backoff_then_sent(self):
        self.twilio.mode = "down"
        message = self.remind(self.patient(mobile="699 100 201", preferred_channel="sms"))
        self.assertEqual((message.state, message.attempt_count), ("queued", 1))
        self.assertIn("500", message.error)
        first_wait = message.next_attempt - fields.Datetime.now()
        self.assertAlmostEqual(first_wait.total_seconds(), 5 * 60, delta=5)

        self.messages._cron_retry()  # too early: nothing
        self.assertEqual(self.twilio.attempts.count("+34699100201"), 1)
        with freeze_time(message.next_attempt + timedelta(seconds=1)):
            self.messages._cron_retry()
            self.assertEqual((message.attempt_count, message.state), (2, "queued"))
            second_wait = message.next_attempt - fields.Datetime.now()
        self.assertAlmostEqual(second_wait.total_seconds(), 10 * 60, delta=5)

        self.twilio.mode = "up"
        with freeze_time(message.next_attempt + timedelta(seconds=1)):
            self.messages._cron_retry()
        self.assertEqual((message.state, message.attempt_count), ("sent", 3))
        [sms] = self.sent_to("+34699100201")
        self.assertEqual(message.provider_ref, sms["sid"])

    def test_time_out_is_retried_then_failed_after_the_last_attempt(self):
        self.twilio.slow_numbers.add("+34699100201")
        message = self.remind(self.patient(mobile="699 100 201", preferred_channel="sms"))
        self.assertEqual(message.state, "queued")
        self.assertIn("could not be reached", message.error)
        self.twilio.slow_numbers.clear()
        self.twilio.mode = "down"
        while message.state == "queued":
            with freeze_time(message.next_attempt + timedelta(seconds=1)):
                self.messages._cron_retry()
        self.assertEqual((message.state, message.attempt_count), ("failed", 5))
        self.assertFalse(self.sent_to("+34699100201"))
        self.assertEqual(self.twilio.attempts.count("+34699100201"), 5)

    def test_failed_message_can_be_sent_again_once_the_provider_is_back(self):
        self.twilio.mode = "down"
        message = self.remind(self.patient(mobile="699 100 201", preferred_channel="sms"))
        while message.state == "queued":
            with freeze_time(message.next_attempt + timedelta(seconds=1)):
                self.messages._cron_retry()
        self.assertEqual(message.state, "failed")
        self.twilio.mode = "up"
        message.action_retry()
        self.assertEqual((message.state, message.attempt_count), ("sent", 1))
        self.assertEqual(len(self.sent_to("+34699100201")), 1)
