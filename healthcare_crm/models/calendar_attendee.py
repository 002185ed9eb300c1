from odoo import fields, models


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    # Odoo reads an appointment's attendees by event on every write of it; without an index
    # that is a scan of every attendee of every appointment.
    event_id = fields.Many2one(index=True)
