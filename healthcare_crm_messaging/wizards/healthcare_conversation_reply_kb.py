from odoo import api, fields, models


class HealthcareConversationReply(models.TransientModel):
    """The inbox's reply box offers the approved answers: choosing one writes its text, which
    the desk may still adapt before sending (free text, inside WhatsApp's window)."""

    _inherit = "healthcare.conversation.reply"

    kb_article_id = fields.Many2one("healthcare.kb.article", string="Approved Answer", domain=[("approved", "=", True)])

    @api.depends("quick_reply_id", "kb_article_id")
    def _compute_body(self):
        super()._compute_body()
        for wizard in self:
            if wizard.kb_article_id:
                wizard.body = f"{wizard.kb_article_id.name}\n\n{wizard.kb_article_id.body}"
