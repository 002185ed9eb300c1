from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PatientCase


@tagged("post_install", "-at_install")
class TestIdentityDocument(PatientCase):
    def test_valid_documents_are_stored_in_printed_form(self):
        cases = [
            ("dni", "48151623-l", "48151623L"),
            ("nie", "y7654321g", "Y7654321G"),
            ("curp", "BOXW310820HNERXN09", "BOXW310820HNERXN09"),
            ("rut", "111111111", "11.111.111-1"),
            ("cpf", "11144477735", "111.444.777-35"),
            ("passport", " AB123456 ", "AB123456"),
        ]
        for document_type, typed, stored in cases:
            with self.subTest(document_type):
                patient = self.new_patient(
                    f"Paciente {document_type}", id_document_type=document_type, id_document_number=typed
                )
                self.assertEqual(patient.id_document_number, stored)

    def test_wrong_check_digit_is_refused_and_nothing_saved(self):
        for document_type, number in [("dni", "12345678A"), ("rut", "12.345.678-9"), ("cpf", "529.982.247-26")]:
            with self.subTest(document_type), self.assertRaisesRegex(ValidationError, "is not a valid"):
                with self.cr.savepoint():
                    self.new_patient("Error Documento", id_document_type=document_type, id_document_number=number)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Error Documento")]))

    def test_document_is_unique_per_company(self):
        first = self.new_patient("Primera", id_document_type="dni", id_document_number="71234560H")
        first.company_id = self.env.company
        with self.assertRaisesRegex(ValidationError, "already has the identity document"), self.cr.savepoint():
            self.new_patient("Segunda", id_document_type="dni", id_document_number="71234560h")
        other_company = self.env["res.company"].create({"name": "Clínica Norte"})
        elsewhere = self.env["res.partner"].create(
            {
                "name": "En otra clínica",
                "is_patient": True,
                "company_id": other_company.id,
                "id_document_type": "dni",
                "id_document_number": "23456789D",
            }
        )
        same_elsewhere = self.env["res.partner"].create(
            {
                "name": "Primera en Norte",
                "is_patient": True,
                "company_id": other_company.id,
                "id_document_type": "dni",
                "id_document_number": "71234560H",
            }
        )
        self.assertTrue(elsewhere and same_elsewhere, "another company may hold the same document")

    def test_changing_the_type_revalidates_the_number(self):
        patient = self.new_patient("Cambio", id_document_type="other", id_document_number="12345678A")
        with self.assertRaisesRegex(ValidationError, "is not a valid DNI"), self.cr.savepoint():
            patient.id_document_type = "dni"
