from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPatientTour(HttpCase):
    def test_receptionist_registers_a_patient_in_the_browser(self):
        receptionist = new_test_user(
            self.env, login="tour_reception", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        self.env["res.partner"].create({"name": "Carmen Tour Existing", "is_patient": True})

        self.start_tour("/odoo", "healthcare_crm_patient_tour", login="tour_reception")

        patient = self.env["res.partner"].search([("name", "=", "Lucía Fernández Ruiz")])
        self.assertEqual(len(patient), 1)
        self.assertTrue(patient.is_patient)
        self.assertRegex(patient.patient_code, r"^PAC-\d{5}$")
        self.assertEqual(patient.birthdate, date(1988, 3, 14))
        self.assertEqual(patient.gender, "female")
        self.assertEqual(patient.create_uid, receptionist)
