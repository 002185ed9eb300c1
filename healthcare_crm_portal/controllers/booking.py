import re
from collections import OrderedDict
from datetime import datetime, timedelta

import phonenumbers
import pytz

from odoo import http
from odoo.addons.healthcare_crm_messaging.controllers.common import check_csrf
from odoo.exceptions import UserError
from odoo.http import request

from ..models.healthcare_appointment_type_booking import MARKETING_PURPOSES, SlotTaken, booking_clauses

# A slot in a link: its start in the clinic's time zone, e.g. 20261125T0930.
SLOT_FORMAT = "%Y%m%dT%H%M"
SLOT_PATTERN = re.compile(r"\d{8}T\d{4}")
REF_PATTERN = re.compile(r"(?:[\w-]*-)?(\d{1,9})")
# Days shown to choose from, the first ones with a free slot.
DAYS_SHOWN = 14
FORM_FIELDS = ("name", "mobile", "email")


def _ref_id(ref):
    """The id at the end of a slug ("primera-visita-3" or "3"), or None."""
    match = isinstance(ref, str) and REF_PATTERN.fullmatch(ref)
    return int(match.group(1)) if match else None


def _text(value, size=200):
    """A form value as text: a file or a list is no text."""
    return value.replace("\x00", "").strip()[:size] if isinstance(value, str) else ""


