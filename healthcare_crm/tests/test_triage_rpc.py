from odoo.tests import tagged

from .common import RpcCase


@tagged("post_install", "-at_install")
class TestTriageRpc(RpcCase):
    """Who reads a red-flag triage over HTTP: the answers are health data (docs/security.md)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = cls.role_user("receptionist", login="triage_rpc_desk")
        cls.marketing = cls.role_user("marketing", login="triage_rpc_marketing")
        cls.marketing.groups_id += cls.env.ref("base.group_allow_export")  # so that only the field stops her
        cls.employee = cls.role_user("employee", login="triage_rpc_employee")
        cls.clinician = cls.role_user("clinician", login="triage_rpc_clinician")
        cls.manager = cls.role_user("manager", login="triage_rpc_manager")
        cls.patient = cls.env["res.partner"].create({"name": "Nuria Blanco Gil", "is_patient": True})
        cls.chest_pain = cls.env.ref("healthcare_crm.triage_general_chest_pain")

    def log_symptom_call(self, yes=()):
        """The receptionist logs the call as the web client does: the dialog's record, then Log."""
        questions = self.env["healthcare.triage.question"].search([("list_id.active", "=", True)])
        values = {
            "partner_id": self.patient.id,
            "channel": "call",
            "direction": "inbound",
            "reason": "symptom",
            "summary": "Calls about a pain.",
            "no_followup": True,
            "triage_line_ids": [
                (0, 0, {"sequence": index, "question_id": question.id, "answer": "yes" if question in yes else "no"})
                for index, question in enumerate(questions)
            ],
        }
        context = {"active_model": "res.partner", "active_id": self.patient.id, "default_partner_id": self.patient.id}
        wizard_id = self.call_kw(self.receptionist, "healthcare.interaction.log", "create", values, context=context)
        self.call_kw(self.receptionist, "healthcare.interaction.log", "action_log", [wizard_id], context=context)
        return self.patient.interaction_ids

    def test_the_desk_records_the_triage_and_reads_only_its_result(self):
        interaction = self.log_symptom_call(yes=self.chest_pain)
        self.assertEqual(interaction.sudo().triage_disposition, "call_112")
        self.assertEqual(interaction.sudo().triage_user_id, self.receptionist)
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                [row] = call(
                    self.receptionist, "healthcare.interaction", "read", [interaction.id], ["reason", "triage_result"]
                )
                self.assertEqual((row["reason"], row["triage_result"]), ("symptom", "call_112"))
                self.assertRpcRefused(
                    call, self.receptionist, "healthcare.interaction", "read", [interaction.id], ["triage_disposition"]
                )
                self.assertRpcRefused(
                    call, self.receptionist, "healthcare.triage.answer", "search_read", [], ["answer"]
                )

    def test_the_desk_cannot_forge_a_triage(self):
        forged = {"partner_id": self.patient.id, "summary": "Forged", "triage_disposition": "routine"}
        self.assertRpcRefused(self.call_kw, self.receptionist, "healthcare.interaction", "create", forged)
        error = self.assertRpcRefused(
            self.jsonrpc, self.clinician, "healthcare.interaction", "create", forged, error="UserError"
        )
        self.assertIn("logging dialog", error.message)
        self.assertFalse(self.patient.interaction_ids)
        interaction = self.log_symptom_call()
        answer = {"interaction_id": interaction.id, "question": "Forged?", "answer": "no", "disposition": "routine"}
        self.assertRpcRefused(self.jsonrpc, self.receptionist, "healthcare.triage.answer", "create", answer)
        self.assertEqual(len(interaction.sudo().triage_answer_ids.filtered(lambda a: a.question == "Forged?")), 0)

    def test_marketing_reads_nothing_of_the_triage(self):
        interaction = self.log_symptom_call(yes=self.chest_pain)
        Interaction = "healthcare.interaction"
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                [row] = call(self.marketing, Interaction, "read", [interaction.id], ["summary", "triage_result"])
                self.assertFalse(row["triage_result"], "marketing is a receptionist in the groups, not at the desk")
                self.assertRpcRefused(
                    call, self.marketing, Interaction, "read", [interaction.id], ["triage_disposition"]
                )
                self.assertRpcRefused(
                    call, self.marketing, Interaction, "search", [("triage_disposition", "=", "call_112")]
                )
                self.assertRpcRefused(
                    call, self.marketing, Interaction, "read_group", [], ["summary:count"], ["triage_disposition"]
                )
                self.assertRpcRefused(
                    call, self.marketing, Interaction, "export_data", [interaction.id], ["triage_answer_ids/answer"]
                )
                self.assertRpcRefused(call, self.marketing, "healthcare.triage.answer", "search_read", [], ["answer"])
                self.assertRpcRefused(
                    call, self.marketing, "healthcare.triage.answer", "read_group", [], ["answer"], ["answer"]
                )

    def test_a_plain_employee_reads_no_triage(self):
        interaction = self.log_symptom_call(yes=self.chest_pain)
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                self.assertRpcRefused(
                    call, self.employee, "healthcare.interaction", "read", [interaction.id], ["triage_result"]
                )
                self.assertRpcRefused(call, self.employee, "healthcare.triage.answer", "search_read", [], ["answer"])

    def test_clinicians_and_managers_read_the_answers(self):
        interaction = self.log_symptom_call(yes=self.chest_pain)
        for user in (self.clinician, self.manager):
            for via, call in self.both_rpcs():
                with self.subTest(user=user.login, via=via):
                    [row] = call(
                        user,
                        "healthcare.interaction",
                        "read",
                        [interaction.id],
                        ["triage_disposition", "triage_user_id"],
                    )
                    self.assertEqual(row["triage_disposition"], "call_112")
                    self.assertEqual(row["triage_user_id"][0], self.receptionist.id)
                    answers = call(
                        user,
                        "healthcare.triage.answer",
                        "search_read",
                        [("interaction_id", "=", interaction.id), ("answer", "=", "yes")],
                        ["question", "disposition"],
                    )
                    self.assertEqual([a["question"] for a in answers], [self.chest_pain.name])
                    groups = call(
                        user, "healthcare.interaction", "read_group", [("id", "=", interaction.id)],
                        ["summary:count"], ["triage_disposition"],
                    )  # fmt: skip
                    self.assertEqual(groups[0]["triage_disposition"], "call_112")
                    self.assertRpcRefused(
                        call, user, "healthcare.triage.answer", "write", [a["id"] for a in answers], {"answer": "no"}
                    )

    def test_managers_edit_the_lists_and_the_desk_reads_them(self):
        general = self.env.ref("healthcare_crm.triage_list_general")
        question = {"list_id": general.id, "name": "Fever over 40?", "disposition": "today", "script": "Come today."}
        question_id = self.call_kw(self.manager, "healthcare.triage.question", "create", question)
        self.call_kw(
            self.clinician, "healthcare.triage.question", "write", [question_id], {"disposition": "within_24h"}
        )
        rows = self.jsonrpc(self.receptionist, "healthcare.triage.question", "read", [question_id], ["disposition"])
        self.assertEqual(rows[0]["disposition"], "within_24h")
        self.assertRpcRefused(
            self.call_kw, self.receptionist, "healthcare.triage.question", "write", [question_id], {"name": "x"}
        )
        self.assertRpcRefused(self.jsonrpc, self.marketing, "healthcare.triage.list", "unlink", [general.id])
