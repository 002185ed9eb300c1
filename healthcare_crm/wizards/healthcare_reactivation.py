from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

MONTHS_PARAMETER = "healthcare_crm.reactivation_months"


class HealthcareReactivation(models.TransientModel):
    _name = "healthcare.reactivation"
    _description = "Patients to Reactivate"

    months = fields.Integer(
        string="Not Seen For (Months)",
        required=True,
        default=lambda self: int(self.env["ir.config_parameter"].sudo().get_param(MONTHS_PARAMETER, 24)),
    )
    patient_count = fields.Integer(compute="_compute_patient_count")

    _sql_constraints = [("months_positive", "CHECK(months > 0)", "Give a number of months of at least 1.")]

    @api.model
    def _domain(self, months):
        """Patients treated before, not seen for `months` and with no appointment ahead."""
        cutoff = fields.Datetime.now() - relativedelta(months=months)
        return [
            ("is_patient", "=", True),
            ("last_visit_date", "<", cutoff),
            ("next_appointment_date", "=", False),
        ]

    @api.depends("months")
    def _compute_patient_count(self):
        for wizard in self:
            wizard.patient_count = (
                self.env["res.partner"].search_count(self._domain(wizard.months)) if wizard.months > 0 else 0
            )

    def action_show_patients(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Not Seen for %s Months", self.months),
            "res_model": "res.partner",
            "view_mode": "list,kanban,form",
            "views": [
                (self.env.ref("healthcare_crm.view_patient_reactivation_list").id, "list"),
                (self.env.ref("healthcare_crm.view_patient_kanban").id, "kanban"),
                (self.env.ref("healthcare_crm.view_patient_form").id, "form"),
            ],
            "domain": self._domain(self.months),
            "context": {"default_is_patient": True},
        }
