"""Who reaches patient requests and the knowledge base, over HTTP as each role (see
docs/security.md): a clinical question's text is for clinicians and managers only."""

from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestRequestAccess(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: cls.role_user(role) for role in ("receptionist", "clinician", "marketing", "employee", "manager")
        }
        cls.patient = cls.env["res.partner"].create({"name": "Lucía Navarro Acceso", "is_patient": True})
        cls.clinical = cls.env.ref("healthcare_crm_messaging.request_type_clinical")
        cls.billing = cls.env.ref("healthcare_crm_messaging.request_type_billing")
        cls.article = cls.env["healthcare.kb.article"].create(
            {"name": "Aseguradoras concertadas", "category": "insurers", "body": "Sanitas, Adeslas y DKV."}
        )
        cls.article.action_approve()

    def create_clinical_question(self):
        return self.call_kw(
            self.users["receptionist"],
            "healthcare.request",
            "create",
            {
                "name": "Pregunta por su medicación",
                "patient_id": self.patient.id,
                "type_id": self.clinical.id,
                "description": "Toma Sintrom: ¿puede hacerse la extracción?",
            },
        )

    def test_the_desk_logs_a_clinical_question_it_cannot_read_back(self):
        request_id = self.create_clinical_question()
        for name, call in self.both_rpcs():
            with self.subTest(rpc=name):
                [row] = call(
                    self.users["receptionist"], "healthcare.request", "read", [request_id], ["name", "description"]
                )
                self.assertEqual(row["name"], "Pregunta por su medicación")
                self.assertFalse(row["description"])
                self.assertRpcRefused(
                    call,
                    self.users["receptionist"],
                    "healthcare.request",
                    "read",
                    [request_id],
                    ["clinical_description"],
                )
                self.assertRpcRefused(
                    call, self.users["marketing"], "healthcare.request", "read", [request_id], ["clinical_description"]
                )
                for role in ("clinician", "manager"):
                    [row] = call(self.users[role], "healthcare.request", "read", [request_id], ["clinical_description"])
                    self.assertEqual(row["clinical_description"], "Toma Sintrom: ¿puede hacerse la extracción?")

    def test_roles_on_requests(self):
        request_id = self.create_clinical_question()
        self.assertEqual(
            self.call_kw(self.users["marketing"], "healthcare.request", "search_count", [("id", "=", request_id)]), 1
        )
        self.assertRpcRefused(
            self.call_kw, self.users["employee"], "healthcare.request", "read", [request_id], ["name"]
        )
        self.assertRpcRefused(self.jsonrpc, self.users["employee"], "healthcare.request", "search", [])
        self.assertRpcRefused(self.call_kw, self.users["receptionist"], "healthcare.request", "unlink", [request_id])
        self.assertRpcRefused(
            self.call_kw,
            self.users["receptionist"],
            "healthcare.request.type",
            "write",
            [self.billing.id],
            {"sla_hours": 1},
        )
        self.assertTrue(self.call_kw(self.users["manager"], "healthcare.request", "unlink", [request_id]))

    def test_roles_on_the_knowledge_base(self):
        for role in ("receptionist", "clinician", "marketing", "manager"):
            with self.subTest(role=role):
                found = self.call_kw(self.users[role], "healthcare.kb.article", "search_answers", "Adeslas")
                self.assertIn(self.article.id, [answer["id"] for answer in found])
        self.assertRpcRefused(
            self.call_kw, self.users["employee"], "healthcare.kb.article", "search_answers", "Adeslas"
        )
        self.assertRpcRefused(
            self.jsonrpc, self.users["receptionist"], "healthcare.kb.article", "write", [self.article.id], {"body": "x"}
        )
        self.assertRpcRefused(
            self.call_kw,
            self.users["receptionist"],
            "healthcare.kb.article",
            "action_approve",
            [self.article.id],
            error="UserError",
        )

    def test_the_personal_data_export_lists_the_requests(self):
        self.create_clinical_question()
        data = self.jsonrpc(self.users["manager"], "res.partner", "healthcare_personal_data_export", [self.patient.id])
        [request] = data["requests"]
        self.assertEqual(request["type_id"], "Clinical Question")
        self.assertEqual(request["clinical_description"], "Toma Sintrom: ¿puede hacerse la extracción?")
