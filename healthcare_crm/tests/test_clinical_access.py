from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import PatientCase

CLINICAL_FIELDS = ("allergies", "condition_ids", "medication_ids", "clinical_notes")


@tagged("post_install", "-at_install")
class TestClinicalAccess(PatientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # With export rights, so that only the clinical fields can stop an export.
        groups = "base.group_allow_export,healthcare_crm.group_healthcare_"
        cls.receptionist.groups_id += cls.env.ref("base.group_allow_export")
        cls.clinician = new_test_user(cls.env, login="hc_clinician", groups=groups + "clinician", lang="en_US")
        cls.marketing = new_test_user(cls.env, login="hc_marketing", groups=groups + "marketing", lang="en_US")
        cls.manager = new_test_user(cls.env, login="hc_manager", groups=groups + "manager", lang="en_US")
        cls.diabetes = cls.env.ref("healthcare_crm.condition_diabetes_type_2")
        cls.patient = cls.env["res.partner"].create({"name": "Tomás Vega", "is_patient": True})
        cls.patient.with_user(cls.clinician).write(
            {
                "allergies": "Penicilina",
                "clinical_notes": "Fobia a las agujas",
                "condition_ids": [(4, cls.diabetes.id)],
                "medication_ids": [(0, 0, {"name": "Metformina", "dosage": "850 mg / 12 h"})],
            }
        )

    def test_clinician_reads_and_searches_the_clinical_summary(self):
        patient = self.patient.with_user(self.clinician)
        self.assertEqual(patient.allergies, "Penicilina")
        self.assertEqual(patient.medication_ids.name, "Metformina")
        self.assertTrue(patient.medication_ids.is_current)
        other = self.env["res.partner"].create({"name": "Sin Diabetes", "is_patient": True})
        # The demo data has diabetic patients too: look only at the two patients of the test.
        found = patient.search([("id", "in", (self.patient | other).ids), ("condition_ids", "in", self.diabetes.ids)])
        self.assertEqual(found, self.patient)

    def test_other_roles_cannot_reach_clinical_fields(self):
        for user in (self.receptionist, self.marketing, self.manager):
            patient = self.patient.with_user(user)
            for field in CLINICAL_FIELDS:
                with self.subTest(user=user.login, field=field, via="read"), self.assertRaises(AccessError):
                    patient.read([field])
                with self.subTest(user=user.login, field=field, via="search"), self.assertRaises(AccessError):
                    patient.search([(field, "!=", False)])
                with self.subTest(user=user.login, field=field, via="export"), self.assertRaises(AccessError):
                    patient.export_data(["name", field])
                with self.subTest(user=user.login, field=field, via="read_group"), self.assertRaises(AccessError):
                    patient.read_group([], ["name"], [field])
                with self.subTest(user=user.login, field=field, via="related path"), self.assertRaises(AccessError):
                    patient.search([(f"{field}.id", "!=", False)])
            with self.subTest(user=user.login, via="medication model"), self.assertRaises(AccessError):
                self.env["healthcare.patient.medication"].with_user(user).search([])

    def test_other_roles_still_see_the_rest_of_the_patient(self):
        values = self.patient.with_user(self.receptionist).read(["name", "patient_code"])[0]
        self.assertEqual(values["name"], "Tomás Vega")
        form_fields = (
            self.env["res.partner"]
            .with_user(self.receptionist)
            .get_views([(self.env.ref("healthcare_crm.view_patient_form").id, "form")])["models"]["res.partner"][
                "fields"
            ]
        )
        self.assertNotIn("allergies", form_fields)
        self.assertIn("birthdate", form_fields)
