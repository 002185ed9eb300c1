from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .healthcare_consent import CONSENT_CURRENT_STATES, CONSENT_PURPOSES

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

    # Consent: the history and, per purpose, the current state stored for segmentation.
    consent_ids = fields.One2many("healthcare.consent", "partner_id", string="Consents")
    consent_data_processing = fields.Selection(
        CONSENT_CURRENT_STATES,
        string="Data Processing Consent",
        compute="_compute_consent_states",
        store=True,
        help="Current state, from the newest consent recorded for this purpose.",
    )
    consent_email_marketing = fields.Selection(
        CONSENT_CURRENT_STATES,
        string="Email Marketing Consent",
        compute="_compute_consent_states",
        store=True,
        help="Current state, from the newest consent recorded for this purpose.",
    )
    consent_sms = fields.Selection(
        CONSENT_CURRENT_STATES,
        string="SMS Consent",
        compute="_compute_consent_states",
        store=True,
        help="Current state, from the newest consent recorded for this purpose.",
    )
    consent_whatsapp = fields.Selection(
        CONSENT_CURRENT_STATES,
        string="WhatsApp Consent",
        compute="_compute_consent_states",
        store=True,
        help="Current state, from the newest consent recorded for this purpose.",
    )
    consent_phone_marketing = fields.Selection(
        CONSENT_CURRENT_STATES,
        string="Phone Marketing Consent",
        compute="_compute_consent_states",
        store=True,
        help="Current state, from the newest consent recorded for this purpose.",
    )

    @api.depends("consent_ids.purpose", "consent_ids.state", "consent_ids.date")
    def _compute_consent_states(self):
        # One query for the whole batch, newest first: the first seen per purpose wins.
        latest = {}
        partner_ids = [pid for pid in self._origin.ids if pid]
        if partner_ids:
            consents = (
                self.env["healthcare.consent"]
                .sudo()
                .search_fetch([("partner_id", "in", partner_ids)], ["partner_id", "purpose", "state"])
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
