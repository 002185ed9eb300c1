from datetime import timedelta

from markupsafe import escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .healthcare_request_type import PRIORITIES

# What a request says, and where it is kept when its type is health data (clinicians and
# managers only, see docs/security.md).
HEALTH_FIELDS = {"description": "clinical_description", "resolution": "clinical_resolution"}
CLINICAL_GROUPS = "healthcare_crm.group_healthcare_clinician,healthcare_crm.group_healthcare_manager"
# Overdue requests the escalation job handles per batch.
ESCALATION_BATCH = 500


class HealthcareRequest(models.Model):
    """Something a patient asked that the clinic must answer: a complaint, a billing question,
    a clinical question, a copy of their record. Tracked until it is closed, with a deadline
    from its type, routed to its type's team."""

    _name = "healthcare.request"
    _inherit = ["mail.thread", "mail.activity.mixin", "healthcare.patient.company.mixin"]
    _description = "Patient Request"
    _order = "priority desc, sla_deadline, id desc"

    name = fields.Char(string="Subject", required=True, tracking=True)
    patient_id = fields.Many2one(
        "res.partner",
        string="Patient",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain=["|", ("is_patient", "=", True), ("is_prospect", "=", True)],
    )
    type_id = fields.Many2one("healthcare.request.type", string="Type", required=True, tracking=True)
    health_data = fields.Boolean(related="type_id.health_data")
    team_id = fields.Many2one(
        "healthcare.request.team",
        string="Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Assigned To", domain=[("share", "=", False)], tracking=True, index="btree_not_null"
    )
    priority = fields.Selection(
        PRIORITIES, compute="_compute_priority", store=True, readonly=False, precompute=True, tracking=True
    )
    stage_id = fields.Many2one(
        "healthcare.request.stage",
        string="Stage",
        default=lambda self: self.env["healthcare.request.stage"].search([], limit=1),
        group_expand="_read_group_expand_stages",
        tracking=True,
        index=True,
        ondelete="restrict",
    )
    closed = fields.Boolean(related="stage_id.closed", store=True, string="Closed")
    opened_at = fields.Datetime(string="Opened", required=True, default=fields.Datetime.now, readonly=True)
    sla_deadline = fields.Datetime(
        string="Deadline", compute="_compute_sla_deadline", store=True, readonly=False, index=True
    )
    sla_expired = fields.Boolean(
        string="Overdue", readonly=True, copy=False, help="The deadline passed before the request was closed."
    )
    closed_at = fields.Datetime(string="Closed On", readonly=True, copy=False)
    description = fields.Text(help="What the patient asks, in their words.")
    resolution = fields.Text(help="What the clinic answered or did.")
    clinical_description = fields.Text(string="Description (clinical)", groups=CLINICAL_GROUPS)
    clinical_resolution = fields.Text(string="Resolution (clinical)", groups=CLINICAL_GROUPS)
    interaction_id = fields.Many2one(
        "healthcare.interaction", string="From Contact", index="btree_not_null", ondelete="set null", readonly=True
    )
    inbound_message_id = fields.Many2one(
        "healthcare.inbound.message", string="From Message", index="btree_not_null", ondelete="set null", readonly=True
    )
    first_contact_resolution = fields.Boolean(
        string="Solved at First Contact",
        readonly=True,
        copy=False,
        help="Closed without any other contact with the patient after the one it came from.",
    )
    fcr_rate = fields.Float(
        string="First-contact Resolution (%)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="100 for a closed request solved at its first contact, 0 for another closed one.",
    )
    csat_input_id = fields.Many2one(
        "survey.user_input",
        string="Satisfaction Answer",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="healthcare_crm.group_healthcare_manager",
    )
    csat_score = fields.Integer(
        string="Satisfaction (1-5)", readonly=True, copy=False, aggregator="avg", help="The patient's answer, 1 to 5."
    )

    # Routing and deadline

    @api.depends("type_id")
    def _compute_team_id(self):
        for request in self:
            request.team_id = request.type_id.team_id

    @api.depends("type_id")
    def _compute_priority(self):
        for request in self:
            if not request.priority or request.priority < (request.type_id.priority or "0"):
                request.priority = request.type_id.priority or "0"

    @api.depends("type_id", "opened_at")
    def _compute_sla_deadline(self):
        for request in self:
            if request.type_id and request.opened_at:
                request.sla_deadline = request.opened_at + timedelta(hours=request.type_id.sla_hours)
            else:
                request.sla_deadline = False

    @api.model
    def _read_group_expand_stages(self, stages, domain):
        return stages.search([], order=stages._order)

    def _assign(self):
        """Requests without an assignee go to their team's member with the fewest open requests
        (one grouped count for all of them)."""
        todo = self.filtered(lambda r: not r.user_id and r.team_id.member_ids)
        if not todo:
            return
        members = todo.team_id.member_ids
        load = {
            user.id: count
            for user, count in self.sudo()._read_group(
                [("user_id", "in", members.ids), ("closed", "=", False)], ["user_id"], ["__count"]
            )
        }
        for request in todo:
            user = min(request.team_id.member_ids, key=lambda u: (load.get(u.id, 0), u.id))
            load[user.id] = load.get(user.id, 0) + 1
            request.user_id = user

    # Health data: stored where only clinicians and managers read it

    @api.model
    def _move_health_fields(self, vals, health):
        """Split vals into (vals, clinical vals): a health-data request's text goes to the
        clinician-only fields, whoever writes it (the desk takes the call)."""
        if not health:
            return vals, {}
        vals = dict(vals)
        clinical = {clinical: vals.pop(name) for name, clinical in HEALTH_FIELDS.items() if name in vals}
        return vals, clinical

    @api.model_create_multi
    def create(self, vals_list):
        types = self.env["healthcare.request.type"].browse(v.get("type_id") for v in vals_list if v.get("type_id"))
        health = {t.id: t.health_data for t in types}
        split = [self._move_health_fields(vals, health.get(vals.get("type_id"))) for vals in vals_list]
        requests = super().create([vals for vals, __ in split])
        for request, (__, clinical) in zip(requests, split, strict=True):
            if clinical:
                request.sudo().write(clinical)
        requests._assign()
        for request in requests:
            followers = request.team_id.member_ids | request.team_id.leader_id | request.user_id
            if followers:
                request.message_subscribe(partner_ids=followers.partner_id.ids)
        requests.filtered("closed")._on_closed()
        return requests

    def write(self, vals):
        if "type_id" in vals or any(name in vals for name in HEALTH_FIELDS):
            new_type = self.env["healthcare.request.type"].browse(vals.get("type_id"))
            for request in self:
                health = new_type.health_data if "type_id" in vals else request.type_id.health_data
                if health and not request.type_id.health_data:  # it became health data: move the text
                    for name, clinical in HEALTH_FIELDS.items():
                        if request[name]:
                            request.sudo()[clinical] = request[name]
                            request[name] = False
            health = any(
                (new_type.health_data if "type_id" in vals else request.type_id.health_data) for request in self
            )
            vals, clinical = self._move_health_fields(vals, health)
            if clinical:
                self.sudo().write(clinical)
        was_open = self.filtered(lambda r: not r.closed)
        result = super().write(vals)
        if "stage_id" in vals:
            reopened = self.filtered(lambda r: not r.closed and r.closed_at)
            if reopened:
                super(HealthcareRequest, reopened).write({"closed_at": False, "first_contact_resolution": False})
                reopened._store_fcr_rate()
            was_open.filtered("closed")._on_closed()
        return result

    # Closing: first-contact resolution, satisfaction question

    def _on_closed(self):
        """Closed now: when, whether at first contact, then the satisfaction question."""
        solved_first = self._solved_at_first_contact()
        first = self.filtered(lambda r: r.id in solved_first)
        super(HealthcareRequest, first).write({"closed_at": fields.Datetime.now(), "first_contact_resolution": True})
        super(HealthcareRequest, self - first).write(
            {"closed_at": fields.Datetime.now(), "first_contact_resolution": False}
        )
        self._store_fcr_rate()
        self.filtered(lambda r: r.stage_id.ask_satisfaction)._send_satisfaction()

    def _store_fcr_rate(self):
        """The report's measure: 100 or 0 once closed, NULL while open (so that the average
        counts closed requests only). In SQL, because the ORM does not write a 0.0 over the
        0.0 it reads for an empty column."""
        if not self:
            return
        self.flush_recordset(["closed_at", "first_contact_resolution"])
        self.env.cr.execute(
            """UPDATE healthcare_request
                  SET fcr_rate = CASE WHEN closed_at IS NULL THEN NULL
                                      WHEN first_contact_resolution THEN 100 ELSE 0 END
                WHERE id IN %s""",
            [tuple(self.ids)],
        )
        self.invalidate_recordset(["fcr_rate"])

    def _origin_date(self):
        self.ensure_one()
        return self.interaction_id.date or self.inbound_message_id.received_at or self.opened_at

    def _solved_at_first_contact(self):
        """Ids of these requests closed with no other contact with the patient since the one
        they came from: nobody called back, the patient did not write or call again."""
        solved = set()
        Interaction = self.env["healthcare.interaction"].sudo()
        for request in self:
            later = Interaction.search_count(
                [
                    ("partner_id", "=", request.patient_id.id),
                    ("id", "!=", request.interaction_id.id),
                    ("date", ">", request._origin_date()),
                    "|",
                    ("user_id", "!=", False),
                    ("direction", "=", "inbound"),
                ],
                limit=1,
            )
            if not later:
                solved.add(request.id)
        return solved

    def _send_satisfaction(self):
        """One satisfaction question per request (its key), on the patient's channel, with a
        personal link to the survey; the answer is linked to the request."""
        survey = self.env.ref("healthcare_crm_messaging.survey_request_satisfaction", raise_if_not_found=False)
        if not survey:
            return
        Message = self.env["healthcare.message"].sudo()
        base_url = survey.get_base_url()
        for request in self:
            key = f"csat:{request.id}"
            patient = request.patient_id
            if Message.search_count([("key", "=", key)]) or not Message._channel_for(patient, kind="csat"):
                continue
            answer = survey.sudo()._create_answer(partner=patient, check_attempts=False)
            answer.healthcare_request_id = request
            request.sudo().csat_input_id = answer
            env = Message._in_patient_lang(patient)
            url = base_url + answer.get_start_url()
            clinic = request.company_id.name or self.env.company.name
            text = env._(
                "%(clinic)s: we have closed your request \u201c%(subject)s\u201d. How did we do? One question: %(url)s",
                clinic=clinic,
                subject=request.name,
                url=url,
            )
            Message._deliver(patient, "csat", key, text)

    def _record_satisfaction(self, answer):
        """The patient answered the satisfaction question: the score on the request and a note."""
        question = self.env.ref("healthcare_crm_messaging.survey_question_request_csat")
        line = answer.user_input_line_ids.filtered(lambda ln: ln.question_id == question and not ln.skipped)[:1]
        score = int(line.value_scale or 0)
        for request in self:
            request.sudo().csat_score = score
            request.sudo().message_post(
                body=escape(_("The patient rated the answer to this request %(score)s out of 5.", score=score)),
                subtype_xmlid="mail.mt_note",
            )

    # Escalation

    @api.model
    def _cron_escalate(self, batch_size=ESCALATION_BATCH):
        """Requests past their deadline, still open and not escalated yet: priority one step up,
        flagged overdue, a to-do for the team lead (else the assignee). A batch at a time, each
        committed; a request escalated once is never escalated again."""
        cron = self.env["ir.cron"]
        while True:
            overdue = self.search(
                [("closed", "=", False), ("sla_expired", "=", False), ("sla_deadline", "<", fields.Datetime.now())],
                limit=batch_size,
                order="sla_deadline, id",
            )
            if not overdue:
                return
            overdue._escalate()
            remaining = self.search_count(
                [("closed", "=", False), ("sla_expired", "=", False), ("sla_deadline", "<", fields.Datetime.now())]
            )
            if self.env["healthcare.message"]._auto_commit():
                cron._notify_progress(done=len(overdue), remaining=remaining)
                self.env.cr.commit()
            if not remaining or len(overdue) < batch_size:
                return

    def _escalate(self):
        """Escalate these requests in a fixed number of queries, whatever their number."""
        self.fetch(["priority", "team_id", "user_id", "name", "sla_deadline", "patient_id"])
        by_priority = {}
        for request in self:
            raised = str(min(int(request.priority or "0") + 1, 3))
            by_priority.setdefault(raised, self.browse())
            by_priority[raised] |= request
        for priority, requests in by_priority.items():
            # No tracking message per request: the flag, the raised priority and the lead's
            # to-do are the trace, and the job costs the same queries for 2 or 2,000 requests.
            super(HealthcareRequest, requests.with_context(tracking_disable=True)).write(
                {"priority": priority, "sla_expired": True}
            )
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        values = []
        for request in self:
            user = request.team_id.leader_id or request.user_id
            if not user:
                continue
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": request.id,
                    "activity_type_id": todo.id,
                    "summary": _("SLA expired: %s", request.name),
                    "date_deadline": today,
                    "user_id": user.id,
                    "automated": True,
                }
            )
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True, tracking_disable=True).create(
            values
        )

    # Actions

    def action_close(self):
        stage = self.env["healthcare.request.stage"].search(
            [("closed", "=", True), ("ask_satisfaction", "=", True)], limit=1
        )
        if not stage:
            raise UserError(_("No closing stage is configured for patient requests."))
        for request in self:
            if not (request.resolution or (request.health_data and request.sudo().clinical_resolution)):
                raise UserError(_("Write what was answered or done before closing the request %s.", request.name))
        self.stage_id = stage

    def action_send_article(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Send an Answer"),
            "res_model": "healthcare.kb.send",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.patient_id.id, "default_request_id": self.id},
        }
