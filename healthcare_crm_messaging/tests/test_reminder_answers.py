import time
from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from ..models.healthcare_inbound_message import keyword
from .common import InboundCase


@tagged("post_install", "-at_install")
class TestReminderAnswers(InboundCase):
    """A patient answers a reminder with a word: the appointment or their consent follows."""

    def setUp(self):
        super().setUp()
        self.lucia = self.patient(mobile="699 100 601")
        self.event = self.appointment(self.lucia)

    def whatsapp_texts(self):
        return [m["text"]["body"] for m in self.whatsapp.messages if m["type"] == "text"]

    def sms_texts(self, number):
        return [m["Body"] for m in self.twilio.messages if m["To"] == number]

    def test_keywords_ignore_case_accents_and_punctuation(self):
        for text in ("SÍ", "si", " Sí. ", "¡Sí!", "CONFIRMO", "confirmo!!", "1"):
            self.assertEqual(keyword(text), "confirm", text)
        for text in ("NO", "No.", "cancelar", "Cancelar", "2"):
            self.assertEqual(keyword(text), "cancel", text)
        for text in ("BAJA", "baja", "STOP", "Stop."):
            self.assertEqual(keyword(text), "optout", text)
        for text in ("Sí, pero más tarde", "no puedo el martes", "12", "", None, "sip"):
            self.assertIsNone(keyword(text), text)

    def test_si_on_whatsapp_confirms_the_last_reminded_appointment_once(self):
        message = self.text("34699100601", "¡Sí!", message_id="wamid.SI")
        self.assertEqual(self.post_whatsapp([message]).status_code, 200)
        self.assertEqual(self.event.attendance, "confirmed")
        received = self.received(self.lucia)
        self.assertEqual((received.answer, received.calendar_event_id, received.is_read), ("confirm", self.event, True))
        confirmation = self.history(self.lucia).filtered("calendar_event_id")
        self.assertEqual(confirmation.channel, "whatsapp")
        self.assertIn("confirmed the appointment by answering the reminder", confirmation.summary)
        self.assertFalse(self.lucia.activity_ids, "nothing left for the desk")
        [answer] = self.whatsapp_texts()
        self.assertIn("queda confirmada", answer, "a short acknowledgement in Spanish, as free text")
        self.assertIn(self.event.patient_local_start_text, answer)
        reply = self.env["healthcare.message"].search([("patient_id", "=", self.lucia.id), ("kind", "=", "reply")])
        self.assertEqual((reply.channel, reply.state, reply.recipient), ("whatsapp", "sent", "+34699100601"))

        self.post_whatsapp([message])  # Meta delivers the same webhook again
        self.assertEqual(len(self.received(self.lucia)), 1)
        self.assertEqual(len(self.whatsapp_texts()), 1, "acknowledged once")
        self.assertEqual(len(self.history(self.lucia)), 2, "the message and the confirmation, once each")

    def test_a_reminder_button_reply_confirms(self):
        reply = {
            "from": "34699100601",
            "id": "wamid.BUTTON",
            "timestamp": str(int(time.time())),
            "type": "button",
            "button": {"text": "Confirmar", "payload": "CONFIRM"},
        }
        self.post_whatsapp([reply])
        self.assertEqual(self.event.attendance, "confirmed")
        self.assertEqual(self.received(self.lucia).message_type, "button")

        pablo = self.patient("Pablo Ruiz", mobile="699 100 602")
        event = self.appointment(pablo)
        interactive = {
            "from": "34699100602",
            "id": "wamid.INTERACTIVE",
            "timestamp": str(int(time.time())),
            "type": "interactive",
            "interactive": {"type": "button_reply", "button_reply": {"id": "cancel", "title": "Cancelar cita"}},
        }
        self.post_whatsapp([interactive])
        self.assertEqual(event.attendance, "cancelled")

    def test_only_the_appointment_of_the_last_reminder_moves(self):
        later = self.appointment(self.lucia, hours=60)
        self.post_sms("+34699100601", "1")
        self.assertEqual((self.event.attendance, later.attendance), ("scheduled", "confirmed"))

    def test_no_by_sms_cancels_and_asks_the_desk_to_rebook(self):
        self.event.user_id = self.env.ref("base.user_admin")
        response = self.post_sms("+34699100601", "  CANCELAR  ")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.event.attendance, "cancelled")
        [task] = self.lucia.activity_ids
        self.assertEqual(task.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertIn("Rebook", task.summary)
        self.assertEqual(task.user_id, self.event.user_id)
        [answer] = self.sms_texts("+34699100601")
        self.assertIn("cancelada", answer)
        sent = self.history(self.lucia, "outbound")
        self.assertEqual(sent.channel, "sms", "the acknowledgement is in the history")
        self.assertTrue(sent.summary.startswith("Mensaje de respuesta automática enviado: "), sent.summary)

    def test_baja_withdraws_the_channel_marketing_consent_and_reminders_keep_coming(self):
        Consent = self.env["healthcare.consent"]
        Consent.create({"partner_id": self.lucia.id, "purpose": "whatsapp", "state": "given"})
        Consent.create({"partner_id": self.lucia.id, "purpose": "sms", "state": "given"})
        self.post_whatsapp([self.text("34699100601", "BAJA", message_id="wamid.BAJA")])
        self.assertEqual((self.lucia.consent_whatsapp, self.lucia.consent_sms), ("withdrawn", "given"))
        withdrawal = Consent.search([("partner_id", "=", self.lucia.id), ("state", "=", "withdrawn")])
        self.assertEqual(withdrawal.source, "whatsapp")
        self.assertIn("wamid.BAJA", withdrawal.evidence)
        self.assertIn("BAJA", withdrawal.evidence)
        self.assertEqual(self.event.attendance, "scheduled", "an opt-out is not a cancellation")
        self.assertIn("recordatorios", self.whatsapp_texts()[0])

        self.post_sms("+34699100601", "Stop")
        self.assertEqual(self.lucia.consent_sms, "withdrawn")
        self.assertEqual(Consent.search([("partner_id", "=", self.lucia.id)], limit=1).source, "sms")
        messages = self.env["healthcare.message"]
        self.assertIsNone(messages._channel_for(self.lucia, wanted="sms", marketing=True, fallback=False))
        self.assertEqual(messages._channel_for(self.lucia, wanted="sms"), "sms", "reminders still reach her")
        self.assertFalse(self.env["phone.blacklist"].search([("number", "=", "+34699100601")]))

        self.post_sms("+34699100601", "Stop", sid="SMSTOPAGAIN")
        self.post_sms("+34699100601", "Stop", sid="SMSTOPAGAIN")
        self.assertEqual(len(self.sms_texts("+34699100601")), 2, "each opt-out acknowledged once")

    def test_anything_else_goes_to_the_desk_unread(self):
        self.post_whatsapp([self.text("34699100601", "Sí, pero ¿puede ser por la tarde?")])
        self.assertEqual(self.event.attendance, "scheduled")
        message = self.received(self.lucia)
        self.assertEqual((message.answer, message.is_read), (False, False))
        self.assertEqual(len(self.lucia.activity_ids), 1)
        self.assertFalse(self.whatsapp.messages, "no automatic answer")

    def test_an_answer_without_a_reminded_appointment_goes_to_the_desk(self):
        marta = self.patient("Marta Gil", mobile="699 100 603")
        self.appointment(marta, remind=False)  # booked, but never reminded
        past = self.appointment(marta, hours=-2)
        self.post_sms("+34699100603", "SI")
        self.assertEqual(past.attendance, "scheduled")
        message = self.received(marta)
        self.assertEqual((message.answer, message.is_read), (False, False))
        self.assertTrue(marta.activity_ids)
        self.assertFalse(self.sms_texts("+34699100603"))

    def test_whatsapp_acknowledges_only_inside_the_24_hour_window(self):
        yesterday = time.time() - 25 * 3600
        self.post_whatsapp([self.text("34699100601", "SI", timestamp=yesterday)])  # delivered a day late
        self.assertEqual(self.event.attendance, "confirmed", "the answer counts")
        self.assertFalse(self.whatsapp.messages, "outside the window only a template may go")
        self.assertFalse(self.env["healthcare.message"].search([("kind", "=", "reply")]))

    def test_an_acknowledgement_whatsapp_could_not_take_is_not_sent_once_the_window_closed(self):
        self.env.company.write({"healthcare_send_from": 0.0, "healthcare_send_until": 24.0})
        self.whatsapp.mode = "down"
        self.post_whatsapp([self.text("34699100601", "Sí")])
        reply = self.env["healthcare.message"].search([("kind", "=", "reply")])
        self.assertEqual((reply.state, reply.attempt_count), ("queued", 1), "to be tried again")
        self.whatsapp.mode = "up"
        with freeze_time(self.lucia.whatsapp_last_inbound + timedelta(hours=24, minutes=1)):
            self.env["healthcare.message"]._cron_retry()
        self.assertEqual(reply.state, "failed")
        self.assertFalse(self.whatsapp_texts(), "free text outside the window: WhatsApp would refuse it")
