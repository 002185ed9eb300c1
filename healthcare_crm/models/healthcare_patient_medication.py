from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HealthcarePatientMedication(models.Model):
    _name = "healthcare.patient.medication"
    _description = "Patient Medication"
    _inherit = ["healthcare.patient.company.mixin"]
    _patient_field = "partner_id"
    _order = "is_current desc, start_date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Patient",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_patient", "=", True)],
    )
    name = fields.Char(string="Medication", required=True)
    dosage = fields.Char(help="e.g. 850 mg every 12 hours")
    start_date = fields.Date(string="Since")
    end_date = fields.Date(string="Until", help="Empty while the patient still takes it.")
    is_current = fields.Boolean(string="Current", compute="_compute_is_current", store=True)
    note = fields.Char()

    @api.depends("end_date")
    def _compute_is_current(self):
        # A medication with an end date is past once that date is recorded; clinicians
        # record the end when they stop it, so no daily recompute is needed.
        for medication in self:
            medication.is_current = not medication.end_date

    @api.constrains("start_date", "end_date")
    def _check_dates(self):
        for medication in self:
            if medication.start_date and medication.end_date and medication.end_date < medication.start_date:
                raise ValidationError(self.env._("%s ends before it starts.", medication.name))
