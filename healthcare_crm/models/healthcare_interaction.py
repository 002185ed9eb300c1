from collections import defaultdict

from odoo import api, fields, models

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


class HealthcareInteraction(models.Model):
    """One contact with a patient: a call, a WhatsApp, a visit at the desk... The contact history."""

    _name = "healthcare.interaction"
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
    channel = fields.Selection(CHANNELS, required=True, default="call")
    direction = fields.Selection(DIRECTIONS, required=True, default="outbound")
    outcome = fields.Selection(OUTCOMES)
    summary = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", string="Done by", index=True, default=lambda self: self.env.user, domain=[("share", "=", False)]
    )
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    sale_order_id = fields.Many2one("sale.order", string="Quote", index="btree_not_null", ondelete="set null")
    calendar_event_id = fields.Many2one(
        "calendar.event", string="Appointment", index="btree_not_null", ondelete="set null"
    )
    company_id = fields.Many2one("res.company", string="Company", index=True, default=lambda self: self.env.company)

    @api.depends("channel", "partner_id")
    def _compute_display_name(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for interaction in self:
            interaction.display_name = " · ".join(
                part for part in (channels.get(interaction.channel), interaction.partner_id.name) if part
            )

    @api.model_create_multi
    def create(self, vals_list):
        interactions = super().create(vals_list)
        self._refresh_last_interaction_date(interactions.partner_id)
        return interactions

    def write(self, vals):
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
