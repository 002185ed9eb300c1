from odoo import api, fields, models

# Card colours of the front-desk agenda (Odoo's colour indexes): to confirm in yellow,
# confirmed in green, attended in blue, missed in red, cancelled or moved without colour.
ATTENDANCE_COLORS = {"scheduled": 3, "confirmed": 10, "attended": 8, "no_show": 1}


class CalendarEvent(models.Model):
    """What the front desk needs on each appointment of the day: the phone to call for
    confirmation, and a colour that says where the appointment stands."""

    _inherit = "calendar.event"

    patient_phone = fields.Char(
        compute="_compute_patient_phone", string="Patient Phone", help="The mobile, else the phone."
    )
    attendance_color = fields.Integer(compute="_compute_attendance_color")
    time_range = fields.Char(
        compute="_compute_time_range", string="Time", help="e.g. 09:30 - 10:00, in your time zone."
    )

    @api.depends("patient_id.mobile", "patient_id.phone")
    def _compute_patient_phone(self):
        for event in self:
            event.patient_phone = event.patient_id.mobile or event.patient_id.phone

    @api.depends("attendance")
    def _compute_attendance_color(self):
        for event in self:
            event.attendance_color = ATTENDANCE_COLORS.get(event.attendance, 0)

    @api.depends("start", "stop")
    @api.depends_context("tz")
    def _compute_time_range(self):
        for event in self:
            hours = [
                fields.Datetime.context_timestamp(event, moment).strftime("%H:%M")
                for moment in (event.start, event.stop)
                if moment
            ]
            event.time_range = " - ".join(hours)
