from odoo import fields, models

from .healthcare_interaction import CHANNELS


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    healthcare_channel = fields.Selection(
        CHANNELS,
        string="Contact Channel",
        help="Channel recorded in the patient's contact history when an activity of this type is done. "
        "Left empty, it is recorded as 'Other'.",
    )
