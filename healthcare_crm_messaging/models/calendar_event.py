import secrets

import pytz
from dateutil import tz

from odoo import _, api, fields, models

from .healthcare_message import valid_token

try:
    from vobject import icalendar as vobject_icalendar
except ImportError:  # calendar's .ics files need vobject: without it there are none to speed up
    vobject_icalendar = None


def _patch_vobject_utc_check():
    """Odoo's .ics files (calendar.event._get_ics_file) give vobject datetimes in pytz's UTC, which
    vobject tells from its own UTC (dateutil's) only by comparing both zones' transitions over
    twenty years: 10 ms a file, most of an appointment reminder's cost. pytz's UTC has no
    transition, so the answer is always yes: given at once here, the files are the same."""
    if vobject_icalendar is None or getattr(vobject_icalendar.tzinfo_eq, "_utc_shortcut", False):
        return
    tzinfo_eq = vobject_icalendar.tzinfo_eq

    def utc_aware_tzinfo_eq(tzinfo1, tzinfo2, *args, **kwargs):
        if tzinfo1 is pytz.utc and isinstance(tzinfo2, tz.tzutc):
            return True
        return tzinfo_eq(tzinfo1, tzinfo2, *args, **kwargs)

    utc_aware_tzinfo_eq._utc_shortcut = True
    vobject_icalendar.tzinfo_eq = utc_aware_tzinfo_eq


_patch_vobject_utc_check()


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    healthcare_message_ids = fields.One2many(
        "healthcare.message", "calendar_event_id", string="Patient Messages", groups="base.group_user", readonly=True
    )

    # One per appointment, sent in its reminders; it stops working once the patient has
    # answered, or once the appointment is over.
    patient_token = fields.Char(copy=False, index="btree_not_null", groups="base.group_system")
    # What a reminder email says, read by its template for many appointments in one render.
    patient_url = fields.Char(
        compute="_compute_patient_url", compute_sudo=True, groups="base.group_system", string="Patient Link"
    )
    patient_local_start_text = fields.Char(compute="_compute_patient_local_start_text", string="Patient Local Start")

    @api.depends("patient_token")
    def _compute_patient_url(self):
        """The link of `_patient_url`, once the appointment has a token (`_patient_urls` writes it)."""
        base_url = self[:1].get_base_url()
        for event in self:
            event.patient_url = event.patient_token and f"{base_url}/clinic/appointment/{event.patient_token}"

    @api.depends("start")
    @api.depends_context("company")
    def _compute_patient_local_start_text(self):
        for event in self:
            event.patient_local_start_text = event.start and event._patient_local_start().strftime("%d/%m/%Y %H:%M")

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

    def _patient_answer(self, answer, note="", channel=None):
        """The patient confirmed, cancelled or asked for another time from their link, or by
        answering the reminder on `channel` (whatsapp, sms)."""
        self.ensure_one()
        event = self.sudo()
        if channel:
            label = dict(self.env["healthcare.interaction"]._fields["channel"]._description_selection(self.env))[
                channel
            ]
            summaries = {
                "confirm": _("The patient confirmed the appointment by answering the reminder (%s).", label),
                "cancel": _("The patient cancelled the appointment by answering the reminder (%s).", label),
            }
        else:
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
                "channel": channel or "other",
                "direction": "inbound",
                "outcome": "replied",
                "summary": summaries[answer],
                "user_id": False,
            }
        )
        return event
