from odoo import fields, models

from .healthcare_triage_list import DISPOSITIONS

ANSWERS = [("yes", "Yes"), ("no", "No")]


class HealthcareTriageAnswer(models.Model):
    """A red-flag question as it was asked on a call and the patient's answer. Health data: only
    clinicians and managers read it (ir.model.access.csv), nobody changes it once recorded. The
    question and its disposition are copied, so that editing the lists does not rewrite history."""

    _name = "healthcare.triage.answer"
    _description = "Red-flag Answer"
    _order = "interaction_id, sequence, id"

    interaction_id = fields.Many2one(
        "healthcare.interaction", string="Interaction", required=True, index=True, ondelete="cascade", readonly=True
    )
    sequence = fields.Integer(readonly=True)
    question_id = fields.Many2one("healthcare.triage.question", string="Red flag", ondelete="set null", readonly=True)
    question = fields.Char(required=True, readonly=True)
    answer = fields.Selection(ANSWERS, required=True, readonly=True)
    disposition = fields.Selection(DISPOSITIONS, string="If yes", required=True, readonly=True)
