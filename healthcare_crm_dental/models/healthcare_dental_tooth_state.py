from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from . import fdi

TOOTH_SELECTION = [(code, code) for code in fdi.ALL_TEETH]
# The condition of the whole tooth, as a Spanish odontogram shows it.
CONDITIONS = [
    ("healthy", "Healthy"),
    ("caries", "Caries"),
    ("filled", "Filled"),
    ("sealant", "Sealant"),
    ("fracture", "Fracture"),
    ("root_canal", "Root canal"),
    ("crown", "Crown"),
    ("implant", "Implant"),
    ("abutment", "Bridge abutment"),
    ("pontic", "Pontic"),
    ("extraction", "Extraction indicated"),
    ("missing", "Missing"),
]
# What a single surface can show.
SURFACE_CONDITIONS = CONDITIONS[:5]
SURFACE_CONDITION_VALUES = {value for value, __ in SURFACE_CONDITIONS}
# The field of each surface letter (see fdi.SURFACES).
SURFACE_FIELDS = {letter: f"surface_{letter.lower()}" for letter in fdi.SURFACES}
STATE_FIELDS = ("condition", *SURFACE_FIELDS.values())


class HealthcareDentalToothState(models.Model):
    """The current state of one tooth of one patient: one row per tooth, not a text blob, so that
    a segment can ask "patients with caries" and every change leaves a history row."""

    _name = "healthcare.dental.tooth.state"
    _inherit = "healthcare.patient.company.mixin"
    _description = "Tooth State"
    _order = "patient_id, tooth"
    _rec_name = "tooth"

    patient_id = fields.Many2one("res.partner", string="Patient", required=True, index=True, ondelete="cascade")
    tooth = fields.Selection(TOOTH_SELECTION, required=True)
    condition = fields.Selection(CONDITIONS, required=True, default="healthy")
    surface_m = fields.Selection(SURFACE_CONDITIONS, string="Mesial", required=True, default="healthy")
    surface_d = fields.Selection(SURFACE_CONDITIONS, string="Distal", required=True, default="healthy")
    surface_o = fields.Selection(SURFACE_CONDITIONS, string="Occlusal/Incisal", required=True, default="healthy")
    surface_v = fields.Selection(SURFACE_CONDITIONS, string="Vestibular", required=True, default="healthy")
    surface_l = fields.Selection(SURFACE_CONDITIONS, string="Lingual/Palatal", required=True, default="healthy")
    history_ids = fields.One2many("healthcare.dental.tooth.history", "state_id", string="History")

    _sql_constraints = [
        ("patient_tooth_unique", "UNIQUE(patient_id, tooth)", "A patient has one state per tooth."),
    ]

    @api.constrains("patient_id")
    def _check_patient(self):
        if self.filtered(lambda state: not state.patient_id.is_patient):
            raise ValidationError(_("Only patients have a dental chart."))

    @api.model_create_multi
    def create(self, vals_list):
        states = super().create(vals_list)
        # A tooth without a row is healthy: its first row is a change from healthy.
        states._log_changes({state.id: dict.fromkeys(STATE_FIELDS, "healthy") for state in states})
        return states

    def write(self, vals):
        changed = [name for name in STATE_FIELDS if name in vals]
        if not changed:
            return super().write(vals)
        before = {state.id: {name: state[name] for name in changed} for state in self}
        result = super().write(vals)
        self._log_changes(before)
        return result

    def _log_changes(self, before):
        """One history row per field that changed, all created in one batch. The history is
        append-only for every user, so it is written as superuser with the real user named."""
        # The treatments performed, as (state id, field, treatment id) of each change they made.
        causes = self.env.context.get("dental_treatment_causes", ())
        cause_of = {(state_id, name): treatment_id for state_id, name, treatment_id in causes}
        rows = []
        for state in self:
            for name, old in before[state.id].items():
                new = state[name]
                if new == old:
                    continue
                rows.append(
                    {
                        "state_id": state.id,
                        "patient_id": state.patient_id.id,
                        "tooth": state.tooth,
                        "part": "general" if name == "condition" else name.removeprefix("surface_").upper(),
                        "old_value": old,
                        "new_value": new,
                        "user_id": self.env.uid,
                        "treatment_id": cause_of.get((state.id, name), False),
                        "company_id": state.company_id.id,
                    }
                )
        if rows:
            self.env["healthcare.dental.tooth.history"].sudo().create(rows)

    def _as_chart(self):
        """The contract of the odontogram widget for one tooth."""
        return {
            "tooth": self.tooth,
            "condition": self.condition,
            "surfaces": {letter: self[field] for letter, field in SURFACE_FIELDS.items()},
        }
