from odoo import api, fields, models


class HealthcarePatientCompanyMixin(models.AbstractModel):
    """Patient data belongs to the patient's company (or, for a patient shared by all
    companies, to the company it was recorded in), so that a multi-company record rule
    keeps every company's patients apart."""

    _name = "healthcare.patient.company.mixin"
    _description = "Patient Data Kept per Company"
    # The many2one to res.partner that names the patient.
    _patient_field = "patient_id"

    company_id = fields.Many2one(
        "res.company",
        string="Company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,  # set in the INSERT: a batch of new records costs no UPDATE
        index="btree_not_null",
    )

    @api.depends(lambda self: [self._patient_field])
    def _compute_company_id(self):
        for record in self:
            patient = record[self._patient_field]
            if patient:
                record.company_id = patient.company_id or record.company_id or self.env.company
