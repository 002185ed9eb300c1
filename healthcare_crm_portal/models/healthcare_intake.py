import base64
import io
import secrets

import qrcode

from odoo import _, api, fields, models
from odoo.addons.healthcare_crm_messaging.models.healthcare_message import valid_token
from odoo.exceptions import AccessError, UserError

CLINICIAN = "healthcare_crm.group_healthcare_clinician"
RECEPTIONIST = "healthcare_crm.group_healthcare_receptionist"
YES_NO = [("yes", "Yes"), ("no", "No")]
# What the patient declares about themselves: applied to the patient by the front desk.
PERSONAL_FIELDS = (
    "name",
    "birthdate",
    "id_document_type",
    "id_document_number",
    "street",
    "zip",
    "city",
    "email",
    "mobile",
    "insurer_id",
    "insurance_policy_number",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relation",
)
# The health questionnaire: a yes/no answer and its details each (pregnancy has no details).
HEALTH_QUESTIONS = ("allergies", "conditions", "medications", "pregnancy", "anticoagulants", "surgery")
HEALTH_FIELDS = tuple(
    name
    for question in HEALTH_QUESTIONS
    for name in (f"health_{question}", f"health_{question}_details")
    if name != "health_pregnancy_details"
)
# Reading an answer is reading that part of the patient's clinical summary, for the access log.
HEALTH_LOG_FIELDS = {
    "health_allergies": "allergies",
    "health_allergies_details": "allergies",
    "health_conditions": "condition_ids",
    "health_conditions_details": "condition_ids",
    "health_medications": "medication_ids",
    "health_medications_details": "medication_ids",
}
# The to-dos a submitted form gives, one per review, each done by its review.
ACTIVITY_TYPES = {
    "personal": "healthcare_crm_portal.mail_activity_type_intake_personal",
    "health": "healthcare_crm_portal.mail_activity_type_intake_health",
}
ANSWER_FIELDS = frozenset(
    (
        *(f"declared_{name}" for name in PERSONAL_FIELDS),
        *HEALTH_FIELDS,
        "submitted_date",
        "submit_ip",
        "submit_user_agent",
    )
)


