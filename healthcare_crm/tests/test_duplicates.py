from odoo.tests import Form, tagged

from .common import PatientCase


@tagged("post_install", "-at_install")
class TestDuplicates(PatientCase):
    def test_same_mobile_written_differently_is_a_duplicate(self):
        first = self.new_patient("Carmen García", mobile="+34 644 345 678")
        partners = self.env["res.partner"].with_user(self.receptionist).with_context(default_is_patient=True)
        form = Form(partners, view="healthcare_crm.view_patient_form")
        form.name = "Carmen Garcia"
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form.mobile = "644345678"
        self.assertIn("Carmen García", logs.output[0])
        second = form.save()
        self.assertEqual(second.duplicate_patient_ids, first)
        self.assertEqual(first.duplicate_patient_ids, second)

    def test_email_and_document_are_compared(self):
        first = self.new_patient(
            "Ana Gil", email="Ana.Gil@example.com", id_document_type="nie", id_document_number="Z1111111D"
        )
        by_email = self.new_patient("Ana Gil Ruiz", email="ana.gil@example.com ")
        self.assertEqual(by_email.duplicate_patient_ids, first)
        partners = self.env["res.partner"].with_user(self.receptionist).with_context(default_is_patient=True)
        form = Form(partners, view="healthcare_crm.view_patient_form")
        form.name = "A. Gil"
        form.id_document_type = "nie"
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form.id_document_number = "Z1111111D"
        self.assertIn("Ana Gil", logs.output[0], "warned before the document's uniqueness refuses the save")
        unrelated = self.new_patient("Otra Persona", email="otra@example.com", mobile="688 11 22 33")
        self.assertFalse(unrelated.duplicate_patient_ids)

    def test_merge_opens_odoo_partner_merge_with_both(self):
        first = self.new_patient("Pedro Lara", mobile="699 000 111")
        second = self.new_patient("Pedro Lara Gómez", mobile="+34699000111")
        action = second.with_user(self.receptionist).action_merge_duplicates()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        wizard = self.env[action["res_model"]].with_user(self.receptionist).with_context(**action["context"]).create({})
        self.assertEqual(wizard.partner_ids, first | second)
        wizard.dst_partner_id = first
        wizard.action_merge()
        self.assertFalse(second.exists())
