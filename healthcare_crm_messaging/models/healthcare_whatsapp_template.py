import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .healthcare_message import KINDS


class HealthcareWhatsappTemplate(models.Model):
    """A WhatsApp Business message template: Meta must approve it before the clinic may send it."""

    _name = "healthcare.whatsapp.template"
    _description = "WhatsApp Template"
    _order = "kind, name"

    name = fields.Char(
        string="Template Name",
        required=True,
        help="The name the template has in WhatsApp Manager, e.g. recordatorio_cita.",
    )
    language = fields.Char(required=True, default="es", help="WhatsApp's language code, e.g. es, es_MX, pt_BR.")
    kind = fields.Selection(KINDS, required=True, help="The messages this template carries.")
    body = fields.Text(
        required=True,
        help="The text approved in WhatsApp Manager, with {{1}}, {{2}}... where the parameters go, in the order "
        "the clinic sends them.",
    )
    state = fields.Selection(
        [
            ("draft", "Not submitted"),
            ("pending", "Pending approval"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        string="Approval",
        default="draft",
        required=True,
        readonly=True,
    )
    rejection_reason = fields.Char(readonly=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_language_unique", "unique(name, language)", "This template already exists.")]

    @api.model
    def _for_kind(self, kind):
        return self.search([("kind", "=", kind), ("state", "=", "approved")], limit=1)

    def _render(self, params):
        """The body as the patient reads it, parameters in place."""
        self.ensure_one()
        return re.sub(r"\{\{(\d+)\}\}", lambda match: str(params[int(match.group(1)) - 1]), self.body)

    def action_sync_status(self):
        """Ask WhatsApp whether Meta approved these templates."""
        statuses = self.env["healthcare.whatsapp"]._template_statuses()
        if statuses is None:
            raise UserError(_("WhatsApp could not be reached: check the WhatsApp settings and try again."))
        for template in self:
            status, reason = statuses.get((template.name, template.language), ("draft", False))
            template.write({"state": status, "rejection_reason": reason})
