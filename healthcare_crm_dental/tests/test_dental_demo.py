from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDentalDemo(TransactionCase):
    """The demo clinic tells the dental story (tools/hcrm.sh builds the test database with demo)."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("healthcare_crm_dental.perio_dolores_before", raise_if_not_found=False):
            self.skipTest("the database was built without demo data")

    def test_javier_plan_is_on_his_teeth(self):
        quote = self.env.ref("healthcare_crm.quote_javier_implants")
        line = quote.order_line
        self.assertEqual(len(line), 1)
        self.assertEqual(quote.amount_untaxed, 12025.0)
        self.assertEqual(line.dental_phase, 1)
        treatments = line.sudo().dental_treatment_ids
        self.assertEqual(sum(treatments.mapped("price")), 12025.0)
        self.assertEqual(set(treatments.mapped("tooth")), {"35", "36", "37", "45", "46", "47"})
        self.assertEqual(set(treatments.mapped("status")), {"planned"})
        # Each tooth once, though most carry an extraction or an implant and its crown.
        self.assertEqual(sorted(line.dental_teeth.split(", ")), ["35", "36", "37", "45", "46", "47"])
        javier = quote.partner_id
        self.assertEqual(javier.dental_pending_amount, 12025.0)

    def test_children_have_baby_teeth_charted(self):
        for xmlid in ("healthcare_crm_dental.patient_lucas_martin", "healthcare_crm.patient_pablo_garcia"):
            child = self.env.ref(xmlid)
            states = self.env["healthcare.dental.tooth.state"].search([("patient_id", "=", child.id)])
            self.assertTrue(any(state.tooth[0] in "5678" for state in states), xmlid)
        self.assertEqual(self.env.ref("healthcare_crm_dental.patient_lucas_martin")._dental_dentition(), "deciduous")

    def test_orthodontic_case_is_invited_to_the_open_day(self):
        paula = self.env.ref("healthcare_crm.patient_paula_medina")
        self.assertIn(paula, self.env["res.partner"].search([("dental_ortho_open_day", "=", True)]))

    def test_periodontal_patient_improved_between_two_charts(self):
        before = self.env.ref("healthcare_crm_dental.perio_dolores_before")
        after = self.env.ref("healthcare_crm_dental.perio_dolores_after")
        self.assertEqual(before.patient_id, after.patient_id)
        self.assertEqual(after.previous_chart_id, before)
        self.assertLess(after.mean_depth, before.mean_depth)
        self.assertLess(after.bleeding_percent, before.bleeding_percent)
        self.assertLess(after.sites_6mm, before.sites_6mm)
        self.assertEqual(len(after.tooth_ids), 32)
        wizard = self.env["healthcare.dental.perio.compare"].browse(after.action_compare()["res_id"])
        self.assertGreater(wizard.improved_sites, 0)
        self.assertEqual(wizard.worsened_sites, 0)

    def test_javier_swollen_face_was_triaged_see_today(self):
        call = self.env.ref("healthcare_crm_dental.interaction_javier_triage")
        javier = self.env.ref("healthcare_crm.patient_javier_moreno")
        self.assertIn(call, javier.interaction_ids, "the triaged call is in his contact history")
        self.assertEqual((call.reason, call.triage_disposition), ("symptom", "today"))
        flagged = call.triage_answer_ids.filtered(lambda answer: answer.answer == "yes")
        self.assertEqual(flagged.question_id, self.env.ref("healthcare_crm_dental.triage_dental_swelling_fever"))
        self.assertEqual(len(call.triage_answer_ids), 12, "every general and dental red flag was asked")
