from urllib.parse import quote

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _search_phone_sanitized_blacklisted(self, operator, value):
        """As Odoo's, but a subquery on the blacklist instead of the ids of every partner not on
        it: segments count who SMS reaches among 100,000 patients."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return super()._search_phone_sanitized_blacklisted(operator, value)
        self.flush_model(["phone_sanitized"])
        self.env["phone.blacklist"].flush_model(["number", "active"])
        numbers = SQL("(SELECT number FROM phone_blacklist WHERE active)")
        if value == (operator == "="):
            return [("phone_sanitized", "in", numbers)]
        return ["|", ("phone_sanitized", "=", False), ("phone_sanitized", "not in", numbers)]

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
