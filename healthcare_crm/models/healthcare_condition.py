import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# ICD-10 codes: a letter, two digits, optionally a dot and up to four more characters (E11, E11.9, M54.50).
ICD10_PATTERN = r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$"


class HealthcareCondition(models.Model):
    _name = "healthcare.condition"
    _description = "Chronic Condition"
    _order = "name"
    _rec_names_search = ["name", "icd10_code"]

    name = fields.Char(required=True, translate=True)
    icd10_code = fields.Char(string="ICD-10 Code", index=True)
    active = fields.Boolean(default=True)
    is_alert = fields.Boolean(
        string="Show as an Alert",
        help="Clinicians see this condition in a red banner on the patient, their appointments and quotes "
        "(e.g. anticoagulant therapy, epilepsy).",
    )

    _sql_constraints = [
        ("icd10_code_unique", "unique(icd10_code)", "Another condition already has this ICD-10 code."),
    ]

    @api.depends("name", "icd10_code")
    def _compute_display_name(self):
        for condition in self:
            code = condition.icd10_code
            condition.display_name = f"{code} {condition.name}" if code else condition.name

    @api.constrains("icd10_code")
    def _check_icd10_code(self):
        for condition in self.filtered("icd10_code"):
            if not re.match(ICD10_PATTERN, condition.icd10_code):
                raise ValidationError(
                    self.env._("%(code)s is not an ICD-10 code (e.g. E11 or E11.9).", code=condition.icd10_code)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("icd10_code"):
                vals["icd10_code"] = vals["icd10_code"].strip().upper()
        return super().create(vals_list)
