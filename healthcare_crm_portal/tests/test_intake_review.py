from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase

from .intake_common import HEALTH, PERSONAL, IntakeMixin

# The context the web client sends when a button opens a wizard from the admission form.
WEB_CONTEXT = {"lang": "en_US", "tz": "Europe/Madrid", "uid": None, "allowed_company_ids": None}


class TestIntakeReview(IntakeMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_clinic()

    def open_wizard(self, intake, user, button):
        action = getattr(intake.with_user(user), button)()
        context = {
            **WEB_CONTEXT,
            "uid": user.id,
            "allowed_company_ids": [self.env.company.id],
            "active_model": "healthcare.intake",
            "active_id": intake.id,
            "active_ids": [intake.id],
            **action["context"],
        }
        return Form(self.env[action["res_model"]].with_user(user).with_context(**context))

    def answers(self, intake):
        intake.invalidate_recordset()
        names = [f"declared_{name}" for name in PERSONAL] + list(HEALTH) + ["submitted_date", "submit_ip"]
        return {name: intake.sudo()[name] for name in names}

    def test_submission_keeps_the_answers_and_tells_desk_and_clinician(self):
        intake = self.submitted()
        self.assertEqual(intake.state, "submitted")
        self.assertEqual(intake.declared_street, "Calle Mayor 10")
        self.assertEqual(intake.sudo().health_allergies_details, "Penicilina")
        self.assertEqual((intake.submit_ip, intake.submit_user_agent), ("10.1.2.3", "Phone"))
        self.assertFalse(intake.sudo().token, "the link is used")
        activities = intake.activity_ids
        self.assertEqual(
            sorted(activities.mapped(lambda a: (a.user_id.login, a.activity_type_id.name))),
            [("intake_desk", "Admission form: personal data"), ("intake_doctor", "Admission form: health answers")],
        )
        self.assertNotIn("Penicilina", " ".join(activities.mapped(lambda a: f"{a.summary} {a.note}")))
        # Nothing of it is in the patient yet.
        self.assertEqual(self.patient.city, "Alcalá")
        self.assertFalse(self.patient.allergies)
        self.assertFalse(self.patient.medication_ids)

    def test_front_desk_applies_the_ticked_personal_data_and_nothing_clinical(self):
        intake = self.submitted()
        with self.open_wizard(intake, self.desk, "action_review_personal") as form:
            labels = {}
            for index in range(len(form.line_ids)):
                with form.line_ids.edit(index) as line:
                    labels[line.field_name] = (line.current_value, line.declared_value)
                    if line.field_name == "email":
                        line.apply = False  # the desk keeps the address it has
        self.assertEqual(labels["city"], ("Alcalá", "Madrid"))
        self.assertEqual(labels["insurer_id"], ("", "Aseguradora Tour"))
        self.assertNotIn("mobile", labels, "what the record already says is no difference")
        form.record.action_apply()
        self.assertEqual(self.patient.city, "Madrid")
        self.assertEqual(self.patient.insurer_id, self.insurer)
        self.assertEqual(self.patient.id_document_number, "50123456Q")
        self.assertEqual(self.patient.email, "nuria@example.com", "the unticked line is not applied")
        self.assertEqual((intake.personal_review, intake.personal_reviewed_by_id), ("applied", self.desk))
        self.assertEqual(intake.activity_ids.activity_type_id.name, "Admission form: health answers")
        self.assertEqual(intake.state, "submitted", "the health answers still wait for a clinician")
        self.assertFalse(self.patient.allergies, "nothing clinical without a clinician")
        self.assertFalse(self.patient.medication_ids)

    def test_the_front_desk_cannot_review_the_health_answers(self):
        intake = self.submitted()
        with self.assertRaises(AccessError):
            intake.with_user(self.desk).action_review_health()
        with self.assertRaises(AccessError):
            self.env["healthcare.intake.health.review"].with_user(self.desk).create({"intake_id": intake.id})
        with self.assertRaises(AccessError):
            intake.with_user(self.desk).read(["health_allergies_details"])

    def test_clinician_accepts_the_health_answers_into_the_clinical_summary(self):
        anticoagulant = self.env.ref("healthcare_crm.condition_anticoagulant_therapy")
        self.patient.write({"allergies": "Látex", "clinical_notes": "Fobia a las agujas"})
        intake = self.submitted()
        before = self.answers(intake)
        with self.open_wizard(intake, self.clinician, "action_review_health") as form:
            self.assertEqual(form.health_allergies_details, "Penicilina")
            self.assertEqual(form.allergies, "Látex\nPenicilina")
            self.assertIn(anticoagulant, form.condition_ids[:])
            self.assertEqual(form.new_medications, "Levotiroxina 50 mcg\nApixabán 5 mg")
            self.assertIn("Apendicectomía en 2015", form.clinical_notes)
            form.new_medications = "Levotiroxina 50 mcg\nApixabán 5 mg\nlevotiroxina 50 MCG"
        form.record.action_accept()
        patient = self.patient.with_user(self.clinician)
        self.assertEqual(patient.allergies, "Látex\nPenicilina")
        self.assertIn(anticoagulant, patient.condition_ids)
        self.assertEqual(sorted(patient.medication_ids.mapped("name")), ["Apixabán 5 mg", "Levotiroxina 50 mcg"])
        self.assertTrue(patient.clinical_notes.startswith("Fobia a las agujas\n"))
        self.assertEqual((intake.health_review, intake.health_reviewed_by_id), ("accepted", self.clinician))
        self.env.flush_all()
        self.env.cr.precommit.run()
        log = self.env["healthcare.clinical.access.log"].search(
            [("partner_id", "=", self.patient.id), ("user_id", "=", self.clinician.id), ("action", "=", "write")]
        )
        self.assertIn("allergies", log.field_names)
        shown = self.env["healthcare.clinical.access.log"].search(
            [("partner_id", "=", self.patient.id), ("user_id", "=", self.clinician.id), ("action", "=", "read")]
        )
        self.assertEqual(shown.field_names, "allergies,condition_ids,medication_ids,clinical_notes")
        self.assertEqual(self.answers(intake), before, "the answers stay as the patient declared them")

        with self.assertRaises(UserError):
            intake.with_user(self.clinician).action_review_health()  # reviewed once
        with self.open_wizard(intake, self.desk, "action_review_personal") as form:
            pass
        form.record.action_dismiss()
        self.assertEqual(intake.state, "reviewed")
        self.assertFalse(intake.activity_ids)
        self.assertEqual(self.answers(intake), before)

    def test_the_answers_cannot_be_changed_after_submission(self):
        intake = self.submitted()
        for values in ({"declared_city": "Toledo"}, {"health_allergies_details": "Nada"}, {"submit_ip": "1.1.1.1"}):
            with self.subTest(values=values), self.assertRaises(UserError):
                intake.sudo().write(values)
        with self.assertRaises(AccessError):
            intake.with_user(self.desk).write({"personal_review": "applied"})

    def test_a_wrong_document_applies_nothing(self):
        intake = self.submitted(id_document_number="50123456A")  # wrong check letter, kept as declared
        with self.open_wizard(intake, self.desk, "action_review_personal") as form:
            pass
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            form.record.action_apply()
        self.assertEqual(self.patient.city, "Alcalá")
        self.assertEqual(intake.personal_review, "pending")

    def test_a_form_not_sent_yet_cannot_be_reviewed(self):
        intake = self.pending()
        with self.assertRaises(UserError):
            intake.with_user(self.desk).action_review_personal()
