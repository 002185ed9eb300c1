import vobject
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext, is_html_empty

# Oldest age we accept: a birthdate before this is a typing error.
MAX_AGE = 130


class ResPartner(models.Model):
    _inherit = "res.partner"
    # A patient is found by code from any many2one, as by name or email.
    _rec_names_search = [
        "complete_name",
        "email",
        "ref",
        "vat",
        "company_registry",
        "patient_code",
    ]

    is_patient = fields.Boolean(string="Is a Patient", index=True, tracking=True)
    patient_code = fields.Char(
        copy=False,
        readonly=True,
        index=True,
        help="Assigned from the 'healthcare.patient' sequence when the contact becomes a patient.",
    )
    birthdate = fields.Date(tracking=True)
    age = fields.Integer(compute="_compute_age", search="_search_age", help="Age in whole years today.")
    gender = fields.Selection([("female", "Female"), ("male", "Male"), ("other", "Other")])
    id_document_type = fields.Selection(
        [
            ("dni", "DNI"),
            ("nie", "NIE"),
            ("curp", "CURP"),
            ("rut", "RUT"),
            ("cpf", "CPF"),
            ("passport", "Passport"),
            ("other", "Other"),
        ],
        string="Identity Document Type",
    )
    id_document_number = fields.Char(string="Identity Document Number", copy=False, index="btree_not_null")
    preferred_channel = fields.Selection(
        [("phone", "Phone call"), ("whatsapp", "WhatsApp"), ("sms", "SMS"), ("email", "Email")],
        help="How the patient prefers to be contacted by the clinic.",
    )

    _sql_constraints = [
        ("patient_code_unique", "unique(patient_code)", "Another patient already has this patient code."),
    ]

    @api.depends("birthdate")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.age = relativedelta(today, partner.birthdate).years if partner.birthdate else 0

    def _search_age(self, operator, value):
        if operator not in ("=", "!=", "<", "<=", ">", ">=") or not isinstance(value, int):
            raise UserError(_("Age can only be compared with a whole number of years."))
        today = fields.Date.context_today(self)

        def born_by(years):
            """Latest birthdate of someone who is at least `years` old today."""
            return today - relativedelta(years=years)

        if operator == ">":
            operator, value = ">=", value + 1
        elif operator == "<":
            operator, value = "<=", value - 1
        if operator == ">=":
            return [("birthdate", "<=", born_by(value))]
        if operator == "<=":
            return [("birthdate", ">", born_by(value + 1))]
        if operator == "=":
            return [("birthdate", "<=", born_by(value)), ("birthdate", ">", born_by(value + 1))]
        return [
            "|",
            "|",
            ("birthdate", "=", False),
            ("birthdate", ">", born_by(value)),
            ("birthdate", "<=", born_by(value + 1)),
        ]

    @api.constrains("birthdate")
    def _check_birthdate(self):
        today = fields.Date.context_today(self)
        for partner in self.filtered("birthdate"):
            if partner.birthdate > today:
                raise ValidationError(_("The birthdate of %s is in the future.", partner.display_name))
            if partner.birthdate < today - relativedelta(years=MAX_AGE):
                raise ValidationError(
                    _(
                        "The birthdate of %(name)s is more than %(max)s years ago.",
                        name=partner.display_name,
                        max=MAX_AGE,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("is_patient") and not vals.get("patient_code"):
                vals["patient_code"] = self._next_patient_code()
        return super().create(vals_list)

    def write(self, vals):
        result = super().write(vals)
        if vals.get("is_patient"):
            for partner in self.filtered(lambda p: not p.patient_code):
                partner.patient_code = self._next_patient_code()
        return result

    def _next_patient_code(self):
        return self.env["ir.sequence"].sudo().next_by_code("healthcare.patient")

    # vCard export: one vCard 3.0 per partner, served by the /healthcare_crm/vcard controller.
    _HEALTHCARE_VCARD_GENDERS = {"female": "Female", "male": "Male", "other": "Other"}

    def action_healthcare_vcard_export(self):
        """Download the selected partners as one .vcf file (server action "Export vCard")."""
        if not self:
            raise UserError(_("Select at least one patient to export."))
        return {
            "type": "ir.actions.act_url",
            "url": "/healthcare_crm/vcard?ids=" + ",".join(str(pid) for pid in self.ids),
            "target": "self",
        }

    def _healthcare_vcard(self):
        """The partner as a vobject vCard 3.0 component, read with the current user's rights."""
        self.ensure_one()
        card = vobject.vCard()
        card.add("version").value = "3.0"
        name = self.name or self.display_name or ""
        card.add("fn").value = name
        # Odoo keeps one name; the first word is taken as the given name, as most address books do.
        given, _sep, family = name.partition(" ")
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        for number, kind in ((self.mobile, "CELL"), (self.phone, "VOICE")):
            if number:
                tel = card.add("tel")
                tel.value = number
                tel.type_param = kind
        if self.email:
            email = card.add("email")
            email.value = self.email
            email.type_param = "INTERNET"
        if self.birthdate:
            card.add("bday").value = self.birthdate.isoformat()
        if any((self.street, self.street2, self.city, self.zip, self.state_id, self.country_id)):
            card.add("adr").value = vobject.vcard.Address(
                street=self.street or "",
                extended=self.street2 or "",
                city=self.city or "",
                region=self.state_id.name or "",
                code=self.zip or "",
                country=self.country_id.name or "",
            )
        if self.gender:
            card.add("x-gender").value = self._HEALTHCARE_VCARD_GENDERS[self.gender]
        if self.patient_code:
            card.add("x-patient-code").value = self.patient_code
        if not is_html_empty(self.comment):
            card.add("note").value = html2plaintext(self.comment)
        return card
