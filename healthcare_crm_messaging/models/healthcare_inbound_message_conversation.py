from odoo import api, fields, models


class HealthcareInboundMessage(models.Model):
    """Each message received is filed in its sender's conversation for the inbox."""

    _inherit = "healthcare.inbound.message"

    conversation_id = fields.Many2one(
        "healthcare.conversation", string="Conversation", index="btree_not_null", ondelete="set null", readonly=True
    )

    @api.model
    def _receive(self, messages):
        records = super()._receive(messages)
        if records:
            self.env["healthcare.conversation"]._add_inbound(records)
        return records
