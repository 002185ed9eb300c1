from odoo import models


class HealthcareMessage(models.Model):
    _inherit = "healthcare.message"

    def _queue_reminders(self, event_ids_by_key):
        """No reminder for an online booking still waiting for approval: its link would let the
        patient confirm what the clinic has not accepted yet. It gets its reminders once approved."""
        events = self.env["calendar.event"].sudo().browse(set(event_ids_by_key.values()))
        pending = set(events.filtered(lambda e: e.online_approval == "pending").ids)
        if pending:
            event_ids_by_key = {key: event_id for key, event_id in event_ids_by_key.items() if event_id not in pending}
        return super()._queue_reminders(event_ids_by_key)
