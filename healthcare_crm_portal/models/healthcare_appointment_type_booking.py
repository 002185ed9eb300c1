from collections import defaultdict
from datetime import datetime, time, timedelta

import phonenumbers
import pytz

from odoo import _, api, fields, models
from odoo.addons.phone_validation.tools import phone_validation
from odoo.exceptions import UserError
from odoo.tools import email_normalize

# Marketing consents a patient may tick when booking, per channel (healthcare.consent purposes).
MARKETING_PURPOSES = {"email": "email_marketing", "sms": "sms", "whatsapp": "whatsapp"}
# Appointments that no longer hold their time.
FREED = ("cancelled", "rescheduled")


def booking_clauses(env, clinic):
    """The consent clauses of the booking form, in `env`'s language: shown on the page and
    stored, word for word, as the evidence of each consent."""
    return {
        "data_processing": env._(
            "I agree that %(clinic)s processes my personal data to manage my appointments and my care, "
            "as its privacy policy explains.",
            clinic=clinic,
        ),
        "email_marketing": env._("I want to receive news and offers from %(clinic)s by email.", clinic=clinic),
        "sms": env._("I want to receive news and offers from %(clinic)s by SMS.", clinic=clinic),
        "whatsapp": env._("I want to receive news and offers from %(clinic)s by WhatsApp.", clinic=clinic),
    }


class SlotTaken(UserError):
    """The time chosen was booked meanwhile (or is no longer free): the page offers others."""


