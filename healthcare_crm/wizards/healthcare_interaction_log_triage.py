from odoo import fields, models

from ..models.healthcare_triage_answer import ANSWERS


class HealthcareInteractionLogTriage(models.TransientModel):
    """One red-flag question of the logging dialog, answered yes or no by the desk."""

    _name = "healthcare.interaction.log.triage"
    _description = "Red-flag Question of a Call"
    _order = "sequence, id"

    wizard_id = fields.Many2one("healthcare.interaction.log", required=True, ondelete="cascade")
    sequence = fields.Integer()
    question_id = fields.Many2one("healthcare.triage.question", string="Red flag", required=True, ondelete="cascade")
    question = fields.Char(related="question_id.name", string="Question")
    disposition = fields.Selection(related="question_id.disposition")
    answer = fields.Selection(ANSWERS)
