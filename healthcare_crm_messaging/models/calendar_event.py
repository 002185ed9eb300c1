import secrets

import pytz

from odoo import _, fields, models

from .healthcare_message import valid_token


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    # One per appointment, sent in its reminders; it stops working once the patient has
    # answered, or once the appointment is over.
    patient_token = fields.Char(copy=False, index="btree_not_null", groups="base.group_system")

    def _patient_url(self):
        """The public page where the patient confirms, cancels or asks for another time."""
        self.ensure_one()
        return self._patient_urls()[self.id]

    def _patient_urls(self):
        """`_patient_url` of each appointment, {id: url}, the missing tokens written at once."""
        events = self.sudo()
        for event in events.filtered(lambda e: not e.patient_token):
            event.patient_token = secrets.token_urlsafe(32)
        base_url = events[:1].get_base_url()
        return {event.id: f"{base_url}/clinic/appointment/{event.patient_token}" for event in events}

    def _patient_local_start(self):
        """The start in the clinic's time zone, as the patient reads it."""
        zone = pytz.timezone(self.env.company.healthcare_timezone or "UTC")
        return pytz.utc.localize(self.start).astimezone(zone)

    def _from_patient_token(self, token):
        """The appointment a patient's link opens, or nothing: wrong, used or expired token."""
        if not valid_token(token):
            return self.browse()
        event = self.sudo().search([("patient_token", "=", token)], limit=1)
        if not event or event.stop < fields.Datetime.now() or event.attendance not in ("scheduled", "confirmed"):
            return self.browse()
        return event

    def _patient_answer(self, answer, note=""):
        """The patient confirmed, cancelled or asked for another time from their link."""
        self.ensure_one()
        event = self.sudo()
        summaries = {
            "confirm": _("The patient confirmed the appointment from the reminder link."),
            "cancel": _("The patient cancelled the appointment from the reminder link."),
            "change": _("The patient asked for another time from the reminder link: %s", note or "-"),
        }
        if answer == "confirm":
            event.attendance = "confirmed"
        elif answer == "cancel":
            event.attendance = "cancelled"
        else:
            event.patient_id.activity_schedule(
                "mail.mail_activity_data_call",
                summary=_("Find another time for %s", event.patient_id.name),
                note=note,
                user_id=(event.user_id or event.create_uid).id,
            )
        event.patient_token = False  # used
        self.env["healthcare.interaction"].sudo().create(
            {
                "partner_id": event.patient_id.id,
                "calendar_event_id": event.id,
                "channel": "other",
                "direction": "inbound",
                "outcome": "replied",
                "summary": summaries[answer],
                "user_id": False,
            }
        )
        return event
