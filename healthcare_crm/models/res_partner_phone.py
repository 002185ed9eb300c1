import phonenumbers

from odoo import _, api, fields, models
from odoo.addons.phone_validation.tools import phone_validation
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

# Numbers that can receive SMS and WhatsApp (in Mexico or the USA a number can be either).
MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


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

    @api.depends("mobile_e164", "phone_e164", "email", "id_document_number", "is_patient")
    def _compute_duplicate_patient_ids(self):
        for partner in self:
            partner.duplicate_patient_ids = partner._find_duplicate_patients() if partner.is_patient else False

    def _find_duplicate_patients(self):
        """Other patients sharing a normalised phone, the email or the document number."""
        self.ensure_one()
        numbers = {n for n in (self.mobile_e164, self.phone_e164) if n}
        criteria = []
        if numbers:
            criteria += [["|", ("mobile_e164", "in", list(numbers)), ("phone_e164", "in", list(numbers))]]
        if self.email and self.email.strip():
            criteria += [[("email", "=ilike", self.email.strip())]]
        if self.id_document_number:
            criteria += [[("id_document_number", "=", self.id_document_number)]]
        if not criteria:
            return self.browse()
        domain = [("is_patient", "=", True), ("id", "!=", self._origin.id or 0)]
        return self.search(domain + expression.OR(criteria))

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
