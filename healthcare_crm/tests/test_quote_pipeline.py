from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestQuotePipeline(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = new_test_user(
            cls.env, login="hc_quote_desk", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        cls.patient = cls.env["res.partner"].create({"name": "Javier Moreno", "is_patient": True})
        cls.implant = cls.env["product.product"].create({"name": "Implante dental", "list_price": 1200.0})
        cls.stage = {
            name: cls.env.ref(f"healthcare_crm.quote_stage_{name}")
            for name in ("new", "followup", "dormant", "accepted", "rejected")
        }
        cls.price = cls.env.ref("healthcare_crm.rejection_reason_price")

    def _quote(self, quantity=1):
        with Form(self.env["sale.order"].with_user(self.receptionist)) as form:
            form.partner_id = self.patient
            with form.order_line.new() as line:
                line.product_id = self.implant
                line.product_uom_qty = quantity
        return form.record

    def test_new_quote_starts_in_the_first_open_stage_and_moves(self):
        quote = self._quote()
        self.assertEqual(quote.followup_stage_id, self.stage["new"])
        self.assertEqual(quote.followup_outcome, "open")
        quote.with_user(self.receptionist).followup_stage_id = self.stage["followup"]
        self.assertEqual(quote.followup_stage_id, self.stage["followup"])

    def test_pipeline_sums_amounts_per_stage(self):
        self._quote(1)
        self._quote(10)
        groups = self.env["sale.order"].read_group(
            [("partner_id", "=", self.patient.id)], ["amount_untaxed:sum"], ["followup_stage_id"]
        )
        by_stage = {g["followup_stage_id"][0]: g["amount_untaxed"] for g in groups if g["followup_stage_id"]}
        self.assertAlmostEqual(by_stage[self.stage["new"].id], 13200.0)
        self.assertIn(self.stage["rejected"].id, by_stage, "every stage is a column, even empty")

    def test_rejection_needs_a_reason(self):
        quote = self._quote()
        with self.assertRaisesRegex(ValidationError, "without a reason"), self.cr.savepoint():
            quote.followup_stage_id = self.stage["rejected"]
        action = quote.with_user(self.receptionist).action_followup_reject()
        wizard_form = Form(self.env[action["res_model"]].with_user(self.receptionist).with_context(**action["context"]))
        with self.assertRaises(AssertionError, msg="the reason is required in the dialog"):
            wizard_form.save()
        wizard_form.rejection_reason_id = self.price
        wizard_form.rejection_note = "Le parece caro"
        wizard_form.save().action_reject()
        self.assertEqual(quote.followup_outcome, "rejected")
        self.assertEqual(quote.rejection_reason_id, self.price)
        self.assertIn("Price", quote.message_ids[0].body)

    def test_accepting_confirms_the_quote(self):
        quote = self._quote()
        quote.with_user(self.receptionist).action_followup_accept()
        self.assertEqual(quote.state, "sale")
        self.assertEqual(quote.followup_outcome, "accepted")
        other = self._quote()
        other.action_confirm()
        self.assertEqual(other.followup_outcome, "accepted", "confirming from Sales also accepts")

    def test_dormant_quote_wakes_up_once(self):
        quote = self._quote()
        with self.assertRaisesRegex(ValidationError, "wake-up date"), self.cr.savepoint():
            quote.followup_stage_id = self.stage["dormant"]
        quote.write({"followup_stage_id": self.stage["dormant"].id, "dormant_until": date(2027, 1, 15)})
        sleeping = self._quote()
        sleeping.write({"followup_stage_id": self.stage["dormant"].id, "dormant_until": date(2027, 3, 1)})
        with freeze_time("2027-01-14"):
            self.env["sale.order"]._cron_wake_dormant_quotes()
        self.assertEqual(quote.followup_outcome, "dormant", "not before its day")
        with freeze_time("2027-01-15"):
            self.env["sale.order"]._cron_wake_dormant_quotes()
            self.env["sale.order"]._cron_wake_dormant_quotes()
        self.assertEqual(quote.followup_outcome, "open")
        self.assertFalse(quote.dormant_until)
        self.assertEqual(len(quote.activity_ids), 1, "its owner is asked once to resume it")
        self.assertEqual(quote.activity_ids.user_id, quote.user_id)
        self.assertEqual(quote.activity_ids.date_deadline, date(2027, 1, 15))
        self.assertEqual(sleeping.followup_outcome, "dormant")
        self.assertFalse(sleeping.activity_ids)

    def test_pipeline_lists_patients_quotes_only(self):
        quote = self._quote()
        company = self.env["res.partner"].create({"name": "Empresa", "is_company": True})
        company_order = self.env["sale.order"].create({"partner_id": company.id})
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_quote_pipeline")
        listed = self.env["sale.order"].search(safe_eval(action["domain"]))
        self.assertIn(quote, listed)
        self.assertNotIn(company_order, listed)

    def test_accepted_quote_leads_to_a_booked_and_attended_treatment(self):
        quote = self._quote()
        quote.action_followup_accept()
        self.assertEqual(quote.care_state, "to_book")
        self.env["sale.order"]._cron_remind_accepted_quotes()
        self.env["sale.order"]._cron_remind_accepted_quotes()
        self.assertEqual(len(quote.activity_ids), 1, "the owner is asked once to book the treatment")
        self.assertEqual(quote.activity_ids.user_id, quote.user_id)

        start = fields.Datetime.now() + timedelta(days=7)
        appointment = (
            self.env["calendar.event"]
            .with_user(self.receptionist)
            .create(
                {
                    "name": "Implante: primera fase",
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "partner_ids": [(6, 0, self.patient.ids)],
                    "sale_order_id": quote.id,
                }
            )
        )
        self.assertEqual(quote.care_state, "booked")
        appointment.attendance = "no_show"
        self.assertEqual(quote.care_state, "to_book", "a missed treatment must be booked again")
        appointment.attendance = "attended"
        self.assertEqual(quote.care_state, "attended")
        self.assertEqual(self.patient.last_visit_date, appointment.start)

    def test_open_and_rejected_quotes_have_no_treatment_state(self):
        quote = self._quote()
        self.assertFalse(quote.care_state)
        self.env["sale.order"]._cron_remind_accepted_quotes()
        self.assertFalse(quote.activity_ids)
