from odoo import fields, models


class HealthcareRequestStage(models.Model):
    _name = "healthcare.request.stage"
    _description = "Patient Request Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    closed = fields.Boolean(help="Requests in this stage are finished: no deadline, no escalation.")
    ask_satisfaction = fields.Boolean(
        string="Ask for Satisfaction", help="A request reaching this stage sends the patient the satisfaction question."
    )
