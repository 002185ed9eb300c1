from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInteractionTour(HttpCase):
    def test_receptionist_logs_a_call_in_the_browser(self):
        receptionist = new_test_user(
            self.env, login="tour_int_reception", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        patient = self.env["res.partner"].create({"name": "Carmen Tour Interaction", "is_patient": True})

        self.start_tour(
            f"/odoo/action-healthcare_crm.action_patients/{patient.id}",
            "healthcare_crm_interaction_tour",
            login="tour_int_reception",
        )

        interaction = patient.interaction_ids
        self.assertEqual(len(interaction), 1)
        self.assertEqual(interaction.outcome, "reached")
        self.assertEqual(interaction.user_id, receptionist)
        self.assertIn("Friday", interaction.summary)
        self.assertEqual(patient.activity_ids.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertEqual(patient.activity_ids.user_id, receptionist)
