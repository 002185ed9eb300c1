import calendar

import phonenumbers
import vobject
from dateutil.relativedelta import relativedelta
from stdnum.br import cpf
from stdnum.cl import rut
from stdnum.es import dni, nie
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.mx import curp

from odoo import _, api, fields, models
from odoo.addons.phone_validation.tools import phone_validation
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import html2plaintext, is_html_empty

from .date_values import check_date_values
from .healthcare_consent import CONSENT_CURRENT_STATES, CONSENT_PURPOSES, CURRENT_FIRST

# Oldest age we accept: a birthdate before this is a typing error.
MAX_AGE = 130
# A patient who missed this many appointments in these recent months is flagged.
FREQUENT_NO_SHOWS = 2
NO_SHOW_RECENT_MONTHS = 12
# Identity documents checked with python-stdnum (check digits, format); the number is
# stored in the document's usual printed form.
DOCUMENT_VALIDATORS = {"dni": dni, "nie": nie, "curp": curp, "rut": rut, "cpf": cpf}
CLINICIAN = "healthcare_crm.group_healthcare_clinician"
# Numbers that can receive SMS and WhatsApp (in Mexico or the USA a number can be either).
MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _current_consent_field(string):
    """The stored current state of one consent purpose, for segments."""
    return fields.Selection(
        CONSENT_CURRENT_STATES,
        string=string,
        compute="_compute_consent_states",
        store=True,
        help="Current state, from the newest consent recorded for this purpose.",
    )


