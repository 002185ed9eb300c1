from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTriageTour(HttpCase):
    def test_receptionist_triages_a_call_in_the_browser(self):
        receptionist = new_test_user(
            self.env, login="tour_triage_desk", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        patient = self.env["res.partner"].create({"name": "Elena Tour Triage", "is_patient": True})
        # A short checklist for the tour: three general red flags, the lips swelling third.
        asked = (
            self.env.ref("healthcare_crm.triage_general_chest_pain")
            | self.env.ref("healthcare_crm.triage_general_stroke")
            | self.env.ref("healthcare_crm.triage_general_anaphylaxis")
        )
        (self.env["healthcare.triage.question"].search([]) - asked).active = False

        self.start_tour(
            f"/odoo/action-healthcare_crm.action_patients/{patient.id}",
            "healthcare_crm_triage_tour",
            login="tour_triage_desk",
        )

        interaction = patient.interaction_ids.sudo()
        self.assertEqual(len(interaction), 1)
        self.assertRecordValues(
            interaction,
            [
                {
                    "reason": "symptom",
                    "direction": "inbound",
                    "triage_disposition": "call_112",
                    "user_id": receptionist.id,
                }
            ],
        )
        yes = interaction.triage_answer_ids.filtered(lambda answer: answer.answer == "yes")
        self.assertEqual(yes.question_id, self.env.ref("healthcare_crm.triage_general_anaphylaxis"))
        self.assertEqual(len(interaction.triage_answer_ids), 3)
        alert = patient.activity_ids.filtered(
            lambda activity: (
                activity.activity_type_id == self.env.ref("healthcare_crm.mail_activity_type_triage_urgent")
            )
        )
        # Who is on duty depends on the day's appointments; whoever it is, they are clinicians.
        clinicians = self.env.ref("healthcare_crm.group_healthcare_clinician").users
        self.assertTrue(alert.user_id)
        self.assertLessEqual(alert.user_id, clinicians)
