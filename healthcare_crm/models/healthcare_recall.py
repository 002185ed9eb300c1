from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from .res_partner import CONTACT_CHANNELS

OPEN_STATES = ("planned", "due", "notified", "booked", "overdue")
# Open and waiting for an appointment: these are booked by one, and dated by the cron.
BOOKABLE_STATES = ("planned", "due", "notified", "overdue")
# Patients (and recalls to date) the cron looks at per run; each run commits, so a failure
# loses one batch at most.
BATCH_SIZE = 500


def _state_on(due_date, lead_days, today, notified=False):
    if due_date < today:
        return "overdue"
    if notified:
        return "notified"
    return "due" if due_date - timedelta(days=lead_days) <= today else "planned"


class HealthcareRecall(models.Model):
    _name = "healthcare.recall"
    _description = "Recall"
    _inherit = ["mail.thread", "mail.activity.mixin", "healthcare.patient.company.mixin"]
    _order = "due_date, id"
    _rec_name = "rule_id"

    patient_id = fields.Many2one(
        "res.partner",
        string="Patient",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_patient", "=", True)],
    )
    rule_id = fields.Many2one("healthcare.recall.rule", string="Recall Rule", required=True, ondelete="restrict")
    base_date = fields.Date(string="Follows", help="Date of the visit or treatment this recall follows.")
    due_date = fields.Date(required=True, index=True, tracking=True)
    state = fields.Selection(
        string="Status",
        selection=[
            ("planned", "Planned"),
            ("due", "Due"),
            ("notified", "Notified"),
            ("booked", "Booked"),
            ("done", "Done"),
            ("overdue", "Overdue"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="planned",
        index=True,
        tracking=True,
    )
    appointment_id = fields.Many2one(
        "calendar.event", string="Appointment", index="btree_not_null", ondelete="set null", copy=False
    )
    origin_appointment_id = fields.Many2one(
        "calendar.event",
        string="Planned After",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        help="The attended appointment that planned this recall.",
    )
    notified_date = fields.Date(copy=False)
    done_date = fields.Date(copy=False)
    channel = fields.Selection(CONTACT_CHANNELS, compute="_compute_channel", help="How to contact the patient.")
    patient_phone = fields.Char(related="patient_id.mobile_e164", string="Mobile")

    @api.model
    def _open_states(self):
        return OPEN_STATES

    def init(self):
        # Two people booking at once must not give a patient two open recalls of a rule.
        self.env.cr.execute(
            f"""CREATE UNIQUE INDEX IF NOT EXISTS healthcare_recall_one_open_per_rule
                   ON healthcare_recall (patient_id, rule_id) WHERE state IN {OPEN_STATES}"""
        )

    @api.depends("rule_id.channel", "patient_id.preferred_channel")
    def _compute_channel(self):
        for recall in self:
            channel = recall.rule_id.channel
            recall.channel = recall.patient_id.preferred_channel if channel == "preferred" else channel

    @api.depends("rule_id", "patient_id")
    def _compute_display_name(self):
        for recall in self:
            recall.display_name = f"{recall.rule_id.name} - {recall.patient_id.name}"

    def _check_one_open_per_rule(self, pairs):
        """Refuse a second open recall of a rule for a patient, before anything is written.

        `pairs` are the (patient id, rule id) of the recalls about to be open. The unique
        index behind it catches two users doing it at the same moment.
        """
        pairs = list(pairs)
        seen, clash = set(), None
        for pair in pairs:
            if pair in seen:
                clash = pair
            seen.add(pair)
        if not clash and pairs:
            existing = self.search(
                [
                    ("patient_id", "in", [patient for patient, __ in pairs]),
                    ("rule_id", "in", [rule for __, rule in pairs]),
                    ("state", "in", OPEN_STATES),
                    ("id", "not in", self.ids),
                ]
            )
            clash = next(
                ((r.patient_id.id, r.rule_id.id) for r in existing if (r.patient_id.id, r.rule_id.id) in seen), None
            )
        if clash:
            patient = self.env["res.partner"].browse(clash[0])
            rule = self.env["healthcare.recall.rule"].browse(clash[1])
            raise ValidationError(
                _("%(patient)s already has an open recall for %(rule)s.", patient=patient.name, rule=rule.name)
            )

    def _date_state(self, today):
        """planned, due or overdue as the dates say; a notified recall stays notified until it is late."""
        self.ensure_one()
        return _state_on(self.due_date, self.rule_id.lead_days, today, self.state == "notified")

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if not vals.get("state") and vals.get("due_date") and vals.get("rule_id"):
                # A recall planned for a date already near or past is due or overdue from the start.
                lead_days = self.env["healthcare.recall.rule"].browse(vals["rule_id"]).lead_days
                vals["state"] = _state_on(fields.Date.to_date(vals["due_date"]), lead_days, today)
        self._check_one_open_per_rule(
            (vals.get("patient_id"), vals.get("rule_id"))
            for vals in vals_list
            if vals.get("state", "planned") in OPEN_STATES
        )
        return super().create(vals_list)

    def write(self, vals):
        if {"patient_id", "rule_id", "state"} & set(vals) and vals.get("state", "planned") in OPEN_STATES:
            reopened = (
                self
                if "patient_id" in vals or "rule_id" in vals
                else self.filtered(lambda r: r.state not in OPEN_STATES)
            )
            reopened._check_one_open_per_rule(
                (vals.get("patient_id", r.patient_id.id), vals.get("rule_id", r.rule_id.id)) for r in reopened
            )
        return super().write(vals)

    # Actions of the recall list and form.
    def action_book(self):
        """Open a new appointment for the patient, of the type that fulfils this recall."""
        self.ensure_one()
        appointment_type = self.rule_id.appointment_type_ids[:1]
        if not appointment_type:
            raise UserError(
                _(
                    "No appointment type fulfils the recall rule %s: set it as the default recall rule of one.",
                    self.rule_id.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": _("Book %s", self.rule_id.name),
            "res_model": "calendar.event",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_patient_id": self.patient_id.id,
                "default_appointment_type_id": appointment_type.id,
                "default_name": appointment_type.name,
            },
        }

    def action_mark_notified(self):
        self._check_open(_("mark as notified"))
        self.write({"state": "notified", "notified_date": fields.Date.context_today(self)})
        self._refresh_states()

    def action_cancel(self):
        self._check_open(_("cancel"))
        self.write({"state": "cancelled"})

    def action_reopen(self):
        cancelled = self.filtered(lambda r: r.state == "cancelled")
        cancelled.write({"state": "planned"})
        cancelled._refresh_states()

    def _check_open(self, what):
        closed = self.filtered(lambda r: r.state not in OPEN_STATES)
        if closed:
            raise UserError(
                _("Only open recalls can %(what)s: %(recall)s is not.", what=what, recall=closed[0].display_name)
            )

    # Appointments book, free and complete recalls (see calendar.event._sync_recalls).
    def _book(self, appointment):
        self.write({"state": "booked", "appointment_id": appointment.id})

    def _unbook(self):
        self.write({"state": "planned", "appointment_id": False})
        self._refresh_states()

    def _refresh_states(self):
        """Move open recalls that are not booked to planned, due or overdue as their dates say.

        At most one write per state, whatever the number of recalls.
        """
        today = fields.Date.context_today(self)
        recalls = self.filtered(lambda r: r.state in BOOKABLE_STATES)
        changes = {}
        for recall in recalls:
            state = recall._date_state(today)
            if state != recall.state:
                changes.setdefault(state, self.browse())
                changes[state] |= recall
        for state, changed in changes.items():
            changed.write({"state": state})
        return sum(len(changed) for changed in changes.values())

    def unlink(self):
        # Without this recall the patient may need another one.
        patients = self.patient_id
        result = super().unlink()
        patients._mark_recall_check_needed()
        return result

    @api.model
    def _plan(self, plans, origin=None):
        """Create recalls from (rule, patient, base date or None[, origin appointment]) tuples.

        A None base is due today; the origin is `origin` unless the tuple gives one.
        """
        today = fields.Date.context_today(self)
        vals_list = []
        for rule, patient, base, *plan_origin in plans:
            planned_after = plan_origin[0] if plan_origin else origin
            vals_list.append(
                {
                    "rule_id": rule.id,
                    "patient_id": patient.id,
                    "base_date": base,
                    "due_date": rule._due_date(base) if base else today,
                    "origin_appointment_id": planned_after.id if planned_after else False,
                }
            )
        return self.create(vals_list)

    @api.model
    def _stale_domain(self, today):
        """Open recalls not booked whose dates call for another state: late, or planned and now due."""
        rules = self.env["healthcare.recall.rule"].sudo().with_context(active_test=False).search([])
        return expression.OR(
            [
                [("state", "in", ("planned", "due", "notified")), ("due_date", "<", today)],
                *(
                    [
                        ("state", "=", "planned"),
                        ("rule_id", "=", rule.id),
                        ("due_date", "<=", today + timedelta(days=rule.lead_days)),
                    ]
                    for rule in rules
                ),
            ]
        )

    @api.model
    def _cron_plan_recalls(self, batch_size=BATCH_SIZE):
        """Date the open recalls and plan the ones the rules call for, a batch per call.

        ir.cron commits after each call and calls again while `_notify_progress` reports
        work remaining. A call dates the next `batch_size` recalls whose state is out of
        date, and looks at the next `batch_size` patients marked as needing a check (an
        appointment attended, a condition or tag added, a treatment, a rule changed: see
        `res.partner._mark_recall_check_needed`), in id order from their queue table, then
        clears their mark in the same transaction. So a call costs the same whatever the
        number of patients, and a failed batch, rolled back with its marks, is simply done
        again without planning anything twice.
        """
        recalls = self.sudo().with_context(tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
        today = fields.Date.context_today(self)
        stale_domain = recalls._stale_domain(today)
        stale = recalls.search(stale_domain, limit=batch_size, order="id")
        moved = stale._refresh_states()
        partners = self.env["res.partner"].sudo()
        patients = partners._recall_check_next(batch_size)
        if patients:
            active = partners.search([("id", "in", patients.ids), ("is_patient", "=", True)])
            todo = [
                (rule, patient, base)
                for rule in self.env["healthcare.recall.rule"].sudo().search([])
                for patient, base in sorted(rule._recall_candidates(active).items(), key=lambda item: item[0].id)
            ]
            recalls._plan(todo)
            patients._recall_check_done()
        # What is left, counted up to ten batches: the figure ir.cron logs, at the cost of a batch.
        remaining = partners._recall_check_count(10 * batch_size) + recalls.search_count(
            stale_domain, limit=10 * batch_size
        )
        self.env["ir.cron"]._notify_progress(done=moved + len(patients), remaining=remaining)
