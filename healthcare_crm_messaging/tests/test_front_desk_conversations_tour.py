from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .fake_providers import (
    FakeWhatsapp,
)


@tagged("post_install", "-at_install")
class TestFrontDeskConversationsTour(HttpCase):
    """Issue 16's acceptance tour, in real Chromium and in Spanish: the desk answers a WhatsApp in
    the inbox, then triages the same patient's call (static/src/js/tours/front_desk_conversations_tour.js)."""

    def setUp(self):
        super().setUp()
        self.conversation = self.env.ref("healthcare_crm_messaging.conversation_demo_carmen", raise_if_not_found=False)
        if not self.conversation:
            self.skipTest("the demo data is not installed")
        self.whatsapp = self.enterContext(FakeWhatsapp())
        self.whatsapp.configure(self.env.company)
        if not self.env["res.lang"]._lang_get("es_ES").active:
            self.env["res.lang"]._activate_lang("es_ES")
        self.receptionist = new_test_user(
            self.env,
            login="tour_front_desk_talks",
            name="Nuria Tour Recepción",
            groups="healthcare_crm.group_healthcare_receptionist",
            lang="es_ES",
            tz="Europe/Madrid",
        )
        # The demo's times count from the installation: Carmen wrote an hour ago, whenever this runs.
        self.carmen = self.conversation.partner_id
        self.carmen.whatsapp_last_inbound = fields.Datetime.now() - timedelta(hours=1)
        self.conversation.write({"state": "open", "last_message_at": fields.Datetime.now() - timedelta(hours=1)})
        self.conversation.inbound_message_ids.write({"is_read": False})
        # A short checklist for the tour: three general red flags, the lips swelling third.
        asked = (
            self.env.ref("healthcare_crm.triage_general_chest_pain")
            | self.env.ref("healthcare_crm.triage_general_stroke")
            | self.env.ref("healthcare_crm.triage_general_anaphylaxis")
        )
        (self.env["healthcare.triage.question"].search([]) - asked).active = False

    def test_the_desk_answers_a_whatsapp_then_triages_a_call(self):
        before = self.carmen.interaction_ids
        self.start_tour("/odoo", "healthcare_crm_front_desk_conversations_tour", login=self.receptionist.login)

        [sent] = self.whatsapp.messages
        self.assertEqual((sent["type"], sent["to"]), ("text", "34612345678"))
        self.assertEqual(sent["text"]["body"], self.env.ref("healthcare_crm_messaging.quick_reply_hours").substitution)
        self.assertEqual((self.conversation.state, self.conversation.unread_count), ("waiting", 0))
        reply = self.conversation.reply_ids
        self.assertEqual((reply.state, reply.create_uid), ("sent", self.receptionist))

        call = (self.carmen.interaction_ids - before).sudo().filtered(lambda i: i.reason == "symptom")
        self.assertRecordValues(
            call,
            [{"direction": "inbound", "triage_disposition": "call_112", "user_id": self.receptionist.id}],
        )
        yes = call.triage_answer_ids.filtered(lambda line: line.answer == "yes")
        self.assertEqual(yes.question_id, self.env.ref("healthcare_crm.triage_general_anaphylaxis"))
        urgent = self.env.ref("healthcare_crm.mail_activity_type_triage_urgent")
        alert = self.carmen.activity_ids.filtered(lambda activity: activity.activity_type_id == urgent)
        self.assertTrue(alert)
        self.assertLessEqual(alert.user_id, self.env.ref("healthcare_crm.group_healthcare_clinician").users)
