from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PatientCase


@tagged("post_install", "-at_install")
class TestPhones(PatientCase):
    def test_numbers_are_kept_as_typed_and_normalised(self):
        patient = self.env["res.partner"].create(
            {"name": "Lola Campos", "is_patient": True, "mobile": "633 34 56 78", "phone": "91 555 01 23"}
        )
        self.assertEqual(patient.mobile, "633 34 56 78")
        self.assertEqual(patient.mobile_e164, "+34633345678")
        self.assertEqual(patient.phone_e164, "+34915550123")
        self.assertTrue(patient.has_mobile)

    def test_the_form_shows_numbers_in_international_format(self):
        patient = self.new_patient("Lola Campos", mobile="633 34 56 78")
        self.assertEqual(patient.mobile, "+34 633 34 56 78")
        self.assertEqual(patient.mobile_e164, "+34633345678")

    def test_patient_country_wins_over_company_country(self):
        mexico = self.env.ref("base.mx")
        patient = self.new_patient("Diego Ruiz", country_id=mexico, mobile="55 1234 5678")
        self.assertEqual(patient.mobile_e164, "+525512345678")
        self.assertTrue(patient.has_mobile, "Mexican numbers may be mobiles")

    def test_landline_only_is_not_a_mobile(self):
        patient = self.new_patient("Dolores Sanz", phone="+34 915 555 019")
        self.assertEqual(patient.phone_e164, "+34915555019")
        self.assertFalse(patient.has_mobile)

    def test_invalid_number_is_refused_with_a_clear_message(self):
        with self.assertRaisesRegex(ValidationError, "Mobile of Error Teléfono"), self.cr.savepoint():
            self.new_patient("Error Teléfono", mobile="12")
        with self.assertRaisesRegex(ValidationError, "Phone of Error Teléfono"), self.cr.savepoint():
            self.new_patient("Error Teléfono", phone="+34 000 000 000 000")
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Error Teléfono")]))

    def test_other_contacts_are_not_checked(self):
        supplier = self.env["res.partner"].create({"name": "Depósito Dental", "phone": "12"})
        self.assertFalse(supplier.phone_e164)
