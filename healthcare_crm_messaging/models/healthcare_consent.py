from odoo import fields, models


class HealthcareConsent(models.Model):
    _inherit = "healthcare.consent"

    # "BAJA" answered by SMS is recorded with the message as its evidence.
    source = fields.Selection(selection_add=[("sms", "SMS")], ondelete={"sms": "set null"})
