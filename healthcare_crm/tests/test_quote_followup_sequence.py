from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestQuoteFollowupSequence(TransactionCase):
    """The follow-up of a real 12,025 € quote of a Spanish dental clinic, replayed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "healthcare_crm.group_healthcare_receptionist"
        cls.receptionist = new_test_user(cls.env, login="hc_seq_desk", groups=groups, lang="en_US")
        cls.ramon = new_test_user(cls.env, login="hc_seq_ramon", groups=groups, lang="en_US", name="Ramón")
        cls.patient = cls.env["res.partner"].create({"name": "Paciente Presupuesto", "is_patient": True})
        product = cls.env["product.product"].create({"name": "Rehabilitación con implantes", "list_price": 12025.0})
        with freeze_time("2018-08-25"):
            cls.quote = cls.env["sale.order"].create(
                {
                    "partner_id": cls.patient.id,
                    "date_order": datetime(2018, 8, 25, 10, 0),
                    "user_id": cls.receptionist.id,
                    "order_line": [(0, 0, {"product_id": product.id, "tax_id": [(5, 0, 0)]})],
                }
            )
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.whatsapp = cls.env.ref("healthcare_crm.mail_activity_type_whatsapp")

    def _log(self, when, channel, summary, *, next_type, next_date, next_user, next_note):
        with freeze_time(when):
            action = self.quote.with_user(self.receptionist).action_log_followup()
            wizard = self.env[action["res_model"]].with_user(self.receptionist).with_context(**action["context"])
            with Form(wizard) as form:
                form.date = datetime.fromisoformat(when)
                form.channel = channel
                form.outcome = "reached"
                form.summary = summary
                form.activity_type_id = next_type
                form.activity_date_deadline = next_date
                form.activity_user_id = next_user
                form.activity_note = next_note
            form.record.action_log()

    def test_the_sequence_leaves_one_next_task_and_the_actions_newest_first(self):
        self.assertEqual(self.quote.amount_total, 12025.0)
        self._log(
            "2018-09-02 11:00:00",
            "call",
            "Very interested; does not want our financing, will ask his bank.",
            next_type=self.whatsapp,
            next_date=date(2018, 9, 17),
            next_user=self.receptionist,
            next_note="Ask whether he saw it with his bank",
        )
        self._log(
            "2018-09-17 10:00:00",
            "whatsapp",
            "Gathering the money; call him in a month.",
            next_type=self.call,
            next_date=date(2018, 10, 17),
            next_user=self.ramon,
            next_note="Call him",
        )
        self._log(
            "2018-10-17 12:00:00",
            "call",
            "His mother broke a leg; will resume early next year.",
            next_type=self.call,
            next_date=date(2019, 1, 15),
            next_user=self.ramon,
            next_note="Ask about his mother",
        )

        actions = self.quote.interaction_ids
        self.assertEqual(actions.mapped("channel"), ["call", "whatsapp", "call"], "newest first")
        self.assertEqual(actions[0].date, datetime(2018, 10, 17, 12, 0))
        self.assertEqual(actions.partner_id, self.patient, "the actions are in the patient's history too")
        task = self.quote.activity_ids
        self.assertEqual(len(task), 1, "each action fulfils the task planned for it")
        self.assertEqual(task.activity_type_id, self.call)
        self.assertEqual(task.date_deadline, date(2019, 1, 15))
        self.assertEqual(task.user_id, self.ramon)
        self.assertIn("Ask about his mother", task.note)

    def test_an_open_quote_cannot_be_left_without_a_next_task(self):
        action = self.quote.with_user(self.receptionist).action_log_followup()
        wizard = self.env[action["res_model"]].with_user(self.receptionist).with_context(**action["context"])
        form = Form(wizard)
        with self.assertRaisesRegex(AssertionError, "invisible field 'no_followup'"):
            form.no_followup = True  # the dialog does not even offer it
        log = wizard.create({"summary": "Called, no news", "no_followup": True})
        with self.assertRaisesRegex(UserError, "still open: plan its next task"):
            log.action_log()
        self.assertFalse(self.quote.interaction_ids)

    def test_in_the_air_filter(self):
        with freeze_time("2018-08-26"):
            action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_quotes_in_the_air")
            view = self.env.ref("healthcare_crm.view_quote_pipeline_search")
            arch = view.arch
            domain_text = arch.split('name="in_the_air"', 1)[1].split('domain="', 1)[1].split('"', 1)[0]
            domain = safe_eval(domain_text.replace("&lt;", "<").replace("&gt;", ">")) + safe_eval(action["domain"])
            in_the_air = self.env["sale.order"].search(domain)
            self.assertIn(self.quote, in_the_air, "no next task: in the air")
            self.quote.activity_schedule("mail.mail_activity_data_call", date_deadline=date(2018, 9, 2))
            self.assertNotIn(self.quote, self.env["sale.order"].search(domain), "a task on time")
        with freeze_time("2018-09-10"):
            self.quote.invalidate_recordset()
            self.assertIn(self.quote, self.env["sale.order"].search(domain), "an overdue task: in the air again")
