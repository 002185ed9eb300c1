from odoo.tests import HttpCase, tagged

from .intake_common import IntakeMixin


@tagged("post_install", "-at_install")
class TestIntakeTour(IntakeMixin, HttpCase):
    """The admission form on a phone, in Spanish (static/src/js/tours/intake_tour.js)."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_clinic()
        cls.env.company.write({"name": "Clínica Tour Sonrisa"})
        cls.patient.name = "Nuria Tour Campos"

    def test_the_patient_fills_in_the_admission_form_on_the_phone(self):
        intake = self.pending()
        self.start_tour(intake.public_url.removeprefix(intake.get_base_url()), "healthcare_crm_portal_intake_tour")
        intake.invalidate_recordset()
        self.assertEqual(intake.state, "submitted")
        self.assertEqual(
            (intake.declared_street, intake.declared_id_document_number, intake.declared_insurer_id),
            ("Calle Mayor 10", "50123456Q", self.insurer),
        )
        self.assertEqual(intake.sudo().health_allergies_details, "Látex")
        self.assertEqual(intake.sudo().health_pregnancy, "na")
        self.assertEqual(self.patient.city, "Alcalá", "nothing applied before the desk reviews it")
