from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class HealthcareAppointmentReschedule(models.TransientModel):
    _name = "healthcare.appointment.reschedule"
    _description = "Reschedule an Appointment"

    appointment_id = fields.Many2one("calendar.event", required=True, readonly=True, ondelete="cascade")
    start = fields.Datetime(string="New Date", required=True)
    practitioner_id = fields.Many2one("res.users", string="Practitioner", domain=[("share", "=", False)])

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        appointment = self.env["calendar.event"].browse(values.get("appointment_id"))
        if appointment:
            values.setdefault("start", appointment.start + timedelta(days=7))
            values.setdefault("practitioner_id", appointment.practitioner_id.id)
        return values

    def action_reschedule(self):
        """Mark the appointment rescheduled and open its replacement, which keeps its recall."""
        self.ensure_one()
        old = self.appointment_id
        if old.attendance not in ("scheduled", "confirmed"):
            raise UserError(_("Only a scheduled or confirmed appointment can be rescheduled."))
        if self.start < fields.Datetime.now():
            raise UserError(_("Choose a new date that has not passed."))
        old.attendance = "rescheduled"  # frees its recall, which the new appointment books
        new = old.copy(
            {
                "start": self.start,
                "stop": self.start + (old.stop - old.start),
                "practitioner_id": self.practitioner_id.id,
                "attendance": "scheduled",
                "partner_ids": [Command.set(old.partner_ids.ids)],
            }
        )
        old.message_post(body=_("Rescheduled to %s.", new._get_html_link()))
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": new.id,
            "view_mode": "form",
            "target": "current",
        }
