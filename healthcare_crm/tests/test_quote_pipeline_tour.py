from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestQuotePipelineTour(HttpCase):
    def test_coordinator_drags_a_quote_to_follow_up(self):
        new_test_user(
            self.env, login="tour_coordinator", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        patient = self.env["res.partner"].create({"name": "Tour Pipeline Patient", "is_patient": True})
        quote = self.env["sale.order"].create({"partner_id": patient.id})
        self.assertEqual(quote.followup_stage_id, self.env.ref("healthcare_crm.quote_stage_new"))

        self.start_tour("/odoo", "healthcare_crm_quote_pipeline_tour", login="tour_coordinator")

        self.assertEqual(quote.followup_stage_id, self.env.ref("healthcare_crm.quote_stage_followup"))