class OnlineBooking(http.Controller):
    """/reservar: the patient picks a type, optionally a practitioner, a day and a free slot, then
    gives name, mobile and email. Everything is rendered on the server in the clinic's time zone:
    the patient's browser cannot shift a slot."""

    # Helpers

    def _in_clinic_lang(self):
        """Pages and messages in the clinic's language, whatever the website's default."""
        company = request.env.company.sudo()
        request.update_context(lang=company.partner_id.lang or request.env.lang)
        return request.env

    def _render(self, template, values, status=200):
        company = request.env.company.sudo()
        env = self._in_clinic_lang()
        day_names = [
            env._("Monday"),
            env._("Tuesday"),
            env._("Wednesday"),
            env._("Thursday"),
            env._("Friday"),
            env._("Saturday"),
            env._("Sunday"),
        ]
        values = {
            "day_names": day_names,
            "clinic": company,
            "embed": bool(request.params.get("embed")),
            "slug": request.env["ir.http"]._slug,
            **values,
        }
        response = request.render(template, values, status=status)
        if not values["embed"]:  # ?embed=1 is made for the clinic's own site's frame
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
            response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
        return response

    def _error(self, message, status=400):
        return self._render("healthcare_crm_portal.booking_message_page", {"message": message}, status=status)

    def _types(self, practitioner=None):
        domain = [("online_booking", "=", True), ("online_practitioner_ids.active", "=", True)]
        if practitioner:
            domain.append(("online_practitioner_ids", "in", practitioner.ids))
        return request.env["healthcare.appointment.type"].sudo().search(domain)

    def _type(self, type_ref):
        type_id = _ref_id(type_ref)
        appointment_type = type_id and request.env["healthcare.appointment.type"].sudo().browse(type_id).exists()
        if not appointment_type or not appointment_type.active or not appointment_type.online_booking:
            return None
        return appointment_type

    def _practitioner(self, appointment_type, ref):
        user_id = _ref_id(ref)
        practitioners = appointment_type.online_practitioner_ids.filtered("active")
        return practitioners.filtered(lambda user: user.id == user_id)[:1] if user_id else None

    def _query(self, **values):
        params = {key: value for key, value in values.items() if value}
        if request.params.get("embed"):
            params["embed"] = 1
        return ("?" + "&".join(f"{key}={value}" for key, value in params.items())) if params else ""

    # Pages

    @http.route("/reservar", type="http", auth="public", website=True, methods=["GET"], sitemap=True)
    def booking_types(self, profesional=None, **kwargs):
        self._in_clinic_lang()
        practitioner = request.env["res.users"]
        if profesional:
            user_id = _ref_id(profesional)
            practitioner = request.env["res.users"].sudo().browse(user_id or 0).exists()
            # Only a practitioner who takes online bookings: no other user's name is shown.
            if not practitioner or practitioner.share or not self._types(practitioner):
                return self._error(request.env._("This booking link is not valid."), status=404)
        types = self._types(practitioner)
        return self._render(
            "healthcare_crm_portal.booking_types_page",
            {"types": types, "practitioner": practitioner, "query": self._query()},
        )

    @http.route(
        ["/reservar/<string:type_ref>", "/reservar/<string:type_ref>/<string:practitioner_ref>"],
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
    )
    def booking_slots(self, type_ref, practitioner_ref=None, day=None, profesional=None, **kwargs):
        self._in_clinic_lang()
        appointment_type = self._type(type_ref)
        if not appointment_type:
            return self._error(request.env._("This appointment type cannot be booked online."), status=404)
        practitioner = None
        ref = practitioner_ref or profesional
        if ref:
            practitioner = self._practitioner(appointment_type, ref)
            if not practitioner:
                return self._error(
                    request.env._("This practitioner does not take online bookings for this appointment type."),
                    status=404,
                )
        return self._slots_page(appointment_type, practitioner, day)

    def _slots_page(self, appointment_type, practitioner, day=None, message=None, status=200):
        slots = appointment_type._online_slots(practitioner)
        days = OrderedDict()
        for start, user in slots:
            local = appointment_type._local(start)
            times = days.setdefault(local.date(), OrderedDict())
            times.setdefault(local.strftime("%H:%M"), (local, user))  # any practitioner: the first free
        chosen = None
        if isinstance(day, str):
            chosen = next((d for d in days if d.isoformat() == day), None)
        chosen = chosen or next(iter(days), None)
        return self._render(
            "healthcare_crm_portal.booking_slots_page",
            {
                "appointment_type": appointment_type,
                "practitioner": practitioner,
                "practitioners": appointment_type.online_practitioner_ids.filtered("active"),
                "days": list(days)[:DAYS_SHOWN],
                "chosen": chosen,
                "times": list(days.get(chosen, {}).values()) if chosen else [],
                "message": message,
                "slot_format": SLOT_FORMAT,
                "query": self._query(),
            },
            status=status,
        )

    def _slot(self, appointment_type, practitioner_ref, slot):
        """(practitioner, start in naive UTC) of a slot link, or None when the link is malformed."""
        practitioner = self._practitioner(appointment_type, practitioner_ref)
        if not practitioner or not isinstance(slot, str) or not SLOT_PATTERN.fullmatch(slot):
            return None
        try:
            local = datetime.strptime(slot, SLOT_FORMAT)
        except ValueError:
            return None
        zone = pytz.timezone(request.env.company.sudo().healthcare_timezone or "UTC")
        start = zone.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
        return practitioner, start

    @http.route(
        "/reservar/<string:type_ref>/<string:practitioner_ref>/<string:slot>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        csrf=False,
        sitemap=False,
    )
    def booking_form(self, type_ref, practitioner_ref, slot, **post):
        env = self._in_clinic_lang()
        appointment_type = self._type(type_ref)
        if not appointment_type:
            return self._error(env._("This appointment type cannot be booked online."), status=404)
        found = self._slot(appointment_type, practitioner_ref, slot)
        if not found:
            return self._error(env._("This time is not valid. Please choose one from the list."), status=404)
        practitioner, start = found
        if request.httprequest.method == "GET":
            length = timedelta(hours=appointment_type.duration)
            if (start, practitioner) not in appointment_type._online_slots(
                practitioner, first=start, last=start + length
            ):
                local_day = appointment_type._local(start).date().isoformat()
                message = env._("Sorry, this time is no longer available. Please choose another one.")
                return self._slots_page(appointment_type, None, local_day, message=message, status=409)
            return self._form_page(appointment_type, practitioner, start, slot, {})
        # Odoo's CSRF check is made by check_csrf, which refuses odd tokens without failing.
        check_csrf(post)
        return self._submit(appointment_type, practitioner, start, slot, post)

    def _form_page(self, appointment_type, practitioner, start, slot, values, *, message=None, status=200):
        company = request.env.company.sudo()
        return self._render(
            "healthcare_crm_portal.booking_form_page",
            {
                "appointment_type": appointment_type,
                "practitioner": practitioner,
                "when": appointment_type._local(start),
                "slot": slot,
                "values": values,
                "clauses": booking_clauses(self._in_clinic_lang(), company.name),
                "message": message,
                "query": self._query(),
            },
            status=status,
        )

    def _submit(self, appointment_type, practitioner, start, slot, post):
        env = request.env
        values = {field: _text(post.get(field)) for field in FORM_FIELDS}
        values["data_processing"] = bool(post.get("consent_data_processing"))
        values["marketing"] = [channel for channel in MARKETING_PURPOSES if post.get(f"consent_{channel}")]
        company = env.company.sudo()
        values.update(
            ip_address=request.httprequest.remote_addr,
            user_agent=request.httprequest.user_agent.string or "",
            lang=company.partner_id.lang or env.lang,
        )
        attempts = env["healthcare.booking.attempt"].sudo()
        try:
            attempts._record_attempt(values["ip_address"], values["mobile"] and self._phone_key(values["mobile"]))
        except UserError as error:
            return self._error(error.args[0], status=429)
        if _text(post.get("website_url")):  # the honeypot: hidden from people, filled by robots
            return self._error(env._("Your request could not be sent."), status=400)
        try:
            with env.cr.savepoint():
                event = appointment_type._book_online(practitioner, start, values)
        except SlotTaken as error:
            local_day = appointment_type._local(start).date().isoformat()
            return self._slots_page(appointment_type, None, local_day, message=error.args[0], status=409)
        except UserError as error:
            return self._form_page(
                appointment_type, practitioner, start, slot, values, message=error.args[0], status=400
            )
        return self._render(
            "healthcare_crm_portal.booking_done_page",
            {
                "appointment_type": appointment_type,
                "practitioner": practitioner,
                "when": appointment_type._local(event.start),
                "pending": event.online_approval == "pending",
            },
        )

    def _phone_key(self, mobile):
        """The number the rate limit counts: E.164 when it can be read, else its digits."""
        try:
            number = phonenumbers.parse(mobile, request.env.company.country_id.code or None)
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            return re.sub(r"\D", "", mobile)[:20] or None
