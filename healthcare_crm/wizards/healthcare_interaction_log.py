from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..models.healthcare_interaction import CHANNELS, DIRECTIONS, OUTCOMES, REASONS
from ..models.healthcare_triage_list import DISPOSITIONS, URGENCY, URGENT_DISPOSITIONS

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
    reason = fields.Selection(REASONS, help="A symptom brings up the red-flag checklist.")
    summary = fields.Text(required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    sale_order_id = fields.Many2one("sale.order", string="Quote")
    quote_outcome = fields.Selection(related="sale_order_id.followup_outcome", string="Quote Outcome")
    calendar_event_id = fields.Many2one("calendar.event", string="Appointment")

    # The next step, planned in the same dialog.
    no_followup = fields.Boolean(
        string="No follow-up needed", help="Tick it only when nothing else has to be done with this patient for now."
    )
    # The red-flag checklist, when the patient calls about a symptom.
    triage_line_ids = fields.One2many(
        "healthcare.interaction.log.triage",
        "wizard_id",
        string="Red flags",
        compute="_compute_triage_line_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    triage_disposition = fields.Selection(DISPOSITIONS, string="Disposition", compute="_compute_triage")
    triage_script = fields.Text(string="Words to say", compute="_compute_triage")

    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Next Step",
        compute="_compute_activity_type_id",
        store=True,
        readonly=False,
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

    @api.depends("reason")
    def _compute_triage_line_ids(self):
        questions = None
        for wizard in self:
            if wizard.reason != "symptom":
                wizard.triage_line_ids = [Command.clear()]
            elif not wizard.triage_line_ids:
                if questions is None:
                    # In the lists' order, then each list's (the questions' _order).
                    questions = self.env["healthcare.triage.question"].search([("list_id.active", "=", True)])
                wizard.triage_line_ids = [
                    Command.create({"sequence": index, "question_id": question.id})
                    for index, question in enumerate(questions)
                ]

    @api.depends("reason", "triage_line_ids.answer", "triage_line_ids.disposition")
    def _compute_triage(self):
        for wizard in self:
            if wizard.reason != "symptom":
                wizard.triage_disposition = wizard.triage_script = False
                continue
            flags = wizard.triage_line_ids.filtered(lambda line: line.answer == "yes")
            if flags:
                # The most urgent red flag decides; among equals, the first one asked.
                first = min(flags, key=lambda line: (URGENCY[line.disposition], line.sequence))
                wizard.triage_disposition = first.disposition
                wizard.triage_script = first.question_id.script
            else:
                wizard.triage_disposition = "routine"
                wizard.triage_script = _(
                    "From what you tell me, this can wait for a regular appointment: let's find you a time now. "
                    "If it gets worse, or anything new appears, call us again or call 112."
                )

    @api.depends("triage_disposition")
    def _compute_activity_type_id(self):
        # A non-urgent triage offers to book as the next step; an urgent one alerts the clinicians.
        booking = self.env.ref("healthcare_crm.mail_activity_type_book_appointment", raise_if_not_found=False)
        for wizard in self:
            if booking and wizard.triage_disposition in ("within_24h", "routine"):
                wizard.activity_type_id = booking
            elif booking and wizard.activity_type_id == booking and wizard.triage_disposition:
                wizard.activity_type_id = False
            elif not wizard.activity_type_id:
                wizard.activity_type_id = False

    @api.depends("activity_type_id", "triage_disposition")
    def _compute_activity_date_deadline(self):
        for wizard in self:
            if wizard.activity_type_id and wizard.triage_disposition == "within_24h":
                wizard.activity_date_deadline = fields.Date.context_today(wizard)
            elif wizard.activity_type_id:
                wizard.activity_date_deadline = wizard.activity_type_id._get_date_deadline()
            elif wizard.triage_disposition in URGENT_DISPOSITIONS:
                wizard.activity_date_deadline = False  # the booking offered before a yes no longer applies
            elif not wizard.activity_date_deadline:
                wizard.activity_date_deadline = False

    def _interaction_values(self):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "channel": self.channel,
            "direction": self.direction,
            "outcome": self.outcome,
            "reason": self.reason,
            "summary": self.summary,
            "date": self.date,
            "user_id": self.env.user.id,
            "sale_order_id": self.sale_order_id.id,
            "calendar_event_id": self.calendar_event_id.id,
        }

    def _triage_values(self):
        self.ensure_one()
        return {
            "triage_disposition": self.triage_disposition,
            "triage_user_id": self.env.user.id,
            "triage_date": fields.Datetime.now(),
            "triage_answer_ids": [
                Command.create(
                    {
                        "sequence": line.sequence,
                        "question_id": line.question_id.id,
                        "question": line.question,
                        "answer": line.answer,
                        "disposition": line.disposition,
                    }
                )
                for line in self.triage_line_ids
            ],
        }

    def action_log(self):
        self.ensure_one()
        if not self.partner_id.is_patient:
            raise UserError(
                _("%s is not a patient: only patients have a contact history.", self.partner_id.display_name)
            )
        triage = self.reason == "symptom"
        unanswered = self.triage_line_ids.filtered(lambda line: not line.answer) if triage else None
        if unanswered:
            raise UserError(
                _(
                    "Answer every red flag with yes or no before logging the call: %s",
                    ", ".join(unanswered.mapped("question")),
                )
            )
        # An urgent triage alerts the clinicians: that is the next step.
        urgent = triage and self.triage_disposition in URGENT_DISPOSITIONS
        open_quote = self.sale_order_id.followup_outcome == "open"
        if open_quote and self.no_followup:
            raise UserError(_("%s is still open: plan its next task (what, when and who).", self.sale_order_id.name))
        if not self.no_followup and not urgent and not (self.activity_type_id and self.activity_date_deadline):
            raise UserError(
                _(
                    "Plan the next step with this patient (what and when), "
                    'or tick "No follow-up needed" if there is nothing else to do.'
                )
            )
        values = self._interaction_values()
        interactions = self.env["healthcare.interaction"]
        if triage:
            # The answers are health data that only clinicians and managers read afterwards: the
            # desk records them as itself (sudo keeps the user as author) but cannot read them back.
            values.update(self._triage_values())
            interactions = interactions.sudo()
        interaction = interactions.create(values).sudo(False)
        if urgent:
            interaction._triage_alert()
        # The action done on a quote fulfils the tasks planned for it until that day.
        if self.sale_order_id:
            fulfilled = self.sale_order_id.activity_ids.filtered(
                lambda activity: activity.date_deadline <= fields.Date.to_date(self.date)
            )
            fulfilled.action_feedback(feedback=self.summary)
        if not self.no_followup and self.activity_type_id and self.activity_date_deadline:
            (self.sale_order_id or self.partner_id).activity_schedule(
                activity_type_id=self.activity_type_id.id,
                date_deadline=self.activity_date_deadline,
                note=self.activity_note,
                user_id=self.activity_user_id.id or self.env.user.id,
                automated=False,
            )
        return {"type": "ir.actions.act_window_close", "infos": {"interaction_id": interaction.id}}
