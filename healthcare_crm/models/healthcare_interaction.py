from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

from .date_values import check_date_values

# How the clinic and the patient were in touch. Activity types map onto these too.
CHANNELS = [
    ("call", "Phone call"),
    ("whatsapp", "WhatsApp"),
    ("sms", "SMS"),
    ("email", "Email"),
    ("in_person", "In person"),
    ("letter", "Letter"),
    ("other", "Other"),
]
DIRECTIONS = [("inbound", "Inbound"), ("outbound", "Outbound")]
OUTCOMES = [
    ("reached", "Reached"),
    ("no_answer", "No answer"),
    ("voicemail", "Voicemail"),
    ("wrong_number", "Wrong number"),
    ("replied", "Replied"),
    ("done", "Done"),
]
# Why the patient got in touch: a symptom brings up the red-flag checklist in the logging dialog.
REASONS = [
    ("symptom", "Symptom"),
    ("appointment", "Appointment"),
    ("billing", "Billing"),
    ("complaint", "Complaint"),
    ("other", "Other"),
]

# The author of an interaction may correct it for this long; after that, only a manager.
CORRECTION_WINDOW = timedelta(minutes=30)
# What an interaction says happened: the history that cannot be rewritten.
HISTORY_FIELDS = {
    "partner_id",
    "channel",
    "direction",
    "outcome",
    "reason",
    "summary",
    "user_id",
    "date",
    "sale_order_id",
    "calendar_event_id",
    "company_id",
}


class HealthcareInteraction(models.Model):
    """One contact with a patient: a call, a WhatsApp, a visit at the desk... The contact history."""

    _name = "healthcare.interaction"
    _inherit = ["mail.thread", "healthcare.patient.company.mixin"]
    _patient_field = "partner_id"
    _description = "Patient Interaction"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Patient",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_patient", "=", True)],
    )
    channel = fields.Selection(CHANNELS, required=True, default="call", tracking=True)
    direction = fields.Selection(DIRECTIONS, required=True, default="outbound", tracking=True)
    outcome = fields.Selection(OUTCOMES, tracking=True)
    reason = fields.Selection(REASONS, tracking=True)
    summary = fields.Text(required=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Done by",
        index=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        tracking=True,
    )
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now, tracking=True)
    sale_order_id = fields.Many2one("sale.order", string="Quote", index="btree_not_null", ondelete="set null")
    calendar_event_id = fields.Many2one(
        "calendar.event", string="Appointment", index="btree_not_null", ondelete="set null"
    )

    can_correct = fields.Boolean(
        compute="_compute_can_correct", help="Whether the current user may still correct this interaction."
    )

    def init(self):
        # A patient's contact history in its order (the form's tab, the last contacts): without it
        # PostgreSQL walks the date index backwards through every patient's contacts.
        tools.create_index(
            self.env.cr, "healthcare_interaction_partner_date_idx", self._table, ["partner_id", "date DESC", "id DESC"]
        )

    @api.depends("user_id", "create_date")
    @api.depends_context("uid")
    def _compute_can_correct(self):
        manager = self.env.su or self.env.user.has_group("healthcare_crm.group_healthcare_manager")
        deadline = fields.Datetime.now() - CORRECTION_WINDOW
        for interaction in self:
            interaction.can_correct = (
                manager
                or not interaction.create_date
                or (interaction.user_id == self.env.user and interaction.create_date >= deadline)
            )

    @api.depends("channel", "partner_id")
    def _compute_display_name(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for interaction in self:
            interaction.display_name = " · ".join(
                part for part in (channels.get(interaction.channel), interaction.partner_id.name) if part
            )

    @api.model_create_multi
    def create(self, vals_list):
        check_date_values(self, vals_list)
        # The chatter of an interaction tracks its corrections; its creation is the record itself.
        interactions = super(
            HealthcareInteraction, self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
        ).create(vals_list)
        self._refresh_last_interaction_date(interactions.partner_id)
        return interactions.with_context(self.env.context)

    def write(self, vals):
        check_date_values(self, [vals])
        if HISTORY_FIELDS & set(vals):
            self._check_can_correct(vals)
        partners = self.partner_id if {"date", "partner_id"} & set(vals) else None
        result = super().write(vals)
        if partners is not None:
            self._refresh_last_interaction_date(partners | self.partner_id)
        return result

    def unlink(self):
        partners = self.partner_id
        result = super().unlink()
        self._refresh_last_interaction_date(partners)
        return result

    def _check_can_correct(self, vals):
        """The contact history is evidence: its author may correct a slip for a short while, a
        manager at any time; nobody else rewrites what a colleague logged."""
        for interaction in self:
            if not interaction.can_correct:
                raise UserError(
                    _(
                        "The contact history cannot be rewritten: only its author, within %(minutes)s minutes, "
                        "or a manager can correct %(interaction)s. Log a new interaction to add to it.",
                        minutes=int(CORRECTION_WINDOW.total_seconds() // 60),
                        interaction=interaction.display_name,
                    )
                )
            manager = self.env.su or self.env.user.has_group("healthcare_crm.group_healthcare_manager")
            if not manager and "user_id" in vals and vals["user_id"] != interaction.user_id.id:
                raise UserError(_("Only a manager can change who did %s.", interaction.display_name))

    @api.model
    def _refresh_last_interaction_date(self, partners):
        """Set the last interaction date of `partners` from their interactions, in a few queries."""
        partners = partners.exists()
        if not partners:
            return
        groups = self.sudo()._read_group([("partner_id", "in", partners.ids)], ["partner_id"], ["date:max"])
        latest = {partner.id: date for partner, date in groups}
        by_date = defaultdict(list)
        for partner in partners:
            date = latest.get(partner.id, False)
            if partner.last_interaction_date != date:
                by_date[date].append(partner.id)
        for date, partner_ids in by_date.items():
            self.env["res.partner"].sudo().browse(partner_ids).write({"last_interaction_date": date})
