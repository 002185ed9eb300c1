import phonenumbers

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

from .healthcare_inbound_message import WHATSAPP_WINDOW


class ResPartner(models.Model):
    """Who wrote: a patient found by their number, or a prospect opened for a number nobody has."""

    _inherit = "res.partner"

    # The start of WhatsApp's customer-service window: free text may go for 24 hours after it.
    whatsapp_last_inbound = fields.Datetime(string="Last WhatsApp Received", readonly=True, copy=False)
    is_prospect = fields.Boolean(
        string="Prospect",
        index=True,
        copy=False,
        help="Wrote to the clinic from a number no contact had; not a patient yet.",
    )

    def _whatsapp_free_text_allowed(self, moment=None):
        """Whether WhatsApp lets the clinic write free text to this contact now (or at `moment`):
        within 24 hours of their last message. Outside it only an approved template may go."""
        self.ensure_one()
        moment = moment or fields.Datetime.now()
        last = self.whatsapp_last_inbound
        return bool(last) and last <= moment < last + WHATSAPP_WINDOW

    @api.model
    def _from_inbound_numbers(self, names_by_number):
        """{number: partner} for the numbers that wrote, in one search: a patient first, then the
        most recent contact with the number as mobile or phone; a new prospect, named after the
        WhatsApp profile (else the number), for a number nobody has."""
        e164 = {number: self._inbound_number(number) for number in names_by_number}
        found = self.search(
            ["|", ("mobile_e164", "in", list(set(e164.values()))), ("phone_e164", "in", list(set(e164.values())))],
            order="is_patient desc, id desc",
        )
        by_number = {}
        for partner in found:  # best first: the first partner seen for a number is the one
            for number in (partner.mobile_e164, partner.phone_e164):
                if number:
                    by_number.setdefault(number, partner)
        missing = {}
        for number, normalized in e164.items():
            if normalized not in by_number and normalized not in missing:
                missing[normalized] = names_by_number[number]
        if missing:
            prospects = self.create([self._prospect_values(number, name) for number, name in missing.items()])
            by_number.update(zip(missing, prospects, strict=True))
        return {number: by_number[normalized] for number, normalized in e164.items()}

    @api.model
    def _inbound_number(self, number):
        """A sender's number in E.164 ("whatsapp:+34...", "+34 ...", a short code stays as sent)."""
        number = (number or "").removeprefix("whatsapp:").strip()
        try:
            parsed = phonenumbers.parse(number if number.startswith("+") else f"+{number}")
        except phonenumbers.NumberParseException:
            return number
        if not phonenumbers.is_possible_number(parsed):
            return number
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)

    @api.model
    def _prospect_values(self, number, name):
        country = self.env["res.country"]
        try:
            region = phonenumbers.region_code_for_number(phonenumbers.parse(number))
            country = region and country.search([("code", "=", region)], limit=1) or country
        except phonenumbers.NumberParseException:
            pass
        return {
            "name": name or number,
            "mobile": number,
            "country_id": country.id,
            "is_prospect": True,
            "company_id": self.env.company.id,
            "lang": self.env.company.partner_id.lang or self.env.lang,
        }

    def _desk_user(self, event=None):
        """Who at the desk follows up on this contact: their responsible, the appointment's
        organiser, whoever registered them; the administrator when none is a staff user."""
        self.ensure_one()
        for user in (self.user_id, event and event.user_id, event and event.create_uid, self.create_uid):
            if user and user._is_internal() and user.id != SUPERUSER_ID and user.active:
                return user
        return self.env.ref("base.user_admin")

    def action_make_patient(self):
        """The desk turns a prospect who wrote in into a patient (a patient code, the clinic's patient rules)."""
        prospects = self.filtered("is_prospect")
        if not prospects:
            raise UserError(_("Only a prospect can be turned into a patient."))
        prospects.write({"is_patient": True, "is_prospect": False})
        return True
