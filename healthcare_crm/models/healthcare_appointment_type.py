from odoo import fields, models


class HealthcareAppointmentType(models.Model):
    _name = "healthcare.appointment.type"
    _description = "Appointment Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    duration = fields.Float(default=0.5, help="Length of an appointment of this type, in hours.")
    color = fields.Integer(help="Colour of these appointments on the front-desk calendar.")
    recall_rule_id = fields.Many2one(
        "healthcare.recall.rule",
        string="Default Recall Rule",
        ondelete="set null",
        help="The recall these appointments fulfil: booking one books the patient's open recall of this "
        "rule, attending it completes the recall and plans the next one.",
    )
    _sql_constraints = [
        ("duration_positive", "CHECK(duration > 0)", "An appointment type must last some time."),
    ]
