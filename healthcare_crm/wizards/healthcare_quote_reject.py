from odoo import _, api, fields, models
from odoo.exceptions import UserError


class HealthcareQuoteReject(models.TransientModel):
    _name = "healthcare.quote.reject"
    _description = "Reject Quotes"

    order_ids = fields.Many2many("sale.order", string="Quotes", required=True)
    rejection_reason_id = fields.Many2one("healthcare.quote.rejection.reason", string="Reason", required=True)
    rejection_note = fields.Text(string="Comment")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "sale.order":
            values["order_ids"] = [fields.Command.set(self.env.context.get("active_ids", []))]
        return values

    def action_reject(self):
        if not self.rejection_reason_id:
            raise UserError(_("Say why the patient rejected the quote."))
        self.order_ids.write(
            {
                "followup_stage_id": self.order_ids._followup_stage("rejected").id,
                "rejection_reason_id": self.rejection_reason_id.id,
                "rejection_note": self.rejection_note,
            }
        )
        for order in self.order_ids:
            order.message_post(body=_("Quote rejected: %s", self.rejection_reason_id.name))
        return {"type": "ir.actions.act_window_close"}
