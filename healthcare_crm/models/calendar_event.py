from odoo import api, models

# Changing these moves an appointment in or out of a patient's figures.
ENGAGEMENT_FIELDS = {"start", "stop", "partner_ids", "active"}


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

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