class HealthcareAppointmentType(models.Model):
    _inherit = "healthcare.appointment.type"

    online_booking = fields.Boolean(
        string="Bookable Online", help="Patients can book this type themselves on the clinic's website (/reservar)."
    )
    online_practitioner_ids = fields.Many2many(
        "res.users",
        "healthcare_appointment_type_online_user_rel",
        "type_id",
        "user_id",
        string="Practitioners Online",
        domain=[("share", "=", False)],
        help="Whose free time patients can book online for this type: their working hours, minus their "
        "leaves and appointments.",
    )
    online_booking_url = fields.Char(
        string="Booking Link", compute="_compute_online_booking_url", help="To share, or to embed in the website."
    )

    @api.depends("name", "online_booking")
    def _compute_online_booking_url(self):
        base_url = self.env.company.get_base_url()
        for appointment_type in self:
            appointment_type.online_booking_url = (
                appointment_type.online_booking
                and appointment_type.id
                and f"{base_url}/reservar/{self.env['ir.http']._slug(appointment_type)}"
            )

    # Free slots

    def _online_slots(self, practitioners=None, first=None, last=None, now=None):
        """The free slots of this type patients may book online, as [(start, practitioner)], start
        in naive UTC, sorted: inside the minimum notice and the horizon (and [first, last) if given).
        """
        self.ensure_one()
        company = self.env.company
        now = now or fields.Datetime.now()
        earliest = now + timedelta(hours=company.healthcare_booking_notice_hours)
        latest = now + timedelta(days=company.healthcare_booking_horizon_days)
        first = max(first or earliest, earliest)
        last = min(last or latest, latest)
        offered = self.sudo().online_practitioner_ids.filtered("active")
        practitioners = offered if practitioners is None else practitioners & offered
        if not (self.online_booking and self.active and practitioners) or first >= last:
            return []
        return self._free_slots(practitioners, first, last)

    def _free_slots(self, practitioners, first, last):
        """Slots of this type's length starting in [first, last) (naive UTC) in the practitioners'
        working hours (their resource's calendar, read in the clinic's time zone), minus their
        leaves, the calendar's public holidays and their appointments not cancelled.

        A slot starts where the working interval starts, then every length of the type. A constant
        number of queries: one for all the appointments of the period, whatever the slots.
        """
        zone = pytz.timezone(self.env.company.healthcare_timezone or "UTC")
        length = timedelta(hours=self.duration)
        local_day = pytz.utc.localize(first).astimezone(zone).date()
        # From the local midnight, so that slots are counted from the start of the working hours.
        start_dt = zone.localize(datetime.combine(local_day, time.min))
        end_dt = pytz.utc.localize(last + length)
        busy = defaultdict(list)
        events = (
            self.env["calendar.event"]
            .sudo()
            .search_fetch(
                [
                    ("practitioner_id", "in", practitioners.ids),
                    ("attendance", "not in", FREED),
                    ("start", "<", last + length),
                    ("stop", ">", first),
                ],
                ["practitioner_id", "start", "stop"],
            )
        )
        for event in events:
            busy[event.practitioner_id.id].append((event.start, event.stop))
        resources = (
            self.env["resource.resource"]
            .sudo()
            .search([("user_id", "in", practitioners.ids), ("calendar_id", "!=", False)])
        )
        slots = []
        for calendar, group in resources.grouped("calendar_id").items():
            work = calendar._work_intervals_batch(start_dt, end_dt, resources=group, tz=zone)
            for resource in group:
                taken = busy[resource.user_id.id]
                for begin, finish, __ in work[resource.id]:
                    cursor = begin.astimezone(pytz.utc).replace(tzinfo=None)
                    stop = finish.astimezone(pytz.utc).replace(tzinfo=None)
                    while cursor + length <= stop:
                        end = cursor + length
                        if first <= cursor < last and not any(s < end and e > cursor for s, e in taken):
                            slots.append((cursor, resource.user_id))
                        cursor = end
        return sorted(slots, key=lambda slot: (slot[0], slot[1].name or "", slot[1].id))

    def _local(self, moment):
        """A naive UTC datetime in the clinic's time zone."""
        zone = pytz.timezone(self.env.company.healthcare_timezone or "UTC")
        return pytz.utc.localize(moment).astimezone(zone)

    # Booking

    def _book_online(self, practitioner, start, values):
        """Book `start` (naive UTC) with `practitioner` for the patient who filled the form.

        `values`: name, mobile, email, data_processing (bool), marketing (channels ticked),
        ip_address, user_agent, lang. Raises UserError on bad input and SlotTaken when the time is
        no longer free; the caller runs this in a savepoint, so nothing is half-written. Two
        requests for the same practitioner are serialised (see `_lock_practitioner`).
        """
        self.ensure_one()
        appointment_type = self.sudo()
        if not (appointment_type.active and appointment_type.online_booking):
            raise UserError(_("This appointment type cannot be booked online."))
        if practitioner not in appointment_type.online_practitioner_ids.filtered("active"):
            raise UserError(_("This practitioner does not take online bookings for this appointment type."))
        name, mobile, email = self._check_booking_values(values)
        self._lock_practitioner(practitioner)
        length = timedelta(hours=self.duration)
        if (start, practitioner) not in self._online_slots(practitioner, first=start, last=start + length):
            raise SlotTaken(_("Sorry, this time is no longer available. Please choose another one."))
        patient, new = self._online_patient(name, mobile, email, values)
        event = (
            self.env["calendar.event"]
            .sudo()
            .with_context(dont_notify=True, mail_create_nolog=True, mail_create_nosubscribe=True)
            .create(
                {
                    "name": appointment_type.name,
                    "appointment_type_id": appointment_type.id,
                    "practitioner_id": practitioner.id,
                    "user_id": practitioner.id,
                    "partner_ids": [(6, 0, [patient.id, practitioner.partner_id.id])],
                    "patient_id": patient.id,
                    "start": start,
                    "stop": start + length,
                    "online_booking": True,
                    "online_approval": "pending" if self.env.company.healthcare_booking_approval else "approved",
                }
            )
        )
        if new:
            # Only the person who is the new record consents here: for a patient already known,
            # an anonymous form is no evidence (anyone may type their mobile), and a withdrawal
            # on record must stand; the desk asks them.
            self._record_booking_consents(patient, values)
        event._online_booking_activity()
        if event.online_approval == "approved":
            event._send_online_booking_confirmation()
        return event

    def _check_booking_values(self, values):
        name = (values.get("name") or "").strip()
        if not name or len(name) > 128:
            raise UserError(_("Please write your name and surname."))
        company = self.env.company
        try:
            number = phone_validation.phone_parse(values.get("mobile") or "", company.country_id.code)
        except UserError:
            number = None
        if not number:
            raise UserError(_("Please write a valid mobile number."))
        # A mobile of the clinic's country: confirmations are not sent abroad at an anonymous
        # visitor's request (SMS pumping).
        region = phonenumbers.region_code_for_number(number)
        mobile_types = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
        if (company.country_id.code and region != company.country_id.code) or (
            phonenumbers.number_type(number) not in mobile_types
        ):
            raise UserError(_("Please write a mobile number of %(country)s.", country=company.country_id.name))
        mobile = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        email = email_normalize(values.get("email") or "", strict=True)
        if not email:
            raise UserError(_("Please write a valid email address."))
        if not values.get("data_processing"):
            raise UserError(_("To book, please accept that the clinic processes your data."))
        return name, mobile, email

    def _lock_practitioner(self, practitioner):
        """Serialise the bookings of one practitioner: their resource's row is updated, so that of two
        requests at once the second waits, then fails with a serialisation error (Odoo's repeatable
        read) and Odoo runs it again: it then sees the first one's appointment and the time taken."""
        self.env.cr.execute(
            "UPDATE resource_resource SET write_date = (now() at time zone 'UTC') WHERE user_id = %s",
            [practitioner.id],
        )

    def _online_patient(self, name, mobile, email, values):
        """(patient, new): the patient with this mobile (E.164), or with this email and no other
        mobile, or a new one from the web.

        Nothing of an existing patient is changed, nor shown: the page says the same either way,
        and the confirmation goes where the form said (the patient's own mobile or email), so that
        whether someone is a patient cannot be told from where it arrives. Someone known by email
        with another mobile is registered anew, for the desk's duplicate check."""
        partners = self.env["res.partner"].sudo()
        company = self.env.company
        domain = [("is_patient", "=", True), ("company_id", "in", [company.id, False])]
        patient = partners.search(domain + ["|", ("mobile_e164", "=", mobile), ("phone_e164", "=", mobile)], limit=1)
        if not patient:
            patient = partners.search(
                domain + [("email_normalized", "=", email), ("mobile_e164", "in", [False, mobile])], limit=1
            )
        if patient:
            return patient, False
        source = self.env["utm.source"].sudo().search([("name", "=ilike", "web")], limit=1)
        if not source:
            source = self.env["utm.source"].sudo().create({"name": "Web"})
        lang = values.get("lang")
        vals = {
            "name": name,
            "email": email,
            "is_patient": True,
            "source_id": source.id,
            "lang": lang if lang in dict(self.env["res.lang"].get_installed()) else company.partner_id.lang,
        }
        # Someone who wrote in first (a prospect named after their WhatsApp profile) becomes the patient,
        # so that their conversation and their appointment are on one record.
        prospect = partners.search(
            [("is_prospect", "=", True), ("company_id", "in", [company.id, False])]
            + ["|", ("mobile_e164", "=", mobile), ("phone_e164", "=", mobile)],
            limit=1,
        )
        if prospect:
            # Named as typed only if WhatsApp gave no name: the number alone does not prove who types.
            named = prospect.name not in (prospect.mobile, prospect.phone, prospect.mobile_e164)
            prospect.write(
                {
                    **vals,
                    "is_prospect": False,
                    "name": prospect.name if named else name,
                    "email": prospect.email or email,
                }
            )
            return prospect, True
        patient = partners.with_context(mail_create_nolog=True).create(
            {**vals, "mobile": mobile, "company_id": company.id, "country_id": company.country_id.id}
        )
        return patient, True

    def _record_booking_consents(self, patient, values):
        """The consents ticked, each with the clause's exact text, the IP address and the browser."""
        env = self.with_context(lang=values.get("lang") or self.env.lang).env
        clauses = booking_clauses(env, self.env.company.name)
        purposes = ["data_processing"] + [
            MARKETING_PURPOSES[channel] for channel in MARKETING_PURPOSES if channel in (values.get("marketing") or ())
        ]
        self.env["healthcare.consent"].sudo().create(
            [
                {
                    "partner_id": patient.id,
                    "purpose": purpose,
                    "state": "given",
                    "source": "website",
                    "evidence": clauses[purpose],
                    "ip_address": values.get("ip_address"),
                    "user_agent": (values.get("user_agent") or "")[:500],
                }
                for purpose in purposes
            ]
        )
