from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .web_client import view_specification

# Ceilings for what each screen costs as the web client calls it (assertQueryCount fails
# above them); each test also checks the count does not move when the data grows.
# The patient form: one count per smart button, those of the other addons included (informed
# consents, admission form, open requests), and the contact history's Triage column, which reads
# the recorded disposition (restricted to clinicians and managers) on its own, once: 28 before them.
PATIENT_FORM_QUERIES = 33
PATIENT_LIST_QUERIES = 13
PIPELINE_QUERIES = 41
IN_THE_AIR_QUERIES = 13


class ScreenCase(TransactionCase):
    """Counts the queries of a screen as the web client loads it, cold: record caches emptied,
    after one warm-up call has filled the ormcaches (views, access rules) a running server keeps."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.es")
        cls.receptionist = new_test_user(
            cls.env, login="hc_screens_desk", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        cls.manager = new_test_user(
            cls.env, login="hc_screens_manager", groups="healthcare_crm.group_healthcare_manager", lang="en_US"
        )
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    def queries(self, load):
        for _warm_up in range(2):
            load()
            self.env.flush_all()
            self.env.invalidate_all()
        before = self.cr.sql_log_count
        load()
        return self.cr.sql_log_count - before

    def assertConstant(self, load, grow, ceiling):
        """`load` costs the same number of queries before and after `grow` adds rows, and no
        more than `ceiling`."""
        small = self.queries(load)
        grow()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(ceiling):
            load()
        self.assertEqual(self.queries(load), small, "the query count grows with the data")
        return small

    def activity(self, record, days, user):
        return self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id(record._name),
                "res_id": record.id,
                "activity_type_id": self.call.id,
                "date_deadline": self.today + timedelta(days=days),
                "user_id": user.id,
            }
        )


@tagged("post_install", "-at_install")
class TestPatientScreens(ScreenCase):
    def history(self, patient, count):
        """`count` contacts, quotes and appointments more for `patient`."""
        start = fields.Datetime.now() - timedelta(days=count + 1)
        self.env["healthcare.interaction"].create(
            [
                {"partner_id": patient.id, "summary": f"Call {i}", "date": start + timedelta(days=i)}
                for i in range(count)
            ]
        )
        self.env["sale.order"].create([{"partner_id": patient.id} for _i in range(count)])
        self.env["calendar.event"].create(
            [
                {
                    "name": f"Visit {i}",
                    "patient_id": patient.id,
                    "start": start + timedelta(days=i),
                    "stop": start + timedelta(days=i, hours=1),
                }
                for i in range(count)
            ]
        )
        for i in range(count):
            self.activity(patient, i - count // 2, self.manager)

    def test_patient_form_read(self):
        patient = self.env["res.partner"].create(
            {
                "name": "Casilda Ortuño",
                "is_patient": True,
                "mobile": "633 918 274",
                "email": "casilda.screens@example.com",
            }
        )
        self.env["res.partner"].create(
            {"name": "Casilda O.", "is_patient": True, "email": "Casilda.Screens@example.com"}
        )
        self.history(patient, 5)
        partners = self.env["res.partner"].with_user(self.receptionist).with_context(default_is_patient=True)
        spec = view_specification(partners, "healthcare_crm.view_patient_form", "form")
        self.assertIn("duplicate_patient_ids", spec)
        self.assertIn("interaction_ids", spec)

        def load():
            [values] = partners.browse(patient.id).web_read(spec)
            self.assertEqual(len(values["duplicate_patient_ids"]), 1)

        self.assertConstant(load, lambda: self.history(patient, 45), PATIENT_FORM_QUERIES)

    def test_patient_list(self):
        partners = self.env["res.partner"].with_user(self.receptionist).with_context(default_is_patient=True)
        action = self.env.ref("healthcare_crm.action_patients")
        spec = view_specification(partners, "healthcare_crm.view_patient_list", "list")

        def grow(count):
            patients = self.env["res.partner"].create(
                [{"name": f"Paciente {i:03}", "is_patient": True, "mobile": f"6{i:08}"} for i in range(count)]
            )
            for patient in patients:
                self.activity(patient, 1, self.manager)

        grow(5)

        def load():
            partners.web_search_read(safe_eval(action.domain), spec, limit=80, count_limit=10001)

        self.assertConstant(load, lambda: grow(45), PATIENT_LIST_QUERIES)


@tagged("post_install", "-at_install")
class TestPipelineScreens(ScreenCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stages = cls.env["healthcare.quote.stage"].search([])
        cls.patient = cls.env["res.partner"].create({"name": "Javier Moreno", "is_patient": True})
        cls.product = cls.env["product.product"].create({"name": "Implante dental", "list_price": 1200.0})

    def quotes(self, per_stage):
        """`per_stage` quotes more in each stage, with tasks on time, overdue or none, for
        several people, and rejected ones with their reason."""
        users = self.receptionist | self.manager
        reason = self.env.ref("healthcare_crm.rejection_reason_price")
        for stage in self.stages:
            quotes = self.env["sale.order"].create(
                [
                    {
                        "partner_id": self.patient.id,
                        "user_id": users[i % 2].id,
                        "order_line": [fields.Command.create({"product_id": self.product.id})],
                    }
                    for i in range(per_stage)
                ]
            )
            values = {"followup_stage_id": stage.id}
            if stage.outcome == "rejected":
                values["rejection_reason_id"] = reason.id
            if stage.outcome == "dormant":
                values["dormant_until"] = self.today + timedelta(days=30)
            quotes.write(values)
            for i, quote in enumerate(quotes):
                if i % 3:
                    self.activity(quote, (-1) ** i * i, users[i % 2])

    def test_pipeline_kanban(self):
        """web_read_group for the columns and their totals, read_progress_bar for the activity
        bars, one web_search_read per unfolded column for its cards. Every column starts with
        tasks of both people: the users a column shows cost one read, whatever its cards."""
        self.quotes(3)
        orders = self.env["sale.order"].with_user(self.manager)
        action = self.env.ref("healthcare_crm.action_quote_pipeline")
        domain = safe_eval(action.domain or "[]")
        spec = view_specification(orders, "healthcare_crm.view_quote_pipeline_kanban", "kanban")
        self.assertIn("activity_state", spec)
        progress_bar = {"field": "activity_state", "colors": {"planned": "success"}, "sum_field": "amount_total"}

        def load():
            groups = orders.web_read_group(domain, ["amount_total:sum"], ["followup_stage_id"], lazy=True)["groups"]
            orders.read_progress_bar(domain, "followup_stage_id", progress_bar)
            for group in groups:
                if not group.get("__fold"):
                    orders.web_search_read(group["__domain"], spec, limit=40)

        self.assertConstant(load, lambda: self.quotes(10), PIPELINE_QUERIES)

    def test_quotes_in_the_air(self):
        """The manager's Quotes in the Air: the list grouped by responsible, one group opened."""
        self.quotes(2)
        orders = self.env["sale.order"].with_user(self.manager)
        action = self.env.ref("healthcare_crm.action_quotes_in_the_air")
        search = orders.get_view(action.search_view_id.id, "search")["arch"]
        self.assertIn("followup_in_the_air", search)
        domain = safe_eval(action.domain) + [("followup_in_the_air", "=", True)]
        spec = view_specification(orders, "healthcare_crm.view_quote_pipeline_list", "list")

        def load():
            groups = orders.web_read_group(domain, ["amount_total:sum"], ["user_id"], lazy=True)["groups"]
            orders.web_search_read(groups[0]["__domain"], spec, limit=80)

        self.assertConstant(load, lambda: self.quotes(10), IN_THE_AIR_QUERIES)

    def test_in_the_air_is_open_with_no_task_or_an_overdue_one(self):
        self.quotes(3)
        orders = self.env["sale.order"].with_user(self.manager).search([("partner_id", "=", self.patient.id)])
        expected = orders.filtered(
            lambda order: (
                order.followup_outcome == "open" and (not order.activity_ids or order.activity_state == "overdue")
            )
        )
        self.assertTrue(expected and orders - expected)
        self.assertEqual(orders.filtered_domain([("followup_in_the_air", "=", True)]), expected)
        self.assertEqual(orders.search([("id", "in", orders.ids), ("followup_in_the_air", "=", True)]), expected)
        self.assertEqual(
            orders.search([("id", "in", orders.ids), ("followup_in_the_air", "!=", True)]), orders - expected
        )

    def test_a_partner_who_becomes_a_patient_brings_their_quotes_to_the_pipeline(self):
        company = self.env["res.partner"].create({"name": "Empresa"})
        quote = self.env["sale.order"].create({"partner_id": company.id})
        domain = safe_eval(self.env.ref("healthcare_crm.action_quote_pipeline").domain)
        self.assertNotIn(quote, self.env["sale.order"].search(domain))
        company.is_patient = True
        self.assertIn(quote, self.env["sale.order"].search(domain))
