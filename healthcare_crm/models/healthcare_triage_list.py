from odoo import fields, models

# What the desk tells the patient to do, most urgent first. A list's overall disposition is the
# most urgent of the questions answered yes, routine booking when none is.
DISPOSITIONS = [
    ("call_112", "Call 112 now"),
    ("today", "See today"),
    ("within_24h", "Within 24 h"),
    ("routine", "Routine booking"),
]
URGENCY = {code: rank for rank, (code, _label) in enumerate(DISPOSITIONS)}
# Dispositions that alert the clinicians on duty.
URGENT_DISPOSITIONS = ("call_112", "today")


class HealthcareTriageList(models.Model):
    """A red-flag checklist the front desk goes through when a patient calls with a symptom.
    Shipped lists cite the public guidance they follow; the clinic edits them as it sees fit."""

    _name = "healthcare.triage.list"
    _description = "Red-flag Checklist"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    question_ids = fields.One2many("healthcare.triage.question", "list_id", string="Questions", copy=True)
    source_title = fields.Char(string="Cited source", translate=True, help="The public guidance this list follows.")
    source_url = fields.Char(string="Source URL")
    note = fields.Text(translate=True, help="What the list is for, shown to whoever edits it.")
