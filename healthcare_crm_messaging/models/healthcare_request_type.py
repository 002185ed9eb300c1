from odoo import fields, models

PRIORITIES = [("0", "Normal"), ("1", "High"), ("2", "Urgent"), ("3", "Critical")]


class HealthcareRequestType(models.Model):
    """A kind of patient request (complaint, billing question, clinical question, record
    request): the team it is routed to, its deadline and whether it is health data."""

    _name = "healthcare.request.type"
    _description = "Patient Request Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    team_id = fields.Many2one("healthcare.request.team", string="Team", required=True, ondelete="restrict")
    sla_hours = fields.Integer(
        string="Answer Within (hours)", default=48, required=True, help="The request's deadline after it is opened."
    )
    priority = fields.Selection(PRIORITIES, string="Default Priority", default="0", required=True)
    health_data = fields.Boolean(
        string="Health Data",
        help="What the patient asks is about their health (clinical questions, copies of the "
        "clinical record): only clinicians and managers read the description and resolution.",
    )

    _sql_constraints = [("sla_hours_positive", "CHECK(sla_hours > 0)", "The deadline must be at least one hour.")]