class HealthcareIntake(models.Model):
    """A patient's admission form: sent as a link, filled in on the phone, reviewed by the clinic.

    The answers are kept exactly as submitted (what the patient declared, and when): nobody
    changes them afterwards. The patient record changes only when the front desk applies the
    personal data, and the clinical summary only when a clinician accepts the health answers.
    """

    _name = "healthcare.intake"
    _inherit = ["mail.thread", "mail.activity.mixin", "healthcare.patient.company.mixin"]
    _description = "Admission Form"
    _order = "submitted_date desc, id desc"
    _rec_name = "patient_id"

    patient_id = fields.Many2one(
        "res.partner",
        string="Patient",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        domain=[("is_patient", "=", True)],
    )
    calendar_event_id = fields.Many2one(
        "calendar.event", string="Appointment", readonly=True, index="btree_not_null", ondelete="set null"
    )
    # The link's secret, as unguessable as the appointment page's; cleared once the form is sent.
    token = fields.Char(copy=False, index="btree_not_null", groups="base.group_system")
    public_url = fields.Char(string="Form Link", compute="_compute_public_url", compute_sudo=True)
    state = fields.Selection(
        [("sent", "Waiting for the patient"), ("submitted", "To review"), ("reviewed", "Reviewed")],
        default="sent",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    personal_review = fields.Selection(
        [("pending", "To review"), ("applied", "Applied"), ("dismissed", "Nothing to apply")],
        string="Personal Data Review",
        default="pending",
        required=True,
        readonly=True,
        tracking=True,
    )
    personal_reviewed_by_id = fields.Many2one("res.users", string="Personal Data Reviewed By", readonly=True)
    personal_reviewed_date = fields.Datetime(string="Personal Data Reviewed On", readonly=True)
    # Whether the health answers were reviewed is not clinical: the front desk sees the queue move.
    health_review = fields.Selection(
        [("pending", "To review"), ("accepted", "Accepted"), ("dismissed", "Nothing to record")],
        string="Health Review",
        default="pending",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    health_reviewed_by_id = fields.Many2one("res.users", string="Health Answers Reviewed By", readonly=True)
    health_reviewed_date = fields.Datetime(string="Health Answers Reviewed On", readonly=True)

    submitted_date = fields.Datetime(string="Submitted On", readonly=True, index=True)
    submit_ip = fields.Char(string="IP Address", readonly=True)
    submit_user_agent = fields.Char(string="Browser", readonly=True)

    # What the patient declared.
    declared_name = fields.Char(string="Declared Name", readonly=True)
    declared_birthdate = fields.Date(string="Declared Birthdate", readonly=True)
    declared_id_document_type = fields.Selection(
        selection=lambda self: self.env["res.partner"]._fields["id_document_type"].selection,
        string="Declared Document Type",
        readonly=True,
    )
    declared_id_document_number = fields.Char(string="Declared Document Number", readonly=True)
    declared_street = fields.Char(string="Declared Address", readonly=True)
    declared_zip = fields.Char(string="Declared ZIP", readonly=True)
    declared_city = fields.Char(string="Declared City", readonly=True)
    declared_email = fields.Char(string="Declared Email", readonly=True)
    declared_mobile = fields.Char(string="Declared Mobile", readonly=True)
    declared_insurer_id = fields.Many2one("healthcare.insurer", string="Declared Insurer", readonly=True)
    declared_insurance_policy_number = fields.Char(string="Declared Policy Number", readonly=True)
    declared_emergency_contact_name = fields.Char(string="Declared Emergency Contact", readonly=True)
    declared_emergency_contact_phone = fields.Char(string="Declared Emergency Phone", readonly=True)
    declared_emergency_contact_relation = fields.Char(string="Declared Relationship", readonly=True)

    # The health questionnaire: clinical data, read by clinicians only (as the clinical summary).
    health_allergies = fields.Selection(YES_NO, string="Allergies", readonly=True, groups=CLINICIAN)
    health_allergies_details = fields.Text(string="Allergies: Details", readonly=True, groups=CLINICIAN)
    health_conditions = fields.Selection(YES_NO, string="Chronic Conditions", readonly=True, groups=CLINICIAN)
    health_conditions_details = fields.Text(string="Chronic Conditions: Details", readonly=True, groups=CLINICIAN)
    health_medications = fields.Selection(YES_NO, string="Current Medications", readonly=True, groups=CLINICIAN)
    health_medications_details = fields.Text(string="Current Medications: Details", readonly=True, groups=CLINICIAN)
    health_pregnancy = fields.Selection(
        [*YES_NO, ("na", "Does not apply")], string="Pregnancy", readonly=True, groups=CLINICIAN
    )
    health_anticoagulants = fields.Selection(YES_NO, string="Anticoagulants", readonly=True, groups=CLINICIAN)
    health_anticoagulants_details = fields.Text(string="Anticoagulants: Details", readonly=True, groups=CLINICIAN)
    health_surgery = fields.Selection(YES_NO, string="Previous Surgery", readonly=True, groups=CLINICIAN)
    health_surgery_details = fields.Text(string="Previous Surgery: Details", readonly=True, groups=CLINICIAN)

    @api.depends("token")
    def _compute_public_url(self):
        base_url = self[:1].get_base_url()
        for intake in self:
            intake.public_url = intake.token and f"{base_url}/clinic/admission/{intake.token}"

    def init(self):
        # One waiting form per patient: two reminder jobs making one at the same time clash on it,
        # and the messaging job's claim takes the batch again (see healthcare.message._claim).
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS healthcare_intake_one_waiting_per_patient "
            "ON healthcare_intake (patient_id) WHERE state = 'sent'"
        )

    # The answers are what the patient declared: never changed once submitted.

    def write(self, vals):
        self.check_access("write")  # the access rights first: a receptionist is refused any change
        if ANSWER_FIELDS.intersection(vals) and (
            not self.env.context.get("healthcare_intake_submit") or self.filtered(lambda i: i.state != "sent")
        ):
            raise UserError(_("The answers of an admission form are kept as the patient submitted them."))
        return super().write(vals)

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        logged = {HEALTH_LOG_FIELDS.get(name, "clinical_notes") for name in fnames if name in HEALTH_FIELDS}
        if result and logged:
            patients = self.browse([values["id"] for values in result]).sudo().patient_id
            self.env["healthcare.clinical.access.log"]._record("read", patients.ids, list(logged))
        return result

    # Sending the link

    @api.model
    def _pending_for(self, patients, appointments=None):
        """The form waiting for each patient, made if missing: {patient id: intake}.

        A patient who already sent one gets none."""
        intakes = self.sudo().search([("patient_id", "in", patients.ids)])
        done = set(intakes.filtered(lambda i: i.state != "sent").patient_id.ids)
        waiting = {intake.patient_id.id: intake for intake in intakes.filtered(lambda i: i.state == "sent")}
        appointment_of = {event.patient_id.id: event for event in appointments or ()}
        missing = [patient for patient in patients if patient.id not in done and patient.id not in waiting]
        # Made by the reminders' job in batches: no chatter line or follower per form.
        created = (
            self.sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create(
                [
                    {
                        "patient_id": patient.id,
                        "calendar_event_id": appointment_of.get(patient.id, self.env["calendar.event"]).id,
                        "token": secrets.token_urlsafe(32),
                    }
                    for patient in missing
                ]
            )
        )
        waiting.update({intake.patient_id.id: intake for intake in created})
        for intake in waiting.values():
            if not intake.token:
                intake.token = secrets.token_urlsafe(32)
        return {patient_id: intake.with_env(self.env) for patient_id, intake in waiting.items()}

    @api.model
    def _from_token(self, token):
        """The form a patient's link opens, or nothing: a wrong or used link."""
        if not valid_token(token):
            return self.browse()
        intake = self.sudo().search([("token", "=", token), ("state", "=", "sent")], limit=1)
        return intake if intake and intake.patient_id.active else self.browse()

    def _qr_image(self):
        """The link as a QR code, a PNG data URI for the printed sheet.

        Made here with qrcode (an Odoo requirement) rather than fetched from /report/barcode:
        wkhtmltopdf then needs no request back to the server, and reportlab's raster backend,
        which that route needs, is not always installed."""
        self.ensure_one()
        if not self.public_url:
            return False
        buffer = io.BytesIO()
        qrcode.make(self.public_url, border=2).save(buffer, format="PNG")
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()

    def action_print_qr(self):
        return self.env.ref("healthcare_crm_portal.action_report_intake_qr").report_action(self)

    # Submission, from the public page (as superuser: the patient is not a user)

    def _submit(self, personal, health, ip=None, user_agent=None):
        """Keep the patient's answers, close the link and tell the desk and the clinicians."""
        self.ensure_one()
        values = {f"declared_{name}": value for name, value in personal.items()}
        values.update(health)
        values.update(
            {
                "state": "submitted",
                "submitted_date": fields.Datetime.now(),
                "submit_ip": (ip or "")[:64] or False,
                "submit_user_agent": (user_agent or "")[:512] or False,
                "token": False,
            }
        )
        self.sudo().with_context(healthcare_intake_submit=True).write(values)
        self._notify_staff()

    def _notify_staff(self):
        """A to-do for the front desk (personal data) and one for the clinician (health answers).

        The desk's is given to whoever booked the appointment; the clinician's to its
        practitioner, or to the clinicians' queue (the Admission Forms menu) when there is none.
        Neither says anything of the answers."""
        intake = self.sudo()
        event = intake.calendar_event_id
        desk = event.user_id or event.create_uid or intake.create_uid
        lang_env = self.with_context(lang=desk.lang or self.env.lang).env
        intake.activity_schedule(
            ACTIVITY_TYPES["personal"],
            summary=lang_env._("Review the personal data of the admission form of %s", intake.patient_id.name),
            user_id=desk.id,
        )
        practitioner = event.practitioner_id
        if practitioner and practitioner.has_group(CLINICIAN):
            lang_env = self.with_context(lang=practitioner.lang or self.env.lang).env
            intake.activity_schedule(
                ACTIVITY_TYPES["health"],
                summary=lang_env._("Review the health answers of the admission form of %s", intake.patient_id.name),
                user_id=practitioner.id,
            )

    # Review

    def _check_clinician(self):
        if not self.env.su and not self.env.user.has_group(CLINICIAN):
            raise AccessError(_("Only clinicians review the health answers of an admission form."))

    def _check_submitted(self):
        for intake in self:
            if intake.state == "sent":
                raise UserError(_("%s has not sent the admission form yet.", intake.patient_id.name))

    def _check_pending(self, kind):
        for intake in self:
            if intake[f"{kind}_review"] != "pending":
                raise UserError(
                    _("This part of the admission form of %s was already reviewed.", intake.patient_id.name)
                )

    def _done_reviewing(self, kind, outcome):
        """Record a review (`personal` or `health`) and close the form once both are done."""
        now = fields.Datetime.now()
        self._check_pending(kind)
        for intake in self.sudo():
            intake.write(
                {
                    f"{kind}_review": outcome,
                    f"{kind}_reviewed_by_id": self.env.uid,
                    f"{kind}_reviewed_date": now,
                }
            )
            if intake.personal_review != "pending" and intake.health_review != "pending":
                intake.state = "reviewed"
            # Done, whoever had the to-do.
            activity_type = self.env.ref(ACTIVITY_TYPES[kind])
            intake.activity_ids.filtered(lambda a, t=activity_type: a.activity_type_id == t).action_done()

    def action_review_personal(self):
        self.ensure_one()
        self._check_submitted()
        self._check_pending("personal")
        return {
            "type": "ir.actions.act_window",
            "name": _("Personal Data Declared"),
            "res_model": "healthcare.intake.personal.review",
            "view_mode": "form",
            "target": "new",
            "context": {"default_intake_id": self.id},
        }

    def action_review_health(self):
        self.ensure_one()
        self._check_clinician()
        self._check_submitted()
        self._check_pending("health")
        return {
            "type": "ir.actions.act_window",
            "name": _("Health Answers"),
            "res_model": "healthcare.intake.health.review",
            "view_mode": "form",
            "target": "new",
            "context": {"default_intake_id": self.id},
        }
