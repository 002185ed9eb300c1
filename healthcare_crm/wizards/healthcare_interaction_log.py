from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.healthcare_interaction import CHANNELS, DIRECTIONS, OUTCOMES

# The patient's preferred channel (res.partner.preferred_channel) as an interaction channel.
PREFERRED_TO_CHANNEL = {"phone": "call", "whatsapp": "whatsapp", "sms": "sms", "email": "email"}


class HealthcareInteractionLog(models.TransientModel):
    """Log a contact with a patient and plan the next step in one go."""

    _name = "healthcare.interaction.log"
    _description = "Log a Patient Interaction"

    partner_id = fields.Many2one("res.partner", string="Patient", required=True, domain=[("is_patient", "=", True)])
    channel = fields.Selection(
        CHANNELS, required=True, compute="_compute_channel", store=True, readonly=False, precompute=True
    )
    direction = fields.Selection(DIRECTIONS, required=True, default="outbound")
    outcome = fields.Selection(OUTCOMES)
    summary = fields.Text(required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    sale_order_id = fields.Many2one("sale.order", string="Quote")
    quote_outcome = fields.Selection(related="sale_order_id.followup_outcome", string="Quote Outcome")
    calendar_event_id = fields.Many2one("calendar.event", string="Appointment")

    # The next step, planned in the same dialog.
    no_followup = fields.Boolean(
        string="No follow-up needed", help="Tick it only when nothing else has to be done with this patient for now."
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Next Step",
        domain="['|', ('res_model', '=', False), ('res_model', 'in', ('res.partner', 'sale.order'))]",
    )
    activity_date_deadline = fields.Date(
        string="Due Date", compute="_compute_activity_date_deadline", store=True, readonly=False
    )
    activity_user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    activity_note = fields.Html(string="Note", sanitize_style=True)

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        # From the Action menu of the patient list, the patient is the selected one.
        context = self.env.context
        active_ids = context.get("active_ids") or []
        if (
            "partner_id" in fields_list
            and not defaults.get("partner_id")
            and context.get("active_model") == "res.partner"
            and len(active_ids) == 1
        ):
            defaults["partner_id"] = active_ids[0]
        return defaults

    @api.depends("partner_id")
    def _compute_channel(self):
        for wizard in self:
            if not wizard.channel:
                wizard.channel = PREFERRED_TO_CHANNEL.get(wizard.partner_id.preferred_channel, "call")

    @api.depends("activity_type_id")
    def _compute_activity_date_deadline(self):
        for wizard in self:
            if wizard.activity_type_id:
                wizard.activity_date_deadline = wizard.activity_type_id._get_date_deadline()
            elif not wizard.activity_date_deadline:
                wizard.activity_date_deadline = False

    def _interaction_values(self):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "channel": self.channel,
            "direction": self.direction,
            "outcome": self.outcome,
            "summary": self.summary,
            "date": self.date,
            "user_id": self.env.user.id,
            "sale_order_id": self.sale_order_id.id,
            "calendar_event_id": self.calendar_event_id.id,
        }

    def action_log(self):
        self.ensure_one()
        if not self.partner_id.is_patient:
            raise UserError(
                _("%s is not a patient: only patients have a contact history.", self.partner_id.display_name)
            )
        open_quote = self.sale_order_id.followup_outcome == "open"
        if open_quote and self.no_followup:
            raise UserError(_("%s is still open: plan its next task (what, when and who).", self.sale_order_id.name))
        if not self.no_followup and not (self.activity_type_id and self.activity_date_deadline):
            raise UserError(
                _(
                    "Plan the next step with this patient (what and when), "
                    'or tick "No follow-up needed" if there is nothing else to do.'
                )
            )
        interaction = self.env["healthcare.interaction"].create(self._interaction_values())
        # The action done on a quote fulfils the tasks planned for it until that day.
        if self.sale_order_id:
            fulfilled = self.sale_order_id.activity_ids.filtered(
                lambda activity: activity.date_deadline <= fields.Date.to_date(self.date)
            )
            fulfilled.action_feedback(feedback=self.summary)
        if not self.no_followup:
            (self.sale_order_id or self.partner_id).activity_schedule(
                activity_type_id=self.activity_type_id.id,
                date_deadline=self.activity_date_deadline,
                note=self.activity_note,
                user_id=self.activity_user_id.id or self.env.user.id,
                automated=False,
            )
        return {"type": "ir.actions.act_window_close", "infos": {"interaction_id": interaction.id}}
