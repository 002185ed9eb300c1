from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression


class HealthcareWhatsappCampaign(models.TransientModel):
    _name = "healthcare.whatsapp.campaign"
    _description = "WhatsApp Campaign"

    segment_id = fields.Many2one("healthcare.segment", required=True, ondelete="cascade")
    template_id = fields.Many2one(
        "healthcare.whatsapp.template",
        string="Template",
        required=True,
        domain=[("kind", "=", "campaign"), ("state", "=", "approved")],
    )
    whatsapp_reach = fields.Integer(related="segment_id.whatsapp_reach", string="Will Reach")
    whatsapp_unavailable = fields.Char(compute="_compute_whatsapp_unavailable", string="WhatsApp Unavailable")

    @api.depends("segment_id")
    @api.depends_context("company")
    def _compute_whatsapp_unavailable(self):
        self.whatsapp_unavailable = self.env["healthcare.message"]._whatsapp_unavailable("campaign")

    def action_send(self):
        """The approved template to every patient of the segment who accepts WhatsApp marketing."""
        self.ensure_one()
        if self.template_id.state != "approved":
            raise UserError(_("WhatsApp has not approved the template %s.", self.template_id.name))
        messages = self.env["healthcare.message"].sudo()  # the log is written by the system
        unavailable = messages._whatsapp_unavailable("campaign")
        if unavailable:
            raise UserError(_("Nothing was sent. %s", unavailable))
        reach = messages._reach_domain("whatsapp", marketing=True, kind="campaign")
        patients = self.env["res.partner"].search(expression.AND([self.segment_id._patient_domain(), reach]))
        total = self.segment_id.patient_count
        if not patients:
            raise UserError(
                _(
                    "This campaign would reach nobody: none of the %s patients of the segment has a mobile number "
                    "that is not on the blacklist and accepts WhatsApp messages.",
                    total,
                )
            )
        sent = messages
        for patient in patients:
            sent |= messages._deliver(
                patient,
                "campaign",
                f"campaign:{self.id}:{patient.id}",
                self.template_id._render([patient.name]),
                wanted="whatsapp",
                marketing=True,
                fallback=False,
                whatsapp_params=(patient.name,),
                whatsapp_template=self.template_id,
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if sent else "warning",
                "message": _(
                    "%(sent)s of %(total)s patients reached on WhatsApp; the others have no WhatsApp consent "
                    "or no mobile.",
                    sent=len(sent),
                    total=total,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
