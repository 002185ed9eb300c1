from odoo import fields, models

from .healthcare_triage_list import DISPOSITIONS


class HealthcareTriageQuestion(models.Model):
    """One red flag: the question the desk asks, what to do when the answer is yes, and the
    words to say to the patient."""

    _name = "healthcare.triage.question"
    _description = "Red-flag Question"
    _order = "list_id, sequence, id"

    list_id = fields.Many2one("healthcare.triage.list", string="Checklist", required=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    name = fields.Char(string="Question", required=True, translate=True)
    disposition = fields.Selection(
        DISPOSITIONS,
        string="If yes",
        required=True,
        default="today",
        help="What the patient must do if they answer yes.",
    )
    script = fields.Text(
        string="Words to say",
        required=True,
        translate=True,
        help="What the receptionist tells the patient if they answer yes.",
    )
    source_title = fields.Char(string="Cited source", translate=True)
    source_url = fields.Char(string="Source URL")
