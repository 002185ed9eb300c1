import time

from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.tests import tagged

from .fake_providers import (
    FakeWhatsapp,
)


@tagged("post_install", "-at_install")
class TestConversationAccess(RpcCase):
    """Who works the inbox, over HTTP as each role (docs/security.md): the clinic's staff of the
    patient's company read, take and answer conversations, marketing included as it reaches what
    the desk does; managers alone delete them; other employees and other companies see nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.south = cls.env["res.company"].create({"name": "Clínica Sur"})
        cls.desk = cls.role_user("receptionist", login="inbox_rpc_desk")
        cls.south_desk = cls.role_user("receptionist", login="inbox_rpc_south", company=cls.south)
        cls.marketing = cls.role_user("marketing", login="inbox_rpc_marketing")
        cls.clinician = cls.role_user("clinician", login="inbox_rpc_clinician")
        cls.manager = cls.role_user("manager", login="inbox_rpc_manager")
        cls.employee = cls.role_user("employee", login="inbox_rpc_employee")
        cls.patient = cls.env["res.partner"].create(
            {"name": "Rocío Prieto", "is_patient": True, "mobile": "+34699100900"}
        )
        cls.env["healthcare.inbound.message"].sudo()._receive(
            [
                {
                    "channel": "whatsapp",
                    "provider_ref": "wamid.INBOX1",
                    "sender": "+34699100900",
                    "profile_name": None,
                    "timestamp": int(time.time()),
                    "message_type": "text",
                    "answer": None,
                    "media": [],
                    "text": "¿Me dais cita para una limpieza?",
                }
            ]
        )
        cls.conversation = cls.env["healthcare.conversation"].search([("partner_id", "=", cls.patient.id)])

    def setUp(self):
        super().setUp()
        self.whatsapp = self.enterContext(FakeWhatsapp())
        self.whatsapp.configure(self.env.company)

    def reply(self, call, user, text):
        """What the web client does with the reply box: create it with its context, then Send."""
        context = {
            "active_model": "healthcare.conversation",
            "active_id": self.conversation.id,
            "active_ids": self.conversation.ids,
            "default_conversation_id": self.conversation.id,
        }
        wizard_id = call(user, "healthcare.conversation.reply", "create", [{"body": text}], context=context)
        return call(user, "healthcare.conversation.reply", "action_send", wizard_id)

    def test_the_desk_works_the_inbox(self):
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                rows = call(
                    self.desk,
                    "healthcare.conversation",
                    "search_read",
                    [("partner_id", "=", self.patient.id), ("unread_count", ">", 0)],
                    ["partner_id", "channel", "unread_count", "last_message", "state"],
                )
                self.assertEqual(len(rows), 1)
                self.assertEqual(rows[0]["last_message"], "¿Me dais cita para una limpieza?")
                self.assertRpcRefused(call, self.desk, "healthcare.conversation", "unlink", self.conversation.ids)
        self.call_kw(self.desk, "healthcare.conversation", "action_assign_to_me", self.conversation.ids)
        self.assertEqual(self.conversation.user_id, self.desk)
        self.reply(self.call_kw, self.desk, "Claro, ¿le va bien el martes a las 10?")
        self.assertEqual(self.whatsapp.messages[-1]["text"]["body"], "Claro, ¿le va bien el martes a las 10?")
        self.env.invalidate_all()
        self.assertEqual((self.conversation.state, self.conversation.unread_count), ("waiting", 0))
        self.jsonrpc(self.desk, "healthcare.conversation", "action_close", self.conversation.ids)
        self.assertEqual(self.conversation.state, "closed")
        quick = self.jsonrpc(self.desk, "mail.canned.response", "search_read", [("is_shared", "=", True)], ["source"])
        self.assertTrue(
            {"horario", "direccion", "como_llegar", "primera_visita", "financiacion"}
            <= {row["source"] for row in quick}
        )

    def test_marketing_and_clinicians_reach_it_as_the_desk(self):
        for user in (self.marketing, self.clinician):
            with self.subTest(user=user.login):
                rows = self.jsonrpc(user, "healthcare.conversation", "search_read", [], ["partner_id"])
                self.assertIn(self.patient.id, [row["partner_id"][0] for row in rows])
        self.reply(self.jsonrpc, self.marketing, "Le llamamos ahora")
        self.assertEqual(len(self.whatsapp.messages), 1)

    def test_managers_delete_and_edit_quick_replies(self):
        hours = self.env.ref("healthcare_crm_messaging.quick_reply_hours")
        self.call_kw(self.manager, "mail.canned.response", "write", hours.ids, {"substitution": "De 8 a 20 h."})
        self.assertEqual(hours.substitution, "De 8 a 20 h.")
        self.assertRpcRefused(
            self.call_kw, self.desk, "mail.canned.response", "write", hours.ids, {"substitution": "Nunca"}
        )
        self.call_kw(self.manager, "healthcare.conversation", "unlink", self.conversation.ids)
        self.assertFalse(self.conversation.exists())

    def test_other_employees_and_companies_see_nothing(self):
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                self.assertEqual(
                    call(self.south_desk, "healthcare.conversation", "search_read", [], ["partner_id"]), []
                )
                self.assertRpcRefused(call, self.employee, "healthcare.conversation", "search_read", [], ["state"])
                self.assertRpcRefused(
                    call,
                    self.employee,
                    "healthcare.conversation.reply",
                    "create",
                    [{"conversation_id": self.conversation.id, "body": "Hola"}],
                )
        self.assertFalse(self.whatsapp.messages)
