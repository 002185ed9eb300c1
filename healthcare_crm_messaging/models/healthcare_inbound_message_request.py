from odoo import _, models


class HealthcareInboundMessage(models.Model):
    _inherit = "healthcare.inbound.message"

    def action_create_request(self):
        """Open a new request about what the patient wrote."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("New Request"),
            "res_model": "healthcare.request",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_patient_id": self.partner_id.id,
                "default_inbound_message_id": self.id,
                "default_description": self.body or "",
                "default_name": (self.body or "").split("\n")[0][:80] or _("Message received"),
            },
        }
