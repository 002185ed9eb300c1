from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import create_index

from .date_values import check_date_values
from .healthcare_recall import BOOKABLE_STATES, OPEN_STATES

# Changing these moves an appointment in or out of a patient's figures.
ENGAGEMENT_FIELDS = {"start", "stop", "partner_ids", "active", "attendance"}
# Changing these may book, free or complete a recall.
RECALL_FIELDS = {"patient_id", "appointment_type_id", "attendance", "active"}
# What the no-show report counts an appointment by (healthcare.appointment.stat); the patient
# is one of the attendees.
STAT_FIELDS = {"start", "active", "attendance", "practitioner_id", "appointment_type_id", "company_id"}
STAT_FIELDS |= {"patient_id", "partner_ids"}
BOOKED = ("scheduled", "confirmed")


class CalendarEvent(models.Model):
    # An appointment belongs to its patient's company; other meetings keep Odoo's (none).
    _inherit = ["calendar.event", "healthcare.patient.company.mixin"]
    _name = "calendar.event"

    patient_id = fields.Many2one(
        "res.partner",
        string="Patient",
        compute="_compute_patient_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        domain=[("is_patient", "=", True)],
        help="The patient seen; they are also an attendee.",
    )
    appointment_type_id = fields.Many2one(
        "healthcare.appointment.type", string="Appointment Type", index="btree_not_null", ondelete="restrict"
    )
    appointment_color = fields.Integer(related="appointment_type_id.color", string="Type Colour")
    practitioner_id = fields.Many2one(
        "res.users",
        string="Practitioner",
        index="btree_not_null",
        domain=[("share", "=", False)],
        help="Who sees the patient.",
    )
    attendance = fields.Selection(
        [
            ("scheduled", "Scheduled"),
            ("confirmed", "Confirmed"),
            ("attended", "Attended"),
            ("no_show", "No-show"),
            ("cancelled", "Cancelled"),
            ("rescheduled", "Rescheduled"),
        ],
        default="scheduled",
        required=True,
        index=True,
        tracking=True,
        help="Whether the patient came: attended appointments are visits, no-shows are counted.",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Quote",
        index="btree_not_null",
        ondelete="set null",
        help="The treatment quote this appointment carries out.",
    )
    recall_ids = fields.One2many(
        "healthcare.recall",
        "appointment_id",
        string="Recalls",
        readonly=True,
        groups="healthcare_crm.group_healthcare_receptionist",
    )
    cancelled_at = fields.Datetime(string="Cancelled On", readonly=True, copy=False)
    late_cancellation = fields.Boolean(
        compute="_compute_late_cancellation",
        store=True,
        help="Cancelled less than 24 hours before it was due to start.",
    )
    # The patient is computed from the attendees, so the company cannot be known before the INSERT.
    company_id = fields.Many2one(precompute=False)
    patient_frequent_no_show = fields.Boolean(related="patient_id.frequent_no_show", string="Frequent No-show")
    patient_clinical_alert = fields.Text(
        related="patient_id.clinical_alert", string="Clinical Alert", groups="healthcare_crm.group_healthcare_clinician"
    )

    @api.depends("partner_ids")
    def _compute_patient_id(self):
        for event in self:
            if event.patient_id not in event.partner_ids:
                event.patient_id = event.partner_ids.filtered("is_patient")[:1]

    @api.onchange("appointment_type_id")
    def _onchange_appointment_type_id(self):
        if self.appointment_type_id:
            self.duration = self.appointment_type_id.duration

    @api.onchange("patient_id")
    def _onchange_patient_id(self):
        if self.patient_id and self.patient_id not in self.partner_ids:
            self.partner_ids |= self.patient_id

    def _get_public_fields(self):
        # The front desk works on every practitioner's appointments, private or not.
        return super()._get_public_fields() | {
            "patient_id",
            "appointment_type_id",
            "appointment_color",
            "practitioner_id",
            "attendance",
            "attendance_color",
        }

    @api.model_create_multi
    def create(self, vals_list):
        check_date_values(self, vals_list)
        for vals in vals_list:
            if vals.get("appointment_type_id") and vals.get("start") and not vals.get("stop"):
                # Odoo would default the end to an hour from now: the type says how long it lasts.
                duration = (
                    vals.get("duration")
                    or self.env["healthcare.appointment.type"].browse(vals["appointment_type_id"]).duration
                )
                vals["stop"] = fields.Datetime.to_datetime(vals["start"]) + timedelta(hours=duration)
        events = super().create(vals_list)
        events._add_patient_to_attendees()
        Stat = self.env["healthcare.appointment.stat"]
        Stat._record_change({}, Stat._counts_of(events))
        events.partner_ids._update_engagement()
        events._sync_recalls()
        return events

    def init(self):
        super().init()
        # A period's patient appointments (the dashboard, the agenda): Odoo does not index start.
        create_index(
            self.env.cr,
            indexname="calendar_event_patient_start_index",
            tablename=self._table,
            expressions=["start"],
            where="patient_id IS NOT NULL",
        )

    @api.depends("attendance", "cancelled_at", "start")
    def _compute_late_cancellation(self):
        for event in self:
            event.late_cancellation = bool(
                event.attendance == "cancelled"
                and event.cancelled_at
                and event.start
                and event.start - event.cancelled_at < timedelta(hours=24)
            )

    def write(self, vals):
        check_date_values(self, [vals])
        if "attendance" in vals and "cancelled_at" not in vals:
            vals = {**vals, "cancelled_at": fields.Datetime.now() if vals["attendance"] == "cancelled" else False}
        if not (ENGAGEMENT_FIELDS | RECALL_FIELDS | STAT_FIELDS) & set(vals):
            return super().write(vals)
        Stat = self.env["healthcare.appointment.stat"]
        counted = Stat._counts_of(self) if STAT_FIELDS & set(vals) else None
        before = self.partner_ids
        was_attended = self.filtered(lambda e: e.attendance == "attended")
        # The patients of visits moved or given to someone else may need other recalls.
        was_visited = was_attended.sudo().patient_id if {"start", "patient_id"} & set(vals) else self.env["res.partner"]
        result = super().write(vals)
        if "patient_id" in vals:
            self._add_patient_to_attendees()
        if counted is not None:
            Stat._record_change(counted, Stat._counts_of(self))
        (before | self.partner_ids)._update_engagement()
        was_visited._mark_recall_check_needed()
        if RECALL_FIELDS & set(vals):
            self._sync_recalls(was_attended)
        return result

    def unlink(self):
        partners = self.partner_ids
        self.sudo().filtered(lambda e: e.attendance == "attended").patient_id._mark_recall_check_needed()
        self.sudo().recall_ids._unbook()
        Stat = self.env["healthcare.appointment.stat"]
        Stat._record_change(Stat._counts_of(self), {})
        result = super().unlink()
        partners._update_engagement()
        return result

    def _add_patient_to_attendees(self):
        for event in self.filtered(lambda e: e.patient_id and e.patient_id not in e.partner_ids):
            event.partner_ids |= event.patient_id

    def _sync_recalls(self, was_attended=None):
        """Book, free or complete the patient's recalls as these appointments say.

        A booked appointment of a type with a default recall rule books the patient's open
        recall of that rule; attending it completes the recall and plans the next one; a
        no-show, cancellation or reschedule frees the recall to be booked again. A constant
        number of queries whatever the number of appointments.
        """
        # Recalls follow their appointment: their own changes are not tracked one by one.
        recalls = self.env["healthcare.recall"].sudo().with_context(tracking_disable=True)
        was_attended = was_attended or self.browse()
        events = self.sudo().with_context(tracking_disable=True)
        attended = events.filtered(lambda e: e.attendance == "attended")
        undone = was_attended - attended
        # Whatever changed on an attended appointment may change the recalls its patient needs.
        (attended | undone.sudo()).patient_id._mark_recall_check_needed()
        if undone:
            # Attended by mistake: reopen what it completed, drop what it planned.
            recalls.search(
                [
                    ("origin_appointment_id", "in", undone.ids),
                    ("state", "in", BOOKABLE_STATES),
                ]
            ).unlink()
            recalls.search([("appointment_id", "in", undone.ids), ("state", "=", "done")]).write(
                {"state": "booked", "done_date": False}
            )
        to_free = recalls.browse()
        to_book = []
        for event in events:
            rule = event.appointment_type_id.recall_rule_id.filtered("active")
            booked = event.recall_ids.filtered(lambda r: r.state == "booked")
            if not event.active or event.attendance not in (*BOOKED, "attended"):
                to_free |= booked
                continue
            other_rules = booked.filtered(lambda r, rule=rule: r.rule_id != rule)
            to_free |= other_rules
            if rule and event.patient_id and not event.recall_ids - other_rules:
                to_book.append((event, rule))
        to_free._unbook()
        if to_book:
            bookable = {
                (recall.patient_id, recall.rule_id): recall
                for recall in recalls.search(
                    [
                        ("patient_id", "in", [event.patient_id.id for event, __ in to_book]),
                        ("rule_id", "in", [rule.id for __, rule in to_book]),
                        ("state", "in", BOOKABLE_STATES),
                    ],
                    order="id desc",
                )
            }
            for event, rule in to_book:
                recall = bookable.pop((event.patient_id, rule), None)
                if recall:
                    recall._book(event)
        (attended - was_attended)._complete_recalls()

    def _complete_recalls(self):
        """Complete the recalls these visits fulfil and plan the next ones they trigger.

        A constant number of queries whatever the number of visits; a patient's rule is
        planned once, after their latest visit.
        """
        recalls = (
            self.env["healthcare.recall"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
        )
        for day, visits in self.grouped(lambda e: fields.Date.to_date(e.start)).items():
            visits.recall_ids.filtered(lambda r: r.state == "booked").write({"state": "done", "done_date": day})
        visits = self.filtered("patient_id")
        if not visits:
            return
        trigger_rules = (
            self.env["healthcare.recall.rule"]
            .sudo()
            .search(
                [
                    ("trigger", "=", "appointment"),
                    ("trigger_appointment_type_ids", "in", visits.appointment_type_id.ids),
                ]
            )
        )
        matching = {
            rule: rule._patients_matching(visits.patient_id)
            for rule in visits.appointment_type_id.recall_rule_id.filtered("active")
        }
        latest = {}  # (patient, rule): the latest visit that plans it
        for visit in visits.sorted("start"):
            rules = trigger_rules.filtered(lambda r, t=visit.appointment_type_id: t in r.trigger_appointment_type_ids)
            default_rule = visit.appointment_type_id.recall_rule_id.filtered("active")
            if default_rule and visit.patient_id in matching[default_rule]:
                rules |= default_rule
            for rule in rules:
                latest[visit.patient_id, rule] = visit
        open_pairs = {
            (recall.patient_id, recall.rule_id)
            for recall in recalls.search(
                [
                    ("patient_id", "in", visits.patient_id.ids),
                    ("rule_id", "in", list({rule.id for __, rule in latest})),
                    ("state", "in", OPEN_STATES),
                ]
            )
        }
        recalls._plan(
            [
                (rule, patient, fields.Date.to_date(visit.start), visit)
                for (patient, rule), visit in latest.items()
                if (patient, rule) not in open_pairs
            ]
        )

    # Attendance buttons of the front desk.
    def action_confirm_attendance(self):
        self._set_attendance("confirmed", ("scheduled",))

    def action_mark_attended(self):
        future = self.filtered(lambda e: e.start > fields.Datetime.now())
        if future:
            raise UserError(_("%s has not started yet: it cannot be marked as attended.", future[0].display_name))
        self._set_attendance("attended", (*BOOKED, "no_show"))

    def action_mark_no_show(self):
        future = self.filtered(lambda e: e.start > fields.Datetime.now())
        if future:
            raise UserError(_("%s has not started yet: the patient cannot have missed it.", future[0].display_name))
        self._set_attendance("no_show", (*BOOKED, "attended"))

    def action_cancel_appointment(self):
        self._set_attendance("cancelled", BOOKED)

    def _set_attendance(self, attendance, allowed_from):
        wrong = self.filtered(lambda e: e.attendance not in allowed_from)
        if wrong:
            labels = dict(self._fields["attendance"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(appointment)s is %(state)s: it cannot become %(target)s.",
                    appointment=wrong[0].display_name,
                    state=labels[wrong[0].attendance],
                    target=labels[attendance],
                )
            )
        before = {event.id: event.attendance for event in self}
        # Tracked in one batch of messages below rather than one message per appointment.
        self.with_context(tracking_disable=True).write({"attendance": attendance})
        self._log_attendance_changes(before)

    def _log_attendance_changes(self, before):
        """Log each appointment's attendance change in its chatter as tracking does, in a constant
        number of queries: one INSERT of the messages, one of their tracking values."""
        changed = self.filtered(lambda e: before.get(e.id) and before[e.id] != e.attendance)
        if not changed or self.env.context.get("tracking_disable") or self.env.context.get("mail_notrack"):
            return
        info = changed.fields_get(["attendance"], attributes=("string", "type", "selection", "currency_field"))
        messages = changed._message_log_batch(bodies=dict.fromkeys(changed.ids, ""))
        message_of = {message.res_id: message for message in messages}
        values = []
        for event in changed:
            __, commands = event._mail_track(info, {"attendance": before[event.id]})
            values += [dict(command[2], mail_message_id=message_of[event.id].id) for command in commands]
        self.env["mail.tracking.value"].sudo().create(values)

    def action_reschedule(self):
        self.ensure_one()
        if self.attendance not in BOOKED:
            raise UserError(_("Only a scheduled or confirmed appointment can be rescheduled."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Reschedule"),
            "res_model": "healthcare.appointment.reschedule",
            "view_mode": "form",
            "target": "new",
            "context": {"default_appointment_id": self.id},
        }
