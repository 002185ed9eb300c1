from odoo import Command, api, fields, models

from ..models.healthcare_intake import PERSONAL_FIELDS


class HealthcareIntakePersonalReview(models.TransientModel):
    """What the patient declared beside what their record says: the front desk applies all of it
    or the lines it ticks, in one write (a wrong document number refuses the whole)."""

    _name = "healthcare.intake.personal.review"
    _description = "Admission Form: Personal Data Review"

    intake_id = fields.Many2one("healthcare.intake", string="Admission Form", required=True, ondelete="cascade")
    patient_id = fields.Many2one(related="intake_id.patient_id")
    line_ids = fields.One2many(
        "healthcare.intake.personal.review.line",
        "review_id",
        string="Differences",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.depends("intake_id")
    def _compute_line_ids(self):
        for review in self:
            intake, patient = review.intake_id, review.intake_id.patient_id
            lines = [Command.clear()]
            for name in PERSONAL_FIELDS:
                declared = intake[f"declared_{name}"]
                if declared and declared != patient[name]:
                    lines.append(
                        Command.create(
                            {
                                "field_name": name,
                                "label": patient._fields[name]._description_string(self.env),
                                "current_value": review._display(patient, name),
                                "declared_value": review._display(intake, f"declared_{name}"),
                                "apply": True,
                            }
                        )
                    )
            review.line_ids = lines

    def _display(self, record, name):
        field, value = record._fields[name], record[name]
        if not value:
            return ""
        if field.type == "many2one":
            return value.display_name
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type == "date":
            return value.strftime("%d/%m/%Y")
        return str(value)

    def action_apply(self):
        """Write the ticked lines into the patient; none ticked means nothing to apply."""
        self.ensure_one()
        self.intake_id._check_submitted()
        intake = self.intake_id
        values = {}
        for line in self.line_ids.filtered("apply"):
            value = intake[f"declared_{line.field_name}"]
            values[line.field_name] = value.id if isinstance(value, models.BaseModel) else value
        if values:
            intake.patient_id.write(values)
        intake._done_reviewing("personal", "applied" if values else "dismissed")
        return {"type": "ir.actions.act_window_close"}

    def action_dismiss(self):
        self.ensure_one()
        self.intake_id._check_submitted()
        self.intake_id._done_reviewing("personal", "dismissed")
        return {"type": "ir.actions.act_window_close"}


class HealthcareIntakePersonalReviewLine(models.TransientModel):
    _name = "healthcare.intake.personal.review.line"
    _description = "Admission Form: Declared Personal Data"

    review_id = fields.Many2one("healthcare.intake.personal.review", required=True, ondelete="cascade")
    field_name = fields.Char(required=True)
    label = fields.Char(string="Data", readonly=True)
    current_value = fields.Char(string="In the Patient Record", readonly=True)
    declared_value = fields.Char(string="Declared by the Patient", readonly=True)
    apply = fields.Boolean(default=True)
