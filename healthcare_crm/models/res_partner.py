from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

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
