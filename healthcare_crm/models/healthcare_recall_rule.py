from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import CONTACT_CHANNELS


class HealthcareRecallRule(models.Model):
    _name = "healthcare.recall.rule"
    _description = "Recall Rule"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    interval_number = fields.Integer(string="Every", required=True, default=6)
    interval_unit = fields.Selection(
        [("days", "Days"), ("weeks", "Weeks"), ("months", "Months")], string="Unit", required=True, default="months"
    )
    trigger = fields.Selection(
        [
            ("appointment", "After an attended appointment"),
            ("product", "After a treatment"),
            ("condition", "Patients with a condition or tag"),
        ],
        required=True,
        default="appointment",
        help="What makes a patient need this recall. Whatever the trigger, attending an appointment of a type "
        "that has this rule as default completes the recall and plans the next one.",
    )
    trigger_appointment_type_ids = fields.Many2many(
        "healthcare.appointment.type",
        "healthcare_recall_rule_trigger_type_rel",
        string="After Appointments Of Type",
    )
    product_ids = fields.Many2many(
        "product.product", string="After Treatments", help="On a confirmed quote or a posted invoice."
    )
    condition_ids = fields.Many2many("healthcare.condition", string="Conditions")
    category_ids = fields.Many2many("res.partner.category", string="Patient Tags")
    channel = fields.Selection(
        [("preferred", "Patient's preference"), *CONTACT_CHANNELS],
        string="Preferred Channel",
        required=True,
        default="preferred",
    )
    lead_days = fields.Integer(
        string="Reminder Lead Time",
        default=14,
        help="Days before the due date when the recall becomes due and the patient should be contacted.",
    )
    appointment_type_ids = fields.One2many(
        "healthcare.appointment.type",
        "recall_rule_id",
        string="Booked As",
        help="Appointment types that fulfil this recall.",
    )
    recall_ids = fields.One2many("healthcare.recall", "rule_id", string="Recalls")
    open_recall_count = fields.Integer(compute="_compute_open_recall_count", string="Open Recalls")

    _sql_constraints = [
        ("interval_positive", "CHECK(interval_number > 0)", "A recall interval must be at least 1."),
        ("lead_days_positive", "CHECK(lead_days >= 0)", "The reminder lead time cannot be negative."),
    ]

    @api.constrains("trigger", "trigger_appointment_type_ids", "product_ids", "condition_ids", "category_ids")
    def _check_trigger(self):
        for rule in self:
            if rule.trigger == "appointment" and not rule.trigger_appointment_type_ids:
                raise ValidationError(_("Recall rule %s: choose the appointment types it follows.", rule.name))
            if rule.trigger == "product" and not rule.product_ids:
                raise ValidationError(_("Recall rule %s: choose the treatments it follows.", rule.name))
            if rule.trigger == "condition" and not (rule.condition_ids or rule.category_ids):
                raise ValidationError(_("Recall rule %s: choose a condition or a patient tag.", rule.name))

    def _compute_open_recall_count(self):
        counts = dict(
            self.env["healthcare.recall"]._read_group(
                [("rule_id", "in", self.ids), ("state", "in", self.env["healthcare.recall"]._open_states())],
                ["rule_id"],
                ["__count"],
            )
        )
        for rule in self:
            rule.open_recall_count = counts.get(rule, 0)

    def _due_date(self, base_date):
        self.ensure_one()
        return base_date + relativedelta(**{self.interval_unit: self.interval_number})

    def _patients_matching(self, patients):
        """The patients this rule still applies to; only condition and tag rules can stop applying."""
        self.ensure_one()
        if self.trigger != "condition":
            return patients
        patients = patients.sudo()
        return patients.filtered(lambda p: p.condition_ids & self.condition_ids or p.category_id & self.category_ids)

    # Changing these on a rule changes which patients need one of its recalls.
    _CANDIDATE_FIELDS = {
        "active",
        "trigger",
        "trigger_appointment_type_ids",
        "product_ids",
        "condition_ids",
        "category_ids",
    }

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        rules._mark_candidates()
        return rules

    def write(self, vals):
        result = super().write(vals)
        if self._CANDIDATE_FIELDS & set(vals):
            self._mark_candidates()
        return result

    def _mark_candidates(self):
        """Have the recall job look at the patients these rules now call for.

        Run when a rule is created or its trigger changes: one pass over the rule's
        triggers, so that the job itself only ever looks at marked patients.
        """
        patients = self.env["res.partner"]
        for rule in self.filtered("active"):
            patients |= patients.browse(patient.id for patient in rule._recall_candidates())
        patients._mark_recall_check_needed()

    def _recall_candidates(self, patients=None):
        """{patient: base date or None} of the patients who need a new recall of this rule.

        Among `patients` when given (the ones the job looks at), else among all. A constant
        number of grouped queries, whatever the number of patients. A patient is
        left out when they have an open recall of the rule, or any recall of it (done or
        cancelled too) that already follows the latest triggering visit or treatment: so
        the cron can run again, or after a failure, without planning anything twice. A
        condition or tag rule has no such event: any recall of the rule leaves the patient
        out, the chain then goes on as each recall is completed, and a cancelled one stops it.
        """
        self.ensure_one()
        recalls = self.env["healthcare.recall"].sudo()
        open_states = recalls._open_states()
        of_patients = [] if patients is None else [("patient_id", "in", patients.ids)]
        has_open, last_base, any_recall = set(), {}, set()
        for patient, state, base in recalls._read_group(
            [("rule_id", "=", self.id), *of_patients], ["patient_id", "state"], ["base_date:max"]
        ):
            any_recall.add(patient)
            if state in open_states:
                has_open.add(patient)
            if base and (patient not in last_base or base > last_base[patient]):
                last_base[patient] = base
        triggers = self._trigger_dates(patients)
        if self.trigger == "condition":
            return {patient: base for patient, base in triggers.items() if patient not in any_recall}
        return {
            patient: base
            for patient, base in triggers.items()
            if patient not in has_open and (patient not in last_base or last_base[patient] < base)
        }

    def _trigger_dates(self, patients=None):
        """{patient: date of the latest event that triggers this rule (None: no event, due now)}.

        Among `patients` when given (active patients), else among all.
        """
        events = self.env["calendar.event"].sudo()
        # Patients filtered in the queries, so no patient record is read whatever their number.
        if patients is None:
            attended = [
                ("attendance", "=", "attended"),
                ("patient_id.is_patient", "=", True),
                ("patient_id.active", "=", True),
            ]
            patient_partner = [("partner_id.is_patient", "=", True), ("partner_id.active", "=", True)]
        else:
            # The caller gives active patients: no join with every partner in each query.
            attended = [("attendance", "=", "attended"), ("patient_id", "in", patients.ids)]
            patient_partner = [("partner_id", "in", patients.ids)]
        dates = {}

        def latest(rows):
            for patient, moment in rows:
                day = fields.Date.to_date(moment) if moment else None
                if day and (dates.get(patient) is None or day > dates[patient]):
                    dates[patient] = day

        if self.trigger == "appointment":
            latest(
                events._read_group(
                    [*attended, ("appointment_type_id", "in", self.trigger_appointment_type_ids.ids)],
                    ["patient_id"],
                    ["start:max"],
                )
            )
        elif self.trigger == "product":
            latest(
                self.env["sale.order"]
                .sudo()
                ._read_group(
                    [*patient_partner, ("state", "=", "sale"), ("order_line.product_id", "in", self.product_ids.ids)],
                    ["partner_id"],
                    ["date_order:max"],
                )
            )
            latest(
                self.env["account.move"]
                .sudo()
                ._read_group(
                    [
                        *patient_partner,
                        ("state", "=", "posted"),
                        ("move_type", "=", "out_invoice"),
                        ("invoice_line_ids.product_id", "in", self.product_ids.ids),
                    ],
                    ["partner_id"],
                    ["invoice_date:max"],
                )
            )
        else:
            domain = [("is_patient", "=", True)]
            if patients is not None:
                domain.append(("id", "in", patients.ids))
            if self.condition_ids and self.category_ids:
                domain += [
                    "|",
                    ("condition_ids", "in", self.condition_ids.ids),
                    ("category_id", "in", self.category_ids.ids),
                ]
            elif self.condition_ids:
                domain.append(("condition_ids", "in", self.condition_ids.ids))
            else:
                domain.append(("category_id", "in", self.category_ids.ids))
            patients = self.env["res.partner"].sudo().search(domain)
            dates = dict.fromkeys(patients)
            # The last check of this kind dates the next one; a patient never checked is due now.
            latest(
                events._read_group(
                    [
                        *attended,
                        ("patient_id", "in", patients.ids),
                        ("appointment_type_id.recall_rule_id", "=", self.id),
                    ],
                    ["patient_id"],
                    ["start:max"],
                )
            )
        return dates
