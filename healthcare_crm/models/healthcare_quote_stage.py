from odoo import fields, models

QUOTE_OUTCOMES = [("open", "Open"), ("accepted", "Accepted"), ("rejected", "Rejected"), ("dormant", "Dormant")]


class HealthcareQuoteStage(models.Model):
    """A column of the quote follow-up pipeline; its outcome says what a quote in it means."""

    _name = "healthcare.quote.stage"
    _description = "Quote Follow-up Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Pipeline")
    outcome = fields.Selection(QUOTE_OUTCOMES, required=True, default="open")
