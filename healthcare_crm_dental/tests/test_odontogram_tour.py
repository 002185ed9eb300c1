"""The odontogram in the browser: a dentist plans a filling and a crown on the chart and quotes them."""

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOdontogramTour(HttpCase):
    def test_plan_a_filling_and_a_crown_then_quote_them(self):
        dentist = new_test_user(
            self.env,
            login="tour_odontograma",
            name="Dra. Tour Odontograma",
            groups="healthcare_crm.group_healthcare_clinician",
            lang="es_ES",
            tz="Europe/Madrid",
        )
        patient = self.env["res.partner"].create(
            {"name": "Lucía Odontograma Pérez", "is_patient": True, "birthdate": "1984-05-12"}
        )

        self.start_tour(
            "/odoo/action-healthcare_crm.action_patients", "healthcare_crm_dental_odontogram_tour", login=dentist.login
        )

        treatments = self.env["healthcare.dental.treatment"].search([("patient_id", "=", patient.id)])
        planned = {(t.tooth, t.surfaces or "", t.product_id.dental_area) for t in treatments}
        self.assertEqual(planned, {("36", "MO", "surface"), ("46", "DO", "surface"), ("46", "", "tooth")})
        self.assertEqual(set(treatments.mapped("phase")), {1})
        quote = treatments.sale_line_id.order_id
        self.assertEqual(len(quote), 1, "one quote for the three planned treatments")
        self.assertEqual(quote.partner_id, patient)
        self.assertEqual(len(quote.order_line), 3)
        self.assertEqual(quote.create_uid, dentist)
