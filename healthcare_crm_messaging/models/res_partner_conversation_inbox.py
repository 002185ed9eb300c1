from odoo import _, fields, models


class ResPartner(models.Model):
    """A contact's conversations in the inbox, and the reply box opened from their form."""

    _inherit = "res.partner"

    conversation_count = fields.Integer(
        compute="_compute_conversation_counts", groups="healthcare_crm.group_healthcare_receptionist"
    )
    conversation_unread_count = fields.Integer(
        string="Unread Messages",
        compute="_compute_conversation_counts",
        groups="healthcare_crm.group_healthcare_receptionist",
    )

    def _compute_conversation_counts(self):
        rows = self.env["healthcare.conversation"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count", "unread_count:sum"]
        )
        counts = {partner: (count, unread) for partner, count, unread in rows}
        for partner in self:
            partner.conversation_count, partner.conversation_unread_count = counts.get(partner._origin, (0, 0))

    def action_open_conversations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "healthcare_crm_messaging.action_healthcare_conversations"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["view_mode"] = "list,form,kanban"
        action["views"] = [(False, "list"), (False, "form"), (False, "kanban")]
        return action

    def action_reply_conversation(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Write to %s", self.name),
            "res_model": "healthcare.conversation.reply",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_id": self.id, "active_ids": self.ids},
        }
