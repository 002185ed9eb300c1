from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import DentalCase


@tagged("post_install", "-at_install")
class TestTreatmentFlow(DentalCase):
    """Planned on the chart, quoted, answered line by line, performed: the chart follows."""

    def quote_of(self, action):
        self.assertEqual(action["res_model"], "sale.order")
        return self.env["sale.order"].browse(action["res_id"])

    def test_plan_quote_accept_part_and_perform(self):
        chart = self.plan(self.filling, [{"tooth": "36", "surfaces": ["O", "M"]}])
        chart = self.plan(self.implant, [{"tooth": "46"}])
        self.assertEqual(
            [(t["tooth"], t["surfaces"], t["status"], t["area"]) for t in chart["treatments"]],
            [("36", "MO", "planned", "surface"), ("46", "", "planned", "tooth")],
        )
        quote = self.quote_of(self.chart().action_dental_create_quote())
        self.assertTrue(quote.is_patient_quote)
        self.assertEqual(quote.partner_id, self.patient)
        filling_line, implant_line = quote.order_line.sorted(lambda line: line.dental_teeth)
        self.assertEqual((filling_line.dental_teeth, filling_line.product_id), ("36 MO", self.filling))
        self.assertEqual((implant_line.dental_teeth, implant_line.product_id), ("46", self.implant))
        self.assertEqual(filling_line.name, "Composite filling\nTooth 36 MO")
        self.assertEqual(implant_line.price_unit, 1200)
        filling, implant = self.treatments()
        self.assertEqual(filling.sale_line_id, filling_line)

        # The patient rejects the implant, then the coordinator accepts the quote: the filling only.
        implant_line.with_user(self.receptionist).action_dental_reject()
        quote.with_user(self.receptionist).action_followup_accept()
        self.assertEqual(quote.followup_outcome, "accepted")
        self.assertEqual((filling_line.dental_line_outcome, implant_line.dental_line_outcome), ("accepted", "rejected"))
        self.assertEqual((filling.status, implant.status), ("accepted", "rejected"))
        self.assertFalse(self.states(), "nothing is done on the teeth until the treatment is performed")

        # The appointment booked for the filling is attended: the filling is performed.
        appointment = self.appointment(days=-1)
        filling.appointment_id = appointment
        appointment.with_user(self.receptionist).action_mark_attended()
        self.assertEqual(filling.status, "performed")
        self.assertEqual(filling.practitioner_id, self.clinician)
        self.assertEqual(filling.date_performed, fields.Date.context_today(filling, appointment.start))
        self.assertEqual(implant.status, "rejected")
        tooth = self.states()["36"]
        self.assertEqual(
            (tooth.condition, tooth.surface_m, tooth.surface_d, tooth.surface_o),
            ("healthy", "filled", "healthy", "filled"),
        )
        history = tooth.history_ids
        self.assertEqual(sorted(history.mapped("part")), ["M", "O"])
        self.assertEqual(history.treatment_id, filling)
        self.assertEqual(set(history.mapped("new_value")), {"filled"})
        self.assertNotIn("46", self.states())

        chart = self.chart().dental_chart_get()
        self.assertEqual(
            chart["teeth"],
            [
                {
                    "tooth": "36",
                    "condition": "healthy",
                    "surfaces": {"M": "filled", "D": "healthy", "O": "filled", "V": "healthy", "L": "healthy"},
                }
            ],
        )
        self.assertEqual({t["status"] for t in chart["treatments"]}, {"performed", "rejected"})
        self.assertEqual({t["sale_order_name"] for t in chart["treatments"]}, {quote.name})

    def test_line_marked_done_performs_its_treatments(self):
        self.plan(self.extraction, [{"tooth": "18"}, {"tooth": "28"}])
        quote = self.quote_of(self.chart().action_dental_create_quote())
        quote.with_user(self.receptionist).action_followup_accept()
        line = quote.order_line.filtered(lambda line: line.dental_teeth == "18")
        line.with_user(self.clinician).action_dental_done()
        done, waiting = self.treatments()
        self.assertEqual((done.tooth, done.status, done.practitioner_id), ("18", "performed", self.clinician))
        self.assertEqual(done.date_performed, fields.Date.context_today(done))
        self.assertEqual(waiting.status, "accepted")
        self.assertEqual(self.states()["18"].condition, "missing")
        self.assertEqual(self.states()["18"].history_ids.old_value, "healthy")

    def test_phases_are_quoted_apart(self):
        self.plan(self.filling, [{"tooth": "16", "surfaces": ["O"]}, {"tooth": "26", "surfaces": "OD"}], phase=1)
        self.plan(self.implant, [{"tooth": "36"}, {"tooth": "46"}], phase=2)
        first = self.quote_of(self.chart().action_dental_create_quote(phase=1))
        self.assertEqual(sorted(first.order_line.mapped("dental_teeth")), ["16 O", "26 DO"])
        self.assertEqual(set(first.order_line.mapped("dental_phase")), {1})
        second = self.quote_of(self.chart().action_dental_create_quote(phase=2))
        self.assertEqual(sorted(second.order_line.mapped("dental_teeth")), ["36", "46"])
        self.assertEqual(second.amount_untaxed, 2400)
        # Each phase is accepted on its own.
        first.with_user(self.receptionist).action_followup_accept()
        statuses = {t.tooth: t.status for t in self.treatments()}
        self.assertEqual(statuses, {"16": "accepted", "26": "accepted", "36": "planned", "46": "planned"})
        # Nothing is left to quote twice.
        with self.assertRaises(UserError):
            self.chart().action_dental_create_quote()

    def test_rejected_quote_rejects_its_open_lines(self):
        self.plan(self.crown, [{"tooth": "11"}])
        quote = self.quote_of(self.chart().action_dental_create_quote())
        wizard = Form(
            self.env["healthcare.quote.reject"]
            .with_user(self.receptionist)
            .with_context(active_model="sale.order", active_ids=quote.ids)
        )
        wizard.rejection_reason_id = self.env.ref("healthcare_crm.rejection_reason_price")
        wizard.save().action_reject()
        self.assertEqual(quote.followup_outcome, "rejected")
        self.assertEqual(self.treatments().status, "rejected")

    def test_area_decides_what_is_kept(self):
        self.plan(self.scaling, [{"tooth": "36"}, {"tooth": "37"}, {"tooth": "46"}])
        self.plan(self.hygiene, [])
        scaling = self.treatments().filtered(lambda t: t.product_id == self.scaling)
        self.assertEqual(sorted(scaling.mapped("quadrant")), ["3", "4"], "one treatment per quadrant")
        self.assertFalse(any(scaling.mapped("tooth")))
        hygiene = self.treatments().filtered(lambda t: t.product_id == self.hygiene)
        self.assertEqual(len(hygiene), 1)
        self.assertFalse(hygiene.tooth)
        quote = self.quote_of(self.chart().action_dental_create_quote())
        self.assertIn("Quadrant 3", quote.order_line.mapped("dental_teeth"))

    def test_catalogue_follows_recall_rules(self):
        rule = self.env.ref("healthcare_crm_dental.recall_rule_dental_hygiene")
        self.assertEqual(rule.trigger, "product")
        self.assertEqual((rule.interval_number, rule.interval_unit), (6, "months"))
        self.assertEqual(self.hygiene.product_tmpl_id.dental_recall_rule_ids, rule)
        ortho = self.env.ref("healthcare_crm_dental.recall_rule_dental_ortho_check")
        self.assertEqual((ortho.interval_number, ortho.interval_unit), (1, "months"))
        implant = self.env.ref("healthcare_crm_dental.recall_rule_dental_implant_check")
        self.assertEqual(implant.product_ids, self.implant)
        self.assertEqual((implant.interval_number, implant.interval_unit), (12, "months"))

    def test_front_desk_books_the_quote_line_and_attendance_performs_it(self):
        self.plan(self.crown, [{"tooth": "21"}, {"tooth": "22"}])
        quote = self.quote_of(self.chart().action_dental_create_quote())
        quote.with_user(self.receptionist).action_followup_accept()
        line_21 = quote.order_line.filtered(lambda line: line.dental_teeth == "21")
        self.assertIn("(21)", line_21.with_user(self.receptionist).display_name)
        appointment = self.appointment(days=-2)
        appointment.with_user(self.receptionist).write({"sale_order_id": quote.id, "dental_sale_line_ids": line_21.ids})
        appointment.with_user(self.receptionist).action_mark_attended()
        crown_21, crown_22 = self.treatments()
        self.assertEqual((crown_21.status, crown_21.practitioner_id), ("performed", self.clinician))
        self.assertEqual(crown_22.status, "accepted")
        history = self.states()["21"].history_ids
        self.assertEqual((history.part, history.new_value, history.treatment_id), ("general", "crown", crown_21))
        # The front desk recorded the attendance: the history says who.
        self.assertEqual(history.user_id, self.receptionist)

    def test_teeth_of_a_line_in_the_patients_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["healthcare_crm_dental"], ["es_ES"], overwrite=True)
        self.patient.lang = "es_ES"
        self.plan(self.scaling, [{"tooth": "16"}])
        quote = self.quote_of(self.chart().action_dental_create_quote())
        self.assertEqual(quote.order_line.dental_teeth, "Cuadrante 1")
        self.assertEqual(quote.order_line.name, "Raspado y alisado radicular (cuadrante)\nCuadrante 1")
        self.plan(self.crown, [{"tooth": "46"}])
        quote = self.quote_of(self.chart().action_dental_create_quote())
        self.assertEqual(quote.order_line.name, "Corona de circonio\nPieza 46")

    def test_only_clinicians_mark_a_line_done(self):
        self.plan(self.crown, [{"tooth": "11"}])
        quote = self.quote_of(self.chart().action_dental_create_quote())
        with self.assertRaises(AccessError):
            quote.order_line.with_user(self.receptionist).action_dental_done()
        self.assertEqual(self.treatments().status, "planned")

    def test_a_rejected_line_is_not_invoiced(self):
        self.plan(self.crown, [{"tooth": "11"}, {"tooth": "21"}])
        quote = self.quote_of(self.chart().action_dental_create_quote())
        line_21 = quote.order_line.filtered(lambda line: line.dental_teeth == "21")
        line_21.with_user(self.receptionist).action_dental_reject()
        quote.with_user(self.receptionist).action_followup_accept()
        self.assertEqual(quote.state, "sale")
        self.assertEqual(line_21.qty_to_invoice, 0)
        invoice = quote._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.sale_line_ids.mapped("dental_teeth"), ["11"])
        self.assertEqual(invoice.amount_untaxed, 450)

    def test_clinician_records_a_treatment_in_its_form(self):
        with Form(self.env["healthcare.dental.treatment"].with_user(self.clinician)) as form:
            form.patient_id = self.patient
            form.product_id = self.filling
            self.assertEqual(form.area, "surface")
            form.tooth = "24"
            form.surfaces = "od"
            form.status = "preexisting"
        treatment = form.record
        self.assertEqual((treatment.surfaces, treatment.price, treatment.location), ("DO", 70, "24 DO"))
        # A filling found at the first visit is on the chart at once.
        tooth = self.states()["24"]
        self.assertEqual((tooth.surface_d, tooth.surface_o, tooth.surface_m), ("filled", "filled", "healthy"))

    def test_accepted_or_performed_work_is_not_deleted(self):
        self.plan(self.crown, [{"tooth": "11"}, {"tooth": "21"}, {"tooth": "12"}])
        self.plan(self.filling, [{"tooth": "36", "surfaces": "O"}])
        crown_11, crown_21, crown_12, filling = self.treatments()
        crown_11.status = "accepted"
        crown_21._perform()
        for treatment in (crown_11, crown_21):
            with self.subTest(status=treatment.status), self.assertRaises(UserError):
                treatment.with_user(self.clinician).unlink()
        (crown_12 | filling).with_user(self.clinician).unlink()
        self.assertEqual(self.treatments(), crown_11 | crown_21)

    def test_a_cancelled_quote_gives_its_treatments_back_to_the_plan(self):
        self.plan(self.crown, [{"tooth": "11"}, {"tooth": "21"}])
        quote = self.quote_of(self.chart().action_dental_create_quote())
        quote.order_line.filtered(lambda line: line.dental_teeth == "21").with_user(
            self.receptionist
        ).action_dental_reject()
        quote.with_user(self.receptionist)._action_cancel()
        self.assertEqual(quote.state, "cancel")
        self.assertEqual(set(self.treatments().mapped("status")), {"planned"})
        self.assertFalse(self.treatments().sale_line_id)
        again = self.quote_of(self.chart().action_dental_create_quote())
        self.assertEqual(sorted(again.order_line.mapped("dental_teeth")), ["11", "21"])

    def test_performed_from_the_treatment_form_or_by_a_write(self):
        self.plan(self.extraction, [{"tooth": "38"}, {"tooth": "48"}])
        lower_left, lower_right = self.treatments()
        with Form(lower_left.with_user(self.clinician)) as form:
            self.assertEqual(form.status, "planned")
        form.record.action_mark_performed()
        self.assertEqual((lower_left.status, lower_left.practitioner_id), ("performed", self.clinician))
        # An import or a script writes the status: the chart follows all the same, once.
        lower_right.with_user(self.clinician).write({"status": "performed"})
        self.assertEqual(lower_right.date_performed, fields.Date.context_today(lower_right))
        states = self.states()
        self.assertEqual((states["38"].condition, states["48"].condition), ("missing", "missing"))
        self.assertEqual(len(states["48"].history_ids), 1)
