from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestInboundAccess(RpcCase):
    """Who reads what patients write, over HTTP as each role: the clinic's staff of the patient's
    company, as they read the contact history (docs/security.md); nobody else, prospects included."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.south = cls.env["res.company"].create({"name": "Clínica Sur"})
        cls.desk = cls.role_user("receptionist", login="inbound_desk")
        cls.south_desk = cls.role_user("receptionist", login="inbound_south", company=cls.south)
        cls.marketing = cls.role_user("marketing", login="inbound_marketing")
        cls.employee = cls.role_user("employee", login="inbound_employee")
        cls.patient = cls.env["res.partner"].create(
            {"name": "Rocío Prieto", "is_patient": True, "mobile": "+34699100800"}
        )
        base = {"channel": "whatsapp", "timestamp": None, "message_type": "text", "answer": None, "media": []}
        cls.received = (
            cls.env["healthcare.inbound.message"]
            .sudo()
            ._receive(
                [
                    {
                        **base,
                        "provider_ref": "wamid.A1",
                        "sender": "+34699100800",
                        "profile_name": None,
                        "text": "Me sangra la encía",
                    },
                    {
                        **base,
                        "provider_ref": "wamid.A2",
                        "sender": "+34699100801",
                        "profile_name": "Ana",
                        "text": "¿Precio?",
                    },
                ]
            )
        )
        cls.prospect = cls.received[1].partner_id

    def test_the_desk_reads_the_conversation_and_makes_the_prospect_a_patient(self):
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                rows = call(self.desk, "healthcare.inbound.message", "search_read", [], ["body", "partner_id"])
                self.assertEqual({row["body"] for row in rows}, {"Me sangra la encía", "¿Precio?"})
                chatter = call(
                    self.desk,
                    "mail.message",
                    "search_read",
                    [
                        ("model", "=", "res.partner"),
                        ("res_id", "=", self.patient.id),
                        ("author_id", "=", self.patient.id),
                    ],
                    ["body"],
                )
                self.assertIn("Me sangra la encía", chatter[0]["body"])
                self.assertRpcRefused(call, self.desk, "healthcare.inbound.message", "unlink", self.received.ids)
        self.call_kw(self.desk, "healthcare.inbound.message", "write", self.received[:1].ids, {"is_read": True})
        self.assertTrue(self.received[0].is_read)
        self.call_kw(self.desk, "res.partner", "action_make_patient", self.prospect.ids)
        self.assertTrue(self.prospect.is_patient)

    def test_marketing_reads_it_as_it_reads_the_contact_history(self):
        # docs/security.md: marketing reaches what the receptionist does (contact history included).
        rows = self.jsonrpc(self.marketing, "healthcare.inbound.message", "search_read", [], ["body"])
        self.assertEqual(len(rows), 2)

    def test_other_companies_and_other_employees_read_nothing(self):
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                self.assertEqual(call(self.south_desk, "healthcare.inbound.message", "search_read", [], ["body"]), [])
                self.assertRpcRefused(call, self.employee, "healthcare.inbound.message", "search_read", [], ["body"])
                prospects = call(self.employee, "res.partner", "search_read", [("is_prospect", "=", True)], ["name"])
                self.assertEqual(prospects, [], "someone who wrote in is not every employee's contact")
                self.assertRpcRefused(call, self.employee, "res.partner", "read", self.prospect.ids, ["name"])
