from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .fake_providers import (
    BUSINESS_ACCOUNT_ID,
    PHONE_NUMBER_ID,
    WHATSAPP_APP_SECRET,
    WHATSAPP_TOKEN,
    FakeWhatsapp,
)


@tagged("post_install", "-at_install")
class TestConversationInboxTour(HttpCase):
    """The receptionist answers a demo patient's WhatsApp from the inbox with a quick reply, in
    real Chromium (static/src/js/tours/conversation_inbox_tour.js), through a fake WhatsApp."""

    def setUp(self):
        super().setUp()
        self.conversation = self.env.ref("healthcare_crm_messaging.conversation_demo_carmen", raise_if_not_found=False)
        if not self.conversation:
            self.skipTest("the demo data is not installed")
        self.whatsapp = self.enterContext(FakeWhatsapp())
        self.env.company.write(
            {
                "whatsapp_api_url": self.whatsapp.url,
                "whatsapp_phone_number_id": PHONE_NUMBER_ID,
                "whatsapp_business_account_id": BUSINESS_ACCOUNT_ID,
                "whatsapp_token": WHATSAPP_TOKEN,
                "whatsapp_app_secret": WHATSAPP_APP_SECRET,
            }
        )
        if not self.env["res.lang"]._lang_get("es_ES").active:
            self.env["res.lang"]._activate_lang("es_ES")
        new_test_user(
            self.env,
            login="tour_inbox",
            name="Marta Tour Recepción",
            groups="healthcare_crm.group_healthcare_receptionist",
            lang="es_ES",
            tz="Europe/Madrid",
        )
        # The demo's times count from the installation: Carmen wrote an hour ago, whenever this runs.
        self.carmen = self.conversation.partner_id
        self.carmen.whatsapp_last_inbound = fields.Datetime.now() - timedelta(hours=1)
        self.conversation.write({"state": "open", "last_message_at": fields.Datetime.now() - timedelta(hours=1)})
        self.conversation.inbound_message_ids.write({"is_read": False})

    def test_the_desk_answers_a_whatsapp_with_a_quick_reply(self):
        self.start_tour("/odoo", "healthcare_crm_conversation_inbox_tour", login="tour_inbox")
        hours = self.env.ref("healthcare_crm_messaging.quick_reply_hours")
        self.assertEqual(len(self.whatsapp.messages), 1)
        sent = self.whatsapp.messages[0]
        self.assertEqual((sent["type"], sent["to"]), ("text", "34612345678"))
        self.assertEqual(sent["text"]["body"], hours.substitution)
        self.assertEqual(self.conversation.state, "waiting")
        self.assertEqual(self.conversation.unread_count, 0)
        reply = self.conversation.reply_ids
        self.assertEqual((reply.state, reply.create_uid.login), ("sent", "tour_inbox"))