CONTACT_CHANNELS = [("phone", "Phone call"), ("whatsapp", "WhatsApp"), ("sms", "SMS"), ("email", "Email")]


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
    # Engagement, stored for segments and kept current by the appointments and invoices
    # that change it (see _update_engagement), never by recomputing every patient.
    first_visit_date = fields.Datetime(string="First Visit", readonly=True, copy=False)
    last_visit_date = fields.Datetime(string="Last Visit", readonly=True, copy=False, index="btree_not_null")
    next_appointment_date = fields.Datetime(
        string="Next Appointment", readonly=True, copy=False, index="btree_not_null"
    )
    no_show_count = fields.Integer(
        string="No-shows", readonly=True, copy=False, help="Appointments the patient missed without notice."
    )
    recent_no_show_count = fields.Integer(
        string="Recent No-shows",
        readonly=True,
        copy=False,
        help=f"No-shows in the last {NO_SHOW_RECENT_MONTHS} months.",
    )
    frequent_no_show = fields.Boolean(
        string="Frequent No-show",
        readonly=True,
        copy=False,
        index=True,
        help=f"{FREQUENT_NO_SHOWS} or more no-shows in the last {NO_SHOW_RECENT_MONTHS} months: "
        "confirm their appointments by phone.",
    )
    lifetime_invoiced = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        copy=False,
        help="Customer invoices posted to the patient, less credit notes, in the company currency.",
    )
    age_band = fields.Selection(
        [("0_17", "0-17"), ("18_34", "18-34"), ("35_49", "35-49"), ("50_64", "50-64"), ("65_plus", "65+")],
        compute="_compute_age_band",
        store=True,
        help="Kept current by a daily job that only looks at today's birthdays.",
    )
    duplicate_patient_ids = fields.Many2many(
        "res.partner", string="Possible Duplicates", compute="_compute_duplicate_patient_ids"
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

    _sql_constraints = [
        ("patient_code_unique", "unique(patient_code)", "Another patient already has this patient code."),
    ]

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

    @api.model
    def _cron_passed_appointments(self):
        """A passed appointment is no longer the next one, and old no-shows stop being recent:
        refresh only those patients."""
        self.search(
            ["|", ("next_appointment_date", "<", fields.Datetime.now()), ("recent_no_show_count", ">", 0)]
        )._update_engagement()

    def _update_engagement(self):
        """Recompute visits, next appointment, no-shows and lifetime invoiced of these patients.

        Five grouped queries whatever the number of patients. A visit is an attended
        appointment (calendar event with the patient as attendee).
        """
        patients = self.sudo().filtered("is_patient").exists()
        if not patients:
            return
        now = fields.Datetime.now()
        events = self.env["calendar.event"].sudo()
        of_patients = [("partner_ids", "in", patients.ids)]
        visits = {
            partner: (first, last)
            for partner, first, last in events._read_group(
                [*of_patients, ("attendance", "=", "attended")], ["partner_ids"], ["start:min", "start:max"]
            )
        }
        upcoming = dict(
            events._read_group(
                [*of_patients, ("start", ">=", now), ("attendance", "in", ("scheduled", "confirmed"))],
                ["partner_ids"],
                ["start:min"],
            )
        )
        no_shows = dict(
            events._read_group([*of_patients, ("attendance", "=", "no_show")], ["partner_ids"], ["__count"])
        )
        recent_no_shows = dict(
            events._read_group(
                [
                    *of_patients,
                    ("attendance", "=", "no_show"),
                    ("start", ">=", now - relativedelta(months=NO_SHOW_RECENT_MONTHS)),
                ],
                ["partner_ids"],
                ["__count"],
            )
        )
        invoiced = dict(
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", patients.ids),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                ],
                ["commercial_partner_id"],
                ["amount_total_signed:sum"],
            )
        )
        for patient in patients:
            first, last = visits.get(patient, (False, False))
            values = {
                "first_visit_date": first,
                "last_visit_date": last,
                "next_appointment_date": upcoming.get(patient, False),
                "no_show_count": no_shows.get(patient, 0),
                "recent_no_show_count": recent_no_shows.get(patient, 0),
                "frequent_no_show": recent_no_shows.get(patient, 0) >= FREQUENT_NO_SHOWS,
                "lifetime_invoiced": invoiced.get(patient, 0.0),
            }
            if any(patient[name] != value for name, value in values.items()):
                patient.write(values)

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

    def _next_patient_code(self):
        return self.env["ir.sequence"].sudo().next_by_code("healthcare.patient")

    # Consent: the history and, per purpose, the current state stored for segmentation.
    consent_ids = fields.One2many("healthcare.consent", "partner_id", string="Consents")
    consent_data_processing = _current_consent_field("Data Processing Consent")
    consent_email_marketing = _current_consent_field("Email Marketing Consent")
    consent_sms = _current_consent_field("SMS Consent")
    consent_whatsapp = _current_consent_field("WhatsApp Consent")
    consent_phone_marketing = _current_consent_field("Phone Marketing Consent")

    @api.depends("consent_ids.purpose", "consent_ids.state")
    def _compute_consent_states(self):
        # One query for the whole batch, current first: the first seen per purpose wins.
        latest = {}
        partner_ids = [pid for pid in self._origin.ids if pid]
        if partner_ids:
            consents = (
                self.env["healthcare.consent"]
                .sudo()
                .search_fetch(
                    [("partner_id", "in", partner_ids)], ["partner_id", "purpose", "state"], order=CURRENT_FIRST
                )
            )
            for consent in consents:
                latest.setdefault((consent.partner_id.id, consent.purpose), consent.state)
        for partner in self:
            for purpose, _label in CONSENT_PURPOSES:
                partner[f"consent_{purpose}"] = latest.get((partner._origin.id, purpose), "none")

    def action_record_consent(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_healthcare_consent_record")
        action["context"] = {"default_partner_id": self.id}
        return action

    # Contact history (healthcare.interaction) ---------------------------------------------------
    interaction_ids = fields.One2many(
        "healthcare.interaction",
        "partner_id",
        string="Contact History",
        groups="healthcare_crm.group_healthcare_receptionist",
    )
    interaction_count = fields.Integer(
        compute="_compute_interaction_count",
        string="Interactions",
        groups="healthcare_crm.group_healthcare_receptionist",
    )
    last_interaction_date = fields.Datetime(
        string="Last Contact",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the clinic and the patient were last in touch, from the contact history.",
    )

    @api.depends("interaction_ids")
    def _compute_interaction_count(self):
        counts = dict(
            self.env["healthcare.interaction"]._read_group(
                [("partner_id", "in", self._origin.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.interaction_count = counts.get(partner._origin, 0)

    appointment_count = fields.Integer(compute="_compute_appointment_count", string="Appointments")
    open_recall_count = fields.Integer(
        compute="_compute_open_recall_count",
        string="Open Recalls",
        groups="healthcare_crm.group_healthcare_receptionist",
    )

    def _compute_appointment_count(self):
        counts = dict(
            self.env["calendar.event"]._read_group(
                [("patient_id", "in", self._origin.ids)], ["patient_id"], ["__count"]
            )
        )
        for partner in self:
            partner.appointment_count = counts.get(partner._origin, 0)

    def _compute_open_recall_count(self):
        recalls = self.env["healthcare.recall"]
        counts = dict(
            recalls._read_group(
                [("patient_id", "in", self._origin.ids), ("state", "in", recalls._open_states())],
                ["patient_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.open_recall_count = counts.get(partner._origin, 0)

    def action_view_appointments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_appointments")
        action["domain"] = [("patient_id", "=", self.id)]
        action["context"] = {"default_patient_id": self.id, "search_default_upcoming": 0}
        action["name"] = _("Appointments of %s", self.display_name)
        return action

    def action_view_recalls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_recalls")
        action["domain"] = [("patient_id", "=", self.id)]
        action["context"] = {"default_patient_id": self.id}
        action["name"] = _("Recalls of %s", self.display_name)
        return action

    def action_view_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_interactions")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        action["name"] = _("Contact History of %s", self.display_name)
        return action

    def action_log_interaction(self):
        if len(self) != 1:
            raise UserError(_("Select one patient to log an interaction."))
        if not self.is_patient:
            raise UserError(_("%s is not a patient: only patients have a contact history.", self.display_name))
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_interaction_log")
        action["context"] = {"default_partner_id": self.id}
        return action

    # vCard export: one vCard 3.0 per partner, served by the /healthcare_crm/vcard controller.

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
            card.add("x-gender").value = dict(self._fields["gender"].selection)[self.gender]  # "Female"...
        if self.patient_code:
            card.add("x-patient-code").value = self.patient_code
        if not is_html_empty(self.comment):
            card.add("note").value = html2plaintext(self.comment)
        return card
