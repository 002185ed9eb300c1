from odoo import api, fields, models
from odoo.addons.healthcare_crm.models.healthcare_clinical_access_log import CLINICAL_FIELDS

from ..models.healthcare_intake import CLINICIAN

ANTICOAGULANT_CONDITION = "healthcare_crm.condition_anticoagulant_therapy"


class HealthcareIntakeHealthReview(models.TransientModel):
    """A clinician reads the health answers beside the clinical summary and decides what goes
    into it: the proposal below is the summary plus the answers, edited before accepting.
    Nothing reaches the summary without this (clinicians only: the model's access says so)."""

    _name = "healthcare.intake.health.review"
    _description = "Admission Form: Health Answers Review"

    intake_id = fields.Many2one("healthcare.intake", string="Admission Form", required=True, ondelete="cascade")
    patient_id = fields.Many2one(related="intake_id.patient_id")
    submitted_date = fields.Datetime(related="intake_id.submitted_date")
    # The answers, as declared.
    health_allergies = fields.Selection(related="intake_id.health_allergies")
    health_allergies_details = fields.Text(related="intake_id.health_allergies_details")
    health_conditions = fields.Selection(related="intake_id.health_conditions")
    health_conditions_details = fields.Text(related="intake_id.health_conditions_details")
    health_medications = fields.Selection(related="intake_id.health_medications")
    health_medications_details = fields.Text(related="intake_id.health_medications_details")
    health_pregnancy = fields.Selection(related="intake_id.health_pregnancy")
    health_anticoagulants = fields.Selection(related="intake_id.health_anticoagulants")
    health_anticoagulants_details = fields.Text(related="intake_id.health_anticoagulants_details")
    health_surgery = fields.Selection(related="intake_id.health_surgery")
    health_surgery_details = fields.Text(related="intake_id.health_surgery_details")
    # What the clinical summary will say once accepted.
    allergies = fields.Text(
        string="Allergies in the Summary", compute="_compute_proposal", store=True, readonly=False, groups=CLINICIAN
    )
    condition_ids = fields.Many2many(
        "healthcare.condition",
        string="Conditions in the Summary",
        compute="_compute_proposal",
        store=True,
        readonly=False,
        groups=CLINICIAN,
    )
    new_medications = fields.Text(
        string="Medications to Add",
        compute="_compute_proposal",
        store=True,
        readonly=False,
        groups=CLINICIAN,
        help="One per line; those the patient already takes are not added twice.",
    )
    clinical_notes = fields.Text(
        string="Patient Notes", compute="_compute_proposal", store=True, readonly=False, groups=CLINICIAN
    )

    @api.depends("intake_id")
    def _compute_proposal(self):
        # The clinician is shown the answers and the whole summary: logged as a read of it (the
        # dialog is filled by an onchange, which no read of the patient's fields goes through).
        # Stored computes run as superuser (which the log ignores): logged as the user it runs for.
        patients = self.intake_id.patient_id
        self.env(su=False)["healthcare.clinical.access.log"]._record("read", patients.ids, list(CLINICAL_FIELDS))
        for review in self:
            intake, patient = review.intake_id, review.intake_id.patient_id
            allergies = patient.allergies or ""
            if intake.health_allergies == "yes" and intake.health_allergies_details:
                allergies = "\n".join(part for part in (allergies, intake.health_allergies_details) if part)
            review.allergies = allergies or False
            conditions = patient.condition_ids
            if intake.health_anticoagulants == "yes":
                conditions |= self.env.ref(ANTICOAGULANT_CONDITION, raise_if_not_found=False) or conditions.browse()
            review.condition_ids = conditions
            current = {name.strip().lower() for name in patient.medication_ids.filtered("is_current").mapped("name")}
            declared = []
            for answer, details in (
                (intake.health_medications, intake.health_medications_details),
                (intake.health_anticoagulants, intake.health_anticoagulants_details),
            ):
                if answer == "yes" and details:
                    declared += [line.strip() for line in details.splitlines() if line.strip()]
            review.new_medications = "\n".join(name for name in declared if name.lower() not in current) or False
            notes = []
            when = intake.submitted_date and fields.Date.to_string(intake.submitted_date)
            labels = {name: field._description_string(self.env) for name, field in intake._fields.items()}
            yes = dict(intake._fields["health_pregnancy"]._description_selection(self.env))
            if intake.health_conditions == "yes" and intake.health_conditions_details:
                notes.append(f"{labels['health_conditions']}: {intake.health_conditions_details}")
            if intake.health_pregnancy == "yes":
                notes.append(f"{labels['health_pregnancy']}: {yes['yes']}")
            if intake.health_surgery == "yes":
                notes.append(f"{labels['health_surgery']}: {intake.health_surgery_details or yes['yes']}")
            if notes:
                header = self.env._("Admission form of %s:", when)
                notes = [header, *notes]
            review.clinical_notes = "\n".join(part for part in (patient.clinical_notes, *notes) if part) or False

    def action_accept(self):
        """Write the proposal into the clinical summary, as the clinician (the access log says who)."""
        self.ensure_one()
        intake = self.intake_id
        intake._check_clinician()
        intake._check_submitted()
        patient = intake.patient_id
        patient.write(
            {
                "allergies": self.allergies,
                "condition_ids": [fields.Command.set(self.condition_ids.ids)],
                "clinical_notes": self.clinical_notes,
            }
        )
        current = {name.strip().lower() for name in patient.medication_ids.filtered("is_current").mapped("name")}
        names = []
        for line in (self.new_medications or "").splitlines():
            name = line.strip()
            if name and name.lower() not in current:
                current.add(name.lower())
                names.append(name)
        note = self.env._("Declared in the admission form")
        self.env["healthcare.patient.medication"].create(
            [{"partner_id": patient.id, "name": name, "note": note} for name in names]
        )
        intake._done_reviewing("health", "accepted")
        return {"type": "ir.actions.act_window_close"}

    def action_dismiss(self):
        self.ensure_one()
        self.intake_id._check_clinician()
        self.intake_id._check_submitted()
        self.intake_id._done_reviewing("health", "dismissed")
        return {"type": "ir.actions.act_window_close"}
