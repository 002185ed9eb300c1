from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    healthcare_request_id = fields.Many2one(
        "healthcare.request", string="Patient Request", index="btree_not_null", ondelete="set null", readonly=True
    )

    def _mark_done(self):
        result = super()._mark_done()
        for answer in self.filtered("healthcare_request_id"):
            answer.healthcare_request_id._record_satisfaction(answer)
        return result
