from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestPatient(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = new_test_user(
            cls.env, login="hc_reception", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        cls.Partner = cls.env["res.partner"].with_context(default_is_patient=True)

    def _new_patient(self, name, **fields):
        """Register a patient as the front desk does: the Patients form, as a receptionist."""
        with Form(self.Partner.with_user(self.receptionist), view="healthcare_crm.view_patient_form") as form:
            form.name = name
            for field, value in fields.items():
                setattr(form, field, value)
        return form.record

    def test_patient_form_assigns_next_code(self):
        first = self._new_patient("Lucía Fernández Ruiz", gender="female", id_document_type="dni")
        second = self._new_patient("Hugo Sánchez Gil")
        self.assertTrue(first.is_patient)
        self.assertRegex(first.patient_code, r"^PAC-\d{5}$")
        self.assertEqual(int(second.patient_code[4:]), int(first.patient_code[4:]) + 1)
        self.assertEqual(first.create_uid, self.receptionist)

    def test_contact_gets_code_only_once_it_becomes_a_patient(self):
        supplier = self.env["res.partner"].create({"name": "Dental Depot SL"})
        self.assertFalse(supplier.patient_code)
        supplier.is_patient = True
        code = supplier.patient_code
        self.assertRegex(code, r"^PAC-\d{5}$")
        supplier.write({"is_patient": False})
        supplier.write({"is_patient": True})
        self.assertEqual(supplier.patient_code, code, "a patient keeps the code once given")

    def test_patient_created_from_the_patients_action_gets_a_code(self):
        patient = self.Partner.create({"name": "Desde el menú Pacientes"})
        self.assertTrue(patient.is_patient)
        self.assertRegex(patient.patient_code, r"^PAC-\d{5}$")

    def test_duplicated_patient_gets_its_own_code(self):
        patient = self._new_patient("Elena Navarro")
        copy = patient.copy()
        self.assertTrue(copy.patient_code)
        self.assertNotEqual(copy.patient_code, patient.patient_code)

    def test_patient_code_is_found_by_name_search(self):
        patient = self._new_patient("Rosa Jiménez")
        found = self.env["res.partner"].name_search(patient.patient_code)
        self.assertEqual([pid for pid, _name in found], [patient.id])

    @freeze_time("2026-03-15")
    def test_age_follows_the_birthdate(self):
        patient = self._new_patient("Irene Vidal", birthdate=date(1988, 3, 14))
        self.assertEqual(patient.age, 38)
        with Form(patient.with_user(self.receptionist), view="healthcare_crm.view_patient_form") as form:
            form.birthdate = date(1988, 3, 16)
            self.assertEqual(form.age, 37, "the form shows the new age before saving")
        self.assertEqual(patient.age, 37)
        self.assertEqual(self._new_patient("Sin Fecha").age, 0)

    @freeze_time("2026-03-15")
    def test_search_by_age(self):
        child = self._new_patient("Niño", birthdate=date(2016, 3, 16))  # 9, turns 10 tomorrow
        adult = self._new_patient("Adulto", birthdate=date(1990, 3, 15))  # 36 today
        senior = self._new_patient("Mayor", birthdate=date(1950, 1, 1))  # 76
        unknown = self._new_patient("Sin fecha")
        patients = child | adult | senior | unknown

        def search(*domain):
            return patients.search([("id", "in", patients.ids), *domain])

        self.assertEqual(search(("age", "<", 18)), child)
        self.assertEqual(search(("age", ">=", 18), ("age", "<", 65)), adult)
        self.assertEqual(search(("age", ">=", 65)), senior)
        self.assertEqual(search(("age", "=", 36)), adult)
        self.assertEqual(search(("age", "=", 10)), self.env["res.partner"])
        self.assertEqual(search(("age", ">", 9), ("age", "<=", 36)), adult)
        self.assertEqual(search(("age", "!=", 36)), child | senior | unknown)

    def test_impossible_birthdates_are_refused(self):
        # Each save is rolled back whole, as the web client's request would be.
        with self.assertRaisesRegex(ValidationError, "in the future"), self.cr.savepoint():
            self._new_patient("Futuro", birthdate=date(2999, 1, 1))
        with self.assertRaisesRegex(ValidationError, "more than 130 years ago"), self.cr.savepoint():
            self._new_patient("Antiguo", birthdate=date(1850, 1, 1))
        self.assertFalse(self.env["res.partner"].search([("name", "in", ["Futuro", "Antiguo"])]))

    @mute_logger("odoo.sql_db")
    def test_patient_code_is_unique(self):
        patient = self._new_patient("Clara Ortiz")
        other = self._new_patient("Clara Ortiz Bis")
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            other.patient_code = patient.patient_code
            other.flush_recordset()

    def test_patients_action_lists_patients_only(self):
        patient = self._new_patient("Marcos Rubio")
        supplier = self.env["res.partner"].create({"name": "Laboratorio Dental Norte"})
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_patients")
        listed = self.env["res.partner"].search(safe_eval(action["domain"]))
        self.assertIn(patient, listed)
        self.assertNotIn(supplier, listed)
