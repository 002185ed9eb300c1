import re

import phonenumbers

from odoo import _, api, fields, models
from odoo.addons.phone_validation.tools import phone_validation
from odoo.exceptions import UserError, ValidationError
from odoo.modules.db import FunctionStatus
from odoo.osv import expression
from odoo.tools import create_index

# Numbers that can receive SMS and WhatsApp (in Mexico or the USA a number can be either).
MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
# What someone searching for a phone types: digits, a leading + and the usual separators.
PHONE_QUERY = re.compile(r"^\+?[\d\s().\-/]+$")
# Fewer digits could be anything (a year, a house number): not searched as part of a phone.
MIN_PHONE_DIGITS = 5
# Columns the patient search box and name_search (any many2one: Odoo's _rec_names_search, then
# ours) look in with ilike '%...%', beside the phone digits: they get a trigram index of their
# own (Odoo's btree indexes on complete_name, ref and vat keep their names).
TRIGRAM_COLUMNS = ("complete_name", "email", "patient_code", "id_document_number", "ref", "vat", "company_registry")


def _digits(number):
    return re.sub(r"\D", "", number or "") or False


class ResPartner(models.Model):
    """A patient's phones in E.164, and the other patients who share a phone, email or document."""

    _inherit = "res.partner"

    # Phones are kept as typed; their E.164 form is what reminders and duplicate checks use.
    mobile_e164 = fields.Char(
        string="Mobile (E.164)", compute="_compute_phones_e164", store=True, index="btree_not_null"
    )
    phone_e164 = fields.Char(string="Phone (E.164)", compute="_compute_phones_e164", store=True, index="btree_not_null")
    has_mobile = fields.Boolean(
        compute="_compute_phones_e164",
        store=True,
        help="The patient has a number known to be a mobile, so SMS and WhatsApp can reach them.",
    )

    # The digits of each number (its E.164 form without '+', else as typed) for searches on
    # part of a number; trigram indexes serve ilike '%digits%'.
    mobile_digits = fields.Char(string="Mobile (digits)", compute="_compute_phone_digits", store=True, index="trigram")
    phone_digits = fields.Char(string="Phone (digits)", compute="_compute_phone_digits", store=True, index="trigram")
    # Search only: a number however typed (612 345 678, +34612345678, 0034 612 34 56 78) or part of it.
    phone_search = fields.Char(string="Phone or Mobile", store=False, search="_search_phone_search")

    # mail's lowercase address: the duplicate check compares it with = on a btree (a trigram
    # index answers email =ilike too, but reads the long lists of 'com' and 'exa' to do it).
    email_normalized = fields.Char(index="btree_not_null")

    duplicate_patient_ids = fields.Many2many(
        "res.partner", string="Possible Duplicates", compute="_compute_duplicate_patient_ids"
    )

    @api.depends("mobile", "phone", "country_id")
    def _compute_phones_e164(self):
        for partner in self:
            mobile = partner._parse_phone(partner.mobile)
            phone = partner._parse_phone(partner.phone)
            partner.mobile_e164 = mobile and phonenumbers.format_number(mobile, phonenumbers.PhoneNumberFormat.E164)
            partner.phone_e164 = phone and phonenumbers.format_number(phone, phonenumbers.PhoneNumberFormat.E164)
            partner.has_mobile = any(
                number and phonenumbers.number_type(number) in MOBILE_TYPES for number in (mobile, phone)
            )

    @api.depends("mobile", "phone", "mobile_e164", "phone_e164")
    def _compute_phone_digits(self):
        for partner in self:
            partner.mobile_digits = _digits(partner.mobile_e164 or partner.mobile)
            partner.phone_digits = _digits(partner.phone_e164 or partner.phone)

    def init(self):
        super().init()
        if not self.env.registry.has_trigram:
            return
        for column in TRIGRAM_COLUMNS:
            # Odoo compares unaccent(column) with ilike when unaccent is enabled: index the same.
            column_expression = f'"{column}"'
            if self.env.registry.has_unaccent == FunctionStatus.INDEXABLE:
                column_expression = self.env.registry.unaccent(column_expression)
            create_index(
                self.env.cr,
                indexname=f"{self._table}_{column}_trgm_index",
                tablename=self._table,
                expressions=[f"{column_expression} gin_trgm_ops"],
                method="gin",
            )

    @api.model
    def _phone_search_domain(self, text):
        """Partners whose mobile or phone is the number `text`, however typed, or contains it.

        A whole number, read in the company's country (612 345 678, +34612345678,
        0034 612 34 56 78), is looked up in the E.164 columns; part of one (at least
        MIN_PHONE_DIGITS digits) in the digits columns, anywhere in the number or, after
        + or 00, at its start. Anything else that is not a phone matches nothing.
        """
        text = text.strip() if isinstance(text, str) else ""
        if not PHONE_QUERY.match(text):
            return expression.FALSE_DOMAIN
        number = self.browse()._parse_phone(text)
        if number:
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            return ["|", ("mobile_e164", "=", e164), ("phone_e164", "=", e164)]
        digits = re.sub(r"\D", "", text)
        if text.startswith("+") or digits.startswith("00"):
            digits = digits.removeprefix("00")
            operator, pattern = "=ilike", f"{digits}%"
        else:
            # A trunk 0 typed before a national number is not in the E.164 digits.
            digits = digits.lstrip("0")
            operator, pattern = "ilike", digits
        if len(digits) < MIN_PHONE_DIGITS:
            return expression.FALSE_DOMAIN
        # ilike rather than like: the trigram index is on unaccent(column) where unaccent is enabled.
        return ["|", ("mobile_digits", operator, pattern), ("phone_digits", operator, pattern)]

    def _search_phone_search(self, operator, value):
        domain = self._phone_search_domain(value)
        if operator in expression.NEGATIVE_TERM_OPERATORS:
            return ["!", *expression.normalize_domain(domain)]
        return domain

    @api.model
    def _search_display_name(self, operator, value):
        """Odoo's search on name, email, reference... and, for what looks like a phone number,
        the partner's phones: digits typed in any many2one find the patient."""
        domain = super()._search_display_name(operator, value)
        if operator in ("ilike", "like") and isinstance(value, str):
            phones = self._phone_search_domain(value)
            if phones != expression.FALSE_DOMAIN:
                domain = expression.OR([domain, phones])
        return domain

    def _phone_region(self):
        """The country a number without prefix belongs to: the patient's, else the company's."""
        country = self.country_id or self.company_id.country_id or self.env.company.country_id
        return country.code

    def _parse_phone(self, number, raise_exception=False):
        if not number:
            return None
        try:
            return phone_validation.phone_parse(number, self._phone_region())
        except UserError:
            if raise_exception:
                raise
            return None

    @api.constrains("mobile", "phone", "country_id", "is_patient")
    def _check_patient_phones(self):
        for partner in self.filtered("is_patient"):
            for field in ("mobile", "phone"):
                try:
                    partner._parse_phone(partner[field], raise_exception=True)
                except UserError as error:
                    raise ValidationError(
                        _(
                            "%(field)s of %(patient)s: %(error)s",
                            field=partner._fields[field].get_description(self.env)["string"],
                            patient=partner.display_name,
                            error=error.args[0],
                        )
                    ) from error

    @api.depends("mobile_e164", "phone_e164", "email", "email_normalized", "id_document_number", "is_patient")
    def _compute_duplicate_patient_ids(self):
        for partner in self:
            partner.duplicate_patient_ids = partner._find_duplicate_patients() if partner.is_patient else False

    def _find_duplicate_patients(self):
        """Other patients sharing a normalised phone, the email or the document number."""
        self.ensure_one()
        domain = self._duplicate_patients_domain()
        return self.search(domain) if domain else self.browse()

    def _duplicate_patients_domain(self):
        """The search for this patient's possible duplicates (False when nothing to compare):
        equalities on the E.164 numbers, mail's normalised email and the document number, each
        served by a btree index, so that opening a patient costs one indexed lookup."""
        self.ensure_one()
        numbers = {n for n in (self.mobile_e164, self.phone_e164) if n}
        criteria = []
        if numbers:
            criteria += [["|", ("mobile_e164", "in", list(numbers)), ("phone_e164", "in", list(numbers))]]
        if self.email_normalized:
            criteria += [[("email_normalized", "=", self.email_normalized)]]
        elif self.email and self.email.strip():
            # Not an address mail can read: compared as typed, as before mail normalised it.
            criteria += [[("email", "=ilike", self.email.strip())]]
        if self.id_document_number:
            criteria += [[("id_document_number", "=", self.id_document_number)]]
        if not criteria:
            return False
        return [("is_patient", "=", True), ("id", "!=", self._origin.id or 0), *expression.OR(criteria)]

    @api.onchange("mobile", "phone", "email", "id_document_number")
    def _onchange_warn_duplicates(self):
        if not self.is_patient or not self.duplicate_patient_ids:
            return None
        names = ", ".join(
            f"{p.display_name} ({p.patient_code})" if p.patient_code else p.display_name
            for p in self.duplicate_patient_ids[:5]
        )
        return {
            "warning": {
                "title": _("Possible duplicate patient"),
                "message": _(
                    "%(names)s already has this phone, email or document. If it is the same person, "
                    "save and use Merge on the patient form instead of keeping two records.",
                    names=names,
                ),
            }
        }

    def action_merge_duplicates(self):
        """Open Odoo's contact merge with this patient and its possible duplicates."""
        self.ensure_one()
        partners = self | self.duplicate_patient_ids
        action = self.env["ir.actions.act_window"]._for_xml_id("base.action_partner_merge")
        action["context"] = {"active_model": "res.partner", "active_ids": partners.ids}
        return action
