import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL


class SaleOrder(models.Model):
    """A treatment quote (presupuesto) followed until the patient accepts or rejects it."""

    _inherit = "sale.order"

    followup_stage_id = fields.Many2one(
        "healthcare.quote.stage",
        string="Follow-up Stage",
        default=lambda self: self._default_followup_stage(),
        group_expand="_read_group_followup_stage_ids",
        tracking=True,
        index=True,
        copy=False,
        ondelete="restrict",
    )
    followup_outcome = fields.Selection(related="followup_stage_id.outcome", store=True, string="Outcome", index=True)
    # Stored: the pipeline's actions filter on it; partner_id.is_patient made every column's
    # count and sum a semi-join with all the patients (60 ms each at 100k patients).
    is_patient_quote = fields.Boolean(
        related="partner_id.is_patient",
        store=True,
        string="Patient Quote",
        help="The quote is for a patient of the clinic.",
    )
    rejection_reason_id = fields.Many2one(
        "healthcare.quote.rejection.reason", string="Rejection Reason", tracking=True, copy=False
    )
    rejection_note = fields.Text(copy=False)
    decision_date = fields.Date(
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="When the patient accepted or rejected the quote; empty while it is open or dormant.",
    )
    dormant_until = fields.Date(
        string="Dormant Until", copy=False, tracking=True, help="The day the quote comes back to follow-up."
    )

    interaction_ids = fields.One2many("healthcare.interaction", "sale_order_id", string="Follow-up Actions")
    appointment_ids = fields.One2many("calendar.event", "sale_order_id", string="Treatment Appointments")
    care_state = fields.Selection(
        [("to_book", "To book"), ("booked", "Booked"), ("attended", "Attended")],
        string="Treatment",
        compute="_compute_care_state",
        store=True,
        help="For accepted quotes: whether the treatment is booked and whether the patient came.",
    )

    patient_clinical_alert = fields.Text(
        related="partner_id.clinical_alert", string="Clinical Alert", groups="healthcare_crm.group_healthcare_clinician"
    )

    # Not sale's amount_paid: that one is what was paid online, and decides prepayment confirmations.
    invoice_amount_paid = fields.Monetary(string="Paid", compute="_compute_amount_paid_due")
    invoice_amount_due = fields.Monetary(string="Due", compute="_compute_amount_paid_due")

    @api.depends("invoice_ids.amount_residual", "invoice_ids.state")
    def _compute_amount_paid_due(self):
        for order in self:
            invoices = order.invoice_ids.filtered(lambda move: move.state == "posted")
            signed_total = sum(invoices.mapped("amount_total_in_currency_signed"))
            # In the quote's currency; a credit note's residual is owed to the patient.
            due = sum(move.amount_residual * (-1 if move.move_type == "out_refund" else 1) for move in invoices)
            order.invoice_amount_paid = signed_total - due
            order.invoice_amount_due = due

    @api.depends("followup_outcome", "appointment_ids.attendance", "appointment_ids.start")
    def _compute_care_state(self):
        now = fields.Datetime.now()
        for order in self:
            appointments = order.appointment_ids
            if order.followup_outcome != "accepted":
                order.care_state = False
            elif "attended" in appointments.mapped("attendance"):
                order.care_state = "attended"
            elif appointments.filtered(lambda a: a.attendance in ("scheduled", "confirmed") and a.start >= now):
                order.care_state = "booked"
            else:
                order.care_state = "to_book"

    @api.model
    def _cron_remind_accepted_quotes(self):
        """Accepted quotes with no booked treatment: their owner gets one task to book it."""
        quotes = self.search([("care_state", "=", "to_book"), ("activity_ids", "=", False)])
        for quote in quotes:
            quote.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=fields.Date.context_today(self),
                summary=_("Book the treatment appointment"),
                user_id=quote.user_id.id or self.env.uid,
            )

    @api.model
    def _default_followup_stage(self):
        return self.env["healthcare.quote.stage"].search([("outcome", "=", "open")], limit=1)

    @api.model
    def _read_group_followup_stage_ids(self, stages, domain):
        return stages.search([])

    def _followup_stage(self, outcome):
        stage = self.env["healthcare.quote.stage"].search([("outcome", "=", outcome)], limit=1)
        if not stage:
            raise UserError(_("Configure a follow-up stage with the outcome %s first.", outcome))
        return stage

    @api.constrains("followup_stage_id", "rejection_reason_id", "dormant_until")
    def _check_followup_outcome(self):
        for order in self:
            if order.followup_outcome == "rejected" and not order.rejection_reason_id:
                raise ValidationError(_("%s cannot be rejected without a reason: use the Reject button.", order.name))
            if order.followup_outcome == "dormant" and not order.dormant_until:
                raise ValidationError(_("%s needs a wake-up date to be dormant.", order.name))

    def write(self, vals):
        if "followup_stage_id" not in vals:
            return super().write(vals)
        already_rejected = self.filtered(lambda order: order.followup_outcome == "rejected")
        result = super().write(vals)
        (self.filtered(lambda order: order.followup_outcome == "rejected") - already_rejected)._cancel_open_activities()
        if "decision_date" not in vals:
            decided = self.filtered(lambda order: order.followup_outcome in ("accepted", "rejected"))
            (decided.filtered(lambda order: not order.decision_date)).decision_date = fields.Date.context_today(self)
            (self - decided).filtered("decision_date").decision_date = False  # reopened
        return result

    def _cancel_open_activities(self):
        """A rejected quote has nothing left to do: its open activities are cancelled, as Odoo cancels them."""
        for order in self:
            activities = order.activity_ids
            if not activities:
                continue
            summaries = ", ".join(activity.summary or activity.activity_type_id.name or "" for activity in activities)
            activities.action_cancel()
            order.message_post(
                body=_("Activities cancelled because the quote was rejected: %s", summaries),
                subtype_xmlid="mail.mt_note",
            )

    def action_confirm(self):
        rejected = self.filtered(lambda order: order.followup_outcome == "rejected")
        if rejected:
            raise UserError(
                _(
                    "%s was rejected by the patient and cannot be confirmed. "
                    "Move it back to an open follow-up stage first.",
                    ", ".join(rejected.mapped("name")),
                )
            )
        result = super().action_confirm()
        # A treatment confirmed may call for a recall (see healthcare.recall.rule, trigger "product").
        self.partner_id._mark_recall_check_needed()
        accepted = self._followup_stage("accepted")
        self.filtered(lambda order: order.followup_outcome != "accepted").followup_stage_id = accepted
        return result

    def action_followup_accept(self):
        """The patient accepts: confirm the quote (it becomes an order, then invoices)."""
        to_confirm = self.filtered(lambda order: order.state in ("draft", "sent"))
        if to_confirm:
            to_confirm.action_confirm()
        (self - to_confirm).followup_stage_id = self._followup_stage("accepted")
        return True

    def action_log_followup(self):
        """Log what was done for this quote (call, WhatsApp...) and plan its next task."""
        self.ensure_one()
        action = self.partner_id.action_log_interaction()
        action["context"]["default_sale_order_id"] = self.id
        action["name"] = _("Log Action")
        return action

    def action_followup_reject(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_quote_reject")
        action["context"] = {"active_model": "sale.order", "active_ids": self.ids}
        return action

    @api.model
    def _cron_wake_dormant_quotes(self):
        """Dormant quotes whose day has come go back to follow-up, and their owner gets a task."""
        today = fields.Date.context_today(self)
        quotes = self.search([("followup_outcome", "=", "dormant"), ("dormant_until", "<=", today)])
        if not quotes:
            return
        quotes.write({"followup_stage_id": self._followup_stage("open").id, "dormant_until": False})
        for quote in quotes:
            quote.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=today,
                summary=_("Resume the follow-up of this quote"),
                user_id=quote.user_id.id or self.env.uid,
            )

    # Open quotes nobody is following: no next task, or one overdue. The Quotes in the Air filter
    # searches it in one SQL query; ('activity_ids', '=', False) made mail check the access to
    # every quote that has an activity, in queries that grew with them.
    followup_in_the_air = fields.Boolean(
        string="In the air",
        compute="_compute_followup_in_the_air",
        search="_search_followup_in_the_air",
        help="Open quotes with no next task, or whose task is overdue",
    )

    @api.depends("followup_outcome", "activity_ids", "activity_state")
    def _compute_followup_in_the_air(self):
        for order in self:
            order.followup_in_the_air = order.followup_outcome == "open" and (
                not order.activity_ids or order.activity_state == "overdue"
            )

    def _search_followup_in_the_air(self, operator, value):
        self.env["mail.activity"].flush_model(["active", "date_deadline", "res_model", "res_id", "user_tz"])
        # Followed: every active task is due today or later, in its assignee's time zone, as
        # mail's activity_state counts days. Whoever reads the quote reads its activities.
        followed = SQL(
            """(SELECT res_id FROM mail_activity
                 WHERE res_model = %(model)s AND active AND res_id IS NOT NULL
              GROUP BY res_id
                HAVING bool_and(date_deadline >= (%(now)s AT TIME ZONE COALESCE(user_tz, 'utc'))::date))""",
            model=self._name,
            now=pytz.utc.localize(fields.Datetime.now()),
        )
        if bool(value) != (operator in expression.NEGATIVE_TERM_OPERATORS):
            return [("followup_outcome", "=", "open"), ("id", "not in", followed)]
        return ["|", ("followup_outcome", "!=", "open"), ("id", "in", followed)]
