from odoo import fields, models


class HealthcareQuoteRejectionReason(models.Model):
    _name = "healthcare.quote.rejection.reason"
    _description = "Quote Rejection Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
