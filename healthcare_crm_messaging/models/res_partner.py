from urllib.parse import quote

from odoo import _, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    def action_whatsapp_chat(self):
        """Open a WhatsApp chat with the patient (wa.me, a greeting typed in), logged as a contact."""
        self.ensure_one()
        if not self.has_mobile or not self.mobile_e164:
            raise UserError(_("%s has no mobile number for WhatsApp.", self.name))
        greeting = self.with_context(lang=self.lang or self.env.lang).env._(
            "Hello %(patient)s, this is %(clinic)s.", patient=self.name, clinic=self.env.company.name
        )
        self.env["healthcare.interaction"].create(
            {
                "partner_id": self.id,
                "channel": "whatsapp",
                "direction": "outbound",
                "summary": _("WhatsApp chat opened from the patient's form."),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"https://wa.me/{self.mobile_e164.lstrip('+')}?text={quote(greeting)}",
            "target": "new",
        }
