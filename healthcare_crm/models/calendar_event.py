from odoo import api, fields, models

# Changing these moves an appointment in or out of a patient's figures.
ENGAGEMENT_FIELDS = {"start", "stop", "partner_ids", "active", "attendance"}


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    attendance = fields.Selection(
        [
            ("scheduled", "Scheduled"),
            ("confirmed", "Confirmed"),
            ("attended", "Attended"),
            ("no_show", "No-show"),
            ("cancelled", "Cancelled"),
            ("rescheduled", "Rescheduled"),
        ],
        default="scheduled",
        required=True,
        index=True,
        tracking=True,
        help="Whether the patient came: attended appointments are visits, no-shows are counted.",
    )

    sale_order_id = fields.Many2one(
        "sale.order",
        string="Quote",
        index="btree_not_null",
        ondelete="set null",
        help="The treatment quote this appointment carries out.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events.partner_ids._update_engagement()
        return events

    def write(self, vals):
        if not ENGAGEMENT_FIELDS & set(vals):
            return super().write(vals)
        before = self.partner_ids
        result = super().write(vals)
        (before | self.partner_ids)._update_engagement()
        return result

    def unlink(self):
        partners = self.partner_ids
        result = super().unlink()
        partners._update_engagement()
        return result
