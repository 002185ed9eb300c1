from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common import RpcCase


@tagged("post_install", "-at_install")
class TestInteractionHistory(RpcCase):
    """The contact history is evidence: only its author, shortly, or a manager corrects it, and
    every correction is tracked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.author = cls.role_user("receptionist", login="hist_author")
        cls.colleague = cls.role_user("receptionist", login="hist_colleague")
        cls.manager = cls.role_user("manager", login="hist_manager")
        cls.patient = cls.env["res.partner"].create({"name": "Marta Gil", "is_patient": True})

    def log(self):
        interaction_id = self.call_kw(
            self.author,
            "healthcare.interaction",
            "create",
            {"partner_id": self.patient.id, "channel": "call", "summary": "Acepta el presupuesto de ortodoncia"},
        )
        return self.env["healthcare.interaction"].browse(interaction_id)

    def age(self, interaction, minutes):
        self.env.cr.execute(
            "UPDATE healthcare_interaction SET create_date = now() at time zone 'UTC' - %s * interval '1 minute' "
            "WHERE id = %s",
            [minutes, interaction.id],
        )
        interaction.invalidate_recordset()

    def test_a_colleague_cannot_rewrite_it(self):
        interaction = self.log()
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                for values in ({"summary": "Rechaza el presupuesto"}, {"date": "2020-01-01 10:00:00"}):
                    error = self.assertRpcRefused(
                        call,
                        self.colleague,
                        "healthcare.interaction",
                        "write",
                        [interaction.id],
                        values,
                        error="UserError",
                    )
                    self.assertIn("cannot be rewritten", error.message)
                self.assertRpcRefused(call, self.colleague, "healthcare.interaction", "unlink", [interaction.id])
        interaction.invalidate_recordset()
        self.assertEqual(interaction.summary, "Acepta el presupuesto de ortodoncia")

    def test_the_author_corrects_shortly_and_it_is_tracked(self):
        interaction = self.log()
        self.call_kw(self.author, "healthcare.interaction", "write", [interaction.id], {"summary": "Acepta la fase 1"})
        self.assertRpcRefused(
            self.call_kw,
            self.author,
            "healthcare.interaction",
            "write",
            [interaction.id],
            {"user_id": self.colleague.id},
            error="UserError",
        )
        interaction.invalidate_recordset()
        self.assertEqual(interaction.summary, "Acepta la fase 1")
        tracking = interaction.message_ids.tracking_value_ids
        self.assertEqual(tracking.field_id.name, "summary")
        self.assertEqual(tracking.old_value_char or tracking.old_value_text, "Acepta el presupuesto de ortodoncia")
        self.assertEqual(interaction.message_ids.author_id, self.author.partner_id)

    def test_after_the_window_only_a_manager_corrects(self):
        interaction = self.log()
        self.age(interaction, 31)
        self.assertRpcRefused(
            self.jsonrpc,
            self.author,
            "healthcare.interaction",
            "write",
            [interaction.id],
            {"summary": "Otra cosa"},
            error="UserError",
        )
        self.call_kw(self.manager, "healthcare.interaction", "write", [interaction.id], {"outcome": "reached"})
        interaction.invalidate_recordset()
        self.assertEqual(interaction.outcome, "reached")
        self.assertEqual(interaction.message_ids.author_id, self.manager.partner_id, "the correction names who made it")

    def test_the_form_is_read_only_to_whoever_may_not_correct_it(self):
        interaction = self.log()
        with Form(interaction.with_user(self.colleague)) as form:
            with self.assertRaises(AssertionError, msg="the summary field is read-only"):
                form.summary = "Rechaza el presupuesto"
        with Form(interaction.with_user(self.author)) as form:
            form.summary = "Acepta la fase 1"
        self.assertEqual(interaction.summary, "Acepta la fase 1")

    def test_a_patients_history_is_read_in_order_from_its_index(self):
        """The form's contact history tab: one patient's rows, newest first, with no sort over them."""
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("SET LOCAL enable_sort = off")
        self.addCleanup(self.env.cr.execute, "RESET enable_seqscan; RESET enable_sort")
        interactions = self.env["healthcare.interaction"]
        query = interactions._search([("partner_id", "=", self.patient.id)], order=interactions._order)
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.assertIn("healthcare_interaction_partner_date_idx", plan)
        self.assertNotIn("Sort", plan)
