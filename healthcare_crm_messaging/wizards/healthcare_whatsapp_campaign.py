from odoo import _, fields, models
from odoo.exceptions import UserError


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

    def action_send(self):
        """The approved template to every patient of the segment who accepts WhatsApp marketing."""
        self.ensure_one()
        if self.template_id.state != "approved":
            raise UserError(_("WhatsApp has not approved the template %s.", self.template_id.name))
        messages = self.env["healthcare.message"].sudo()  # the log is written by the system
        patients = self.segment_id._patients()
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
                    total=len(patients),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
