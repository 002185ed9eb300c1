from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HealthcareKbSend(models.TransientModel):
    """Find an approved answer and send it to the patient on their channel."""

    _name = "healthcare.kb.send"
    _description = "Send an Answer to a Patient"

    partner_id = fields.Many2one(
        "res.partner",
        string="Patient",
        required=True,
        domain=["|", ("is_patient", "=", True), ("is_prospect", "=", True)],
    )
    request_id = fields.Many2one("healthcare.request", string="Request")
    article_id = fields.Many2one(
        "healthcare.kb.article", string="Answer", required=True, domain=[("approved", "=", True)]
    )
    body = fields.Text(related="article_id.body", string="Text")
    channel = fields.Char(compute="_compute_channel", string="Sent By")

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        context = self.env.context
        active_ids = context.get("active_ids") or []
        if not defaults.get("partner_id") and context.get("active_model") == "res.partner" and len(active_ids) == 1:
            defaults["partner_id"] = active_ids[0]
        return defaults

    @api.depends("partner_id")
    def _compute_channel(self):
        Message = self.env["healthcare.message"].sudo()
        labels = dict(Message._fields["channel"]._description_selection(self.env))
        for wizard in self:
            patient = wizard.partner_id
            if not patient:
                wizard.channel = False
                continue
            if (
                patient.preferred_channel == "whatsapp"
                and self.env["healthcare.whatsapp"]._configured()
                and patient._whatsapp_free_text_allowed()
            ):
                channel = "whatsapp"
            else:
                channel = Message._channel_for(patient, kind="article")
            wizard.channel = labels[channel] if channel else _("No channel reaches this patient")

    def action_send(self):
        self.ensure_one()
        message = self.article_id._send_to(self.partner_id, request=self.request_id)
        if not message:
            raise UserError(
                _(
                    "No channel reaches %s: add an email or a mobile number, or check their blacklist.",
                    self.partner_id.name,
                )
            )
        return {"type": "ir.actions.act_window_close"}
