from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import AppointmentCase


class TestRecallRules(AppointmentCase):
    def plan(self):
        self.env["healthcare.recall"]._cron_plan_recalls()

    def test_after_an_attended_appointment_of_the_given_types(self):
        patient, absent = self.new_patient(), self.new_patient("Hugo Navarro")
        visit = self.appointment(patient, self.hygiene, days=-10, attendance="attended")
        self.appointment(absent, self.hygiene, days=-10, attendance="no_show")
        self.appointment(absent, self.checkup, days=-8, attendance="attended")

        recall = self.recalls(patient, self.hygiene_rule)
        visit_day = fields.Date.to_date(visit.start)
        self.assertEqual(len(recall), 1)
        self.assertEqual(recall.base_date, visit_day)
        self.assertEqual(recall.due_date, visit_day + relativedelta(months=6))
        self.assertEqual(recall.state, "planned")
        self.assertEqual(recall.origin_appointment_id, visit)
        self.assertFalse(self.recalls(absent), "a no-show or another type plans nothing")

    def test_appointment_trigger_on_types_other_than_the_one_booked(self):
        """After an implant is placed (a treatment), a check-up three weeks later."""
        treatment = self.env.ref("healthcare_crm.appointment_type_treatment")
        rule = self.env["healthcare.recall.rule"].create(
            {
                "name": "Post-op check",
                "interval_number": 3,
                "interval_unit": "weeks",
                "trigger": "appointment",
                "trigger_appointment_type_ids": [Command.set(treatment.ids)],
                "appointment_type_ids": [Command.link(self.checkup.id)],
            }
        )
        patient = self.new_patient()
        surgery = self.appointment(patient, treatment, days=-2, attendance="attended")
        recall = self.recalls(patient, rule)
        self.assertEqual(recall.due_date, fields.Date.to_date(surgery.start) + relativedelta(weeks=3))
        check = self.appointment(patient, self.checkup, days=19)
        self.assertEqual((recall.state, recall.appointment_id), ("booked", check))

    def test_patients_with_a_condition_or_a_tag(self):
        diabetic = self.new_patient(
            "Manuel Ortiz", condition_ids=[Command.set(self.env.ref("healthcare_crm.condition_diabetes_type_2").ids)]
        )
        checked = self.new_patient(
            "Tomás Vergara", condition_ids=[Command.set(self.env.ref("healthcare_crm.condition_diabetes_type_2").ids)]
        )
        last_check = self.appointment(checked, self.hba1c, days=-30, attendance="attended")
        hypertensive = self.new_patient(
            "Antonio Ruiz", condition_ids=[Command.set(self.env.ref("healthcare_crm.condition_hypertension").ids)]
        )
        self.plan()
        never_checked = self.recalls(diabetic, self.hba1c_rule)
        self.assertEqual((never_checked.due_date, never_checked.state), (self.today, "due"))
        self.assertEqual(
            self.recalls(checked, self.hba1c_rule).due_date,
            fields.Date.to_date(last_check.start) + relativedelta(months=3),
        )
        self.assertFalse(self.recalls(hypertensive))

        tag = self.env["res.partner.category"].create({"name": "Orthodontics"})
        rule = self.env["healthcare.recall.rule"].create(
            {
                "name": "Orthodontic check every 6 weeks",
                "interval_number": 6,
                "interval_unit": "weeks",
                "trigger": "condition",
                "category_ids": [Command.set(tag.ids)],
            }
        )
        braces = self.new_patient("Hugo Navarro", category_id=[Command.set(tag.ids)])
        self.plan()
        self.assertEqual(self.recalls(braces, rule).due_date, self.today)
        self.assertFalse(self.recalls(diabetic, rule))

    def test_rule_needs_what_triggers_it(self):
        rules = self.env["healthcare.recall.rule"]
        with self.assertRaisesRegex(ValidationError, "choose the appointment types"):
            rules.create({"name": "Vague", "trigger": "appointment"})
        with self.assertRaisesRegex(ValidationError, "choose the treatments"):
            rules.create({"name": "Vague", "trigger": "product"})
        with self.assertRaisesRegex(ValidationError, "choose a condition or a patient tag"):
            rules.create({"name": "Vague", "trigger": "condition"})

    def test_archived_rule_plans_nothing(self):
        self.hygiene_rule.active = False
        patient = self.new_patient()
        self.appointment(patient, self.hygiene, days=-5, attendance="attended")
        self.plan()
        self.assertFalse(self.recalls(patient))

    def test_only_managers_configure_rules(self):
        with self.assertRaises(AccessError):
            self.hygiene_rule.with_user(self.receptionist).write({"interval_number": 4})
        self.assertEqual(self.hygiene_rule.with_user(self.receptionist).interval_number, 6)


@tagged("post_install", "-at_install")
class TestRecallAfterTreatment(AccountTestInvoicingCommon):
    def patient(self, name):
        return self.env["res.partner"].create({"name": name, "is_patient": True})

    def recalls(self, patient, rule=None):
        return (
            self.env["healthcare.recall"]
            .sudo()
            .search([("patient_id", "=", patient.id), *([("rule_id", "=", rule.id)] if rule else [])])
        )

    def test_after_a_treatment_on_a_confirmed_quote_or_a_posted_invoice(self):
        implant = self.env["product.product"].create({"name": "Implant", "type": "service", "list_price": 1200})
        cleaning = self.env["product.product"].create({"name": "Cleaning", "type": "service", "list_price": 60})
        rule = (
            self.env["healthcare.recall.rule"]
            .sudo()
            .create(
                {
                    "name": "Implant review every year",
                    "interval_number": 12,
                    "interval_unit": "months",
                    "trigger": "product",
                    "product_ids": [Command.set(implant.ids)],
                }
            )
        )
        quoted, confirmed, other = (
            self.patient("Javier Moreno"),
            self.patient("Dolores López"),
            self.patient("Pablo García"),
        )

        def quote(patient, product):
            return self.env["sale.order"].create(
                {"partner_id": patient.id, "order_line": [Command.create({"product_id": product.id})]}
            )

        quote(quoted, implant)  # only a quote: no treatment yet
        order = quote(confirmed, implant)
        order.action_confirm()
        quote(other, cleaning).action_confirm()
        self.env["healthcare.recall"]._cron_plan_recalls()
        recall = self.recalls(confirmed, rule)
        self.assertEqual(recall.due_date, fields.Date.to_date(order.date_order) + relativedelta(years=1))
        self.assertFalse(self.recalls(quoted) | self.recalls(other, rule))

        # Invoiced without a quote: the invoice date counts.
        invoiced = self.patient("Sofía Hernández")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": invoiced.id,
                "invoice_date": fields.Date.today() - relativedelta(days=40),
                "invoice_line_ids": [Command.create({"product_id": implant.id, "price_unit": 1200})],
            }
        )
        self.env["healthcare.recall"]._cron_plan_recalls()
        self.assertFalse(self.recalls(invoiced, rule), "a draft invoice is not a treatment")
        invoice.action_post()
        self.env["healthcare.recall"]._cron_plan_recalls()
        self.assertEqual(self.recalls(invoiced, rule).due_date, invoice.invoice_date + relativedelta(years=1))
