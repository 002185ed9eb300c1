from odoo import fields, models


class HealthcareMessage(models.Model):
    """Two more kinds of message: the satisfaction question when a request is closed, and an
    approved answer of the knowledge base."""

    _inherit = "healthcare.message"

    kind = fields.Selection(
        selection_add=[("csat", "Request satisfaction"), ("article", "Answer")],
        ondelete={"csat": "cascade", "article": "cascade"},
    )
