from odoo import fields, models


class HealthcareMessage(models.Model):
    """A reply the desk writes in the inbox is a message like any other, in its conversation."""

    _inherit = "healthcare.message"

    kind = fields.Selection(selection_add=[("conversation", "Desk reply")], ondelete={"conversation": "cascade"})
    conversation_id = fields.Many2one(
        "healthcare.conversation", string="Conversation", index="btree_not_null", ondelete="set null", readonly=True
    )
