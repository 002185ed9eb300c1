import calendar

from dateutil.relativedelta import relativedelta
from stdnum.br import cpf
from stdnum.cl import rut
from stdnum.es import dni, nie
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.mx import curp

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .date_values import check_date_values

# Oldest age we accept: a birthdate before this is a typing error.
MAX_AGE = 130
# Identity documents checked with python-stdnum (check digits, format); the number is
# stored in the document's usual printed form.
DOCUMENT_VALIDATORS = {"dni": dni, "nie": nie, "curp": curp, "rut": rut, "cpf": cpf}
CLINICIAN = "healthcare_crm.group_healthcare_clinician"
# The clinical fields the alert is made of (read whenever a clinician sees it).
ALERT_FIELDS = ("allergies", "condition_ids")
CONTACT_CHANNELS = [("phone", "Phone call"), ("whatsapp", "WhatsApp"), ("sms", "SMS"), ("email", "Email")]


class ResPartner(models.Model):
    """The patient: identity, clinical summary, and what makes a contact one.

    Other concerns of the patient live beside this file, one per file: phones and
    duplicates (res_partner_phone), engagement figures (res_partner_engagement), consent
    (res_partner_consent), contact history and appointments (res_partner_contact_history),
    vCard (res_partner_vcard), the clinical access log (res_partner_clinical_audit) and the
    right-of-access export (res_partner_personal_data).
    """

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
        CONTACT_CHANNELS,
        help="How the patient prefers to be contacted by the clinic.",
    )
    contact_hours = fields.Selection(
        [("morning", "Mornings"), ("afternoon", "Afternoons"), ("evening", "Evenings"), ("any", "Any time")],
        help="When the patient prefers to be called.",
    )
    insurer_id = fields.Many2one("healthcare.insurer", string="Insurer", index="btree_not_null")
    insurance_policy_number = fields.Char(string="Policy Number")
    emergency_contact_name = fields.Char(string="Emergency Contact")
    emergency_contact_phone = fields.Char(string="Emergency Phone")
    emergency_contact_relation = fields.Char(string="Relationship", help="e.g. mother, husband, neighbour")
    source_id = fields.Many2one("utm.source", string="Acquisition Source", help="How the patient found the clinic.")
    referred_by_id = fields.Many2one(
        "res.partner", string="Referred By", domain=[("is_patient", "=", True)], index="btree_not_null"
    )
    age_band = fields.Selection(
        [("0_17", "0-17"), ("18_34", "18-34"), ("35_49", "35-49"), ("50_64", "50-64"), ("65_plus", "65+")],
        compute="_compute_age_band",
        store=True,
        help="Kept current by a daily job that only looks at today's birthdays.",
    )
    # Clinical summary: only clinicians read or write it (field groups make Odoo refuse
    # read, search, export and grouping on these fields to everyone else).
    allergies = fields.Text(groups=CLINICIAN, copy=False)
    condition_ids = fields.Many2many("healthcare.condition", string="Chronic Conditions", groups=CLINICIAN, copy=False)
    medication_ids = fields.One2many(
        "healthcare.patient.medication", "partner_id", string="Medications", groups=CLINICIAN
    )
    clinical_notes = fields.Text(
        string="Patient Notes",
        groups=CLINICIAN,
        copy=False,
        help="e.g. needle phobia, white-coat anxiety, needs extra time.",
    )
    # What a clinician must not miss, shown in red on the patient, their appointments and quotes.
    clinical_alert = fields.Text(
        compute="_compute_clinical_alert",
        groups=CLINICIAN,
        help="The patient's allergies and the conditions flagged as alerts.",
    )

    _sql_constraints = [
        ("patient_code_unique", "unique(patient_code)", "Another patient already has this patient code."),
    ]

    def _get_complete_name(self):
        """A person on their own (every patient) is named by their name. Odoo's version reads the
        translated address types for each partner first, only to name a company's unnamed contacts:
        a third of the time of the quote pipeline's cards, which show 40 patients a column."""
        if not (self.company_name or self.parent_id):
            return (self.name or "").strip()
        return super()._get_complete_name()

    @api.model
    def _search(self, domain, *args, **kwargs):
        self._check_restricted_fields(leaf[0] for leaf in domain if isinstance(leaf, list | tuple))
        return super()._search(domain, *args, **kwargs)

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), *args, **kwargs):
        self._check_restricted_fields([*groupby, *(spec for spec in aggregates if spec != "__count")])
        return super()._read_group(domain, groupby, aggregates, *args, **kwargs)

    @api.model
    def _check_restricted_fields(self, paths):
        """Refuse domains and groupings on fields the user may not read.

        Odoo checks field groups when it reads a column, but a domain or a grouping on a
        many2many or one2many (``condition_ids != False``) goes through another table and
        would tell a receptionist which patients have a condition.
        """
        names = {str(path).split(".")[0].split(":")[0] for path in paths if isinstance(path, str)}
        # Only this addon's restricted fields: other modules' searches keep Odoo's own rules.
        restricted = [
            name for name in names if name in self._fields and "healthcare_crm." in (self._fields[name].groups or "")
        ]
        if restricted:
            self.check_field_access_rights("read", restricted)

    @api.depends("allergies", "condition_ids.is_alert", "condition_ids.name")
    @api.depends_context("lang")
    def _compute_clinical_alert(self):
        """Allergies and alert conditions, read as superuser: the field itself is for clinicians only.

        Whoever sees the alert has read the patient's allergies and conditions, so it is logged
        as the user (even when reached through an appointment or a quote): one row per patient
        and request, whatever the number of forms that show it.
        """
        for partner in self:
            clinical = partner.sudo()
            parts = []
            allergies = " ".join((clinical.allergies or "").split())
            if allergies:
                parts.append(self.env._("Allergies: %(allergies)s", allergies=allergies))
            parts += clinical.condition_ids.filtered("is_alert").mapped("name")
            partner.clinical_alert = " · ".join(parts) or False
        self.with_env(self.env(su=False))._healthcare_log_clinical_access("read", ALERT_FIELDS)

    @api.depends("birthdate")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.age = relativedelta(today, partner.birthdate).years if partner.birthdate else 0

    @api.depends("birthdate")
    def _compute_age_band(self):
        for partner in self:
            age = partner.age
            if not partner.birthdate:
                partner.age_band = False
            elif age < 18:
                partner.age_band = "0_17"
            elif age < 35:
                partner.age_band = "18_34"
            elif age < 50:
                partner.age_band = "35_49"
            elif age < 65:
                partner.age_band = "50_64"
            else:
                partner.age_band = "65_plus"

    @api.model
    def _cron_birthdays(self):
        """A patient changes age band only on a birthday: recompute those of today."""
        today = fields.Date.context_today(self)
        days = [(today.month, today.day)]
        if (today.month, today.day) == (3, 1) and not calendar.isleap(today.year):
            days.append((2, 29))  # born on 29 February: a year older on 1 March
        self.env.cr.execute(
            """SELECT id FROM res_partner
                WHERE birthdate IS NOT NULL
                  AND (EXTRACT(MONTH FROM birthdate), EXTRACT(DAY FROM birthdate)) IN %s""",
            [tuple(days)],
        )
        patients = self.browse([row[0] for row in self.env.cr.fetchall()])
        patients.invalidate_recordset(["age"])
        self.env.add_to_compute(self._fields["age_band"], patients)
        patients.flush_recordset(["age_band"])

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

    @api.constrains("id_document_type", "id_document_number", "company_id", "is_patient")
    def _check_id_document(self):
        for partner in self.filtered(lambda p: p.is_patient and p.id_document_number):
            # A patient shared by all companies clashes with any; others only within their company.
            company = [("company_id", "in", [partner.company_id.id, False])] if partner.company_id else []
            same = self.search_count(
                [
                    ("id", "!=", partner.id),
                    ("is_patient", "=", True),
                    ("id_document_type", "=", partner.id_document_type),
                    ("id_document_number", "=", partner.id_document_number),
                    *company,
                ],
                limit=1,
            )
            if same:
                raise ValidationError(
                    _(
                        "Another patient already has the identity document %(number)s.",
                        number=partner.id_document_number,
                    )
                )

    @api.model
    def _normalize_id_document(self, document_type, number):
        """The document in its printed form, or a ValidationError naming what is wrong."""
        number = (number or "").strip()
        validator = DOCUMENT_VALIDATORS.get(document_type)
        if not number or not validator:
            return number or False
        try:
            valid = validator.validate(number)
        except StdnumError as error:
            label = dict(self._fields["id_document_type"]._description_selection(self.env))[document_type]
            raise ValidationError(
                _("%(number)s is not a valid %(type)s: %(reason)s", number=number, type=label, reason=error.message)
            ) from error
        return validator.format(valid) if hasattr(validator, "format") else valid

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
        check_date_values(self, vals_list)
        default_patient = self.env.context.get("default_is_patient")
        for vals in vals_list:
            if vals.get("is_patient", default_patient) and not vals.get("patient_code"):
                vals["patient_code"] = self._next_patient_code()
            if vals.get("is_patient", default_patient) and "company_id" not in vals:
                vals["company_id"] = self.env.company.id  # patients are not shared between companies by default
            if vals.get("id_document_number"):
                vals["id_document_number"] = self._normalize_id_document(
                    vals.get("id_document_type"), vals["id_document_number"]
                )
        return super().create(vals_list)

    def write(self, vals):
        check_date_values(self, [vals])
        if "id_document_number" in vals or "id_document_type" in vals:
            if len(self) > 1:
                # The normalised number depends on each record's own document type.
                for partner in self:
                    partner.write(vals)
                return True
            vals = dict(
                vals,
                id_document_number=self._normalize_id_document(
                    vals.get("id_document_type", self.id_document_type),
                    vals.get("id_document_number", self.id_document_number),
                ),
            )
        result = super().write(vals)
        if vals.get("is_patient"):
            for partner in self.filtered(lambda p: not p.patient_code):
                partner.patient_code = self._next_patient_code()
        return result

    def _creation_message(self):
        # Odoo logs "<model description> created" ("Contact created"): a patient is registered.
        if self.is_patient:
            return _("Patient registered")
        return super()._creation_message()

    def _next_patient_code(self):
        return self.env["ir.sequence"].sudo().next_by_code("healthcare.patient")
