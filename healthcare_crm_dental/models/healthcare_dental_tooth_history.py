from odoo import _, fields, models
from odoo.exceptions import UserError

from .healthcare_dental_tooth_state import CONDITIONS, TOOTH_SELECTION


class HealthcareDentalToothHistory(models.Model):
    """Every change of a tooth's state: who, when, what, from what to what, and the treatment
    that caused it. Append-only, as a clinical record must be (Ley 41/2002): rows are written by
    the tooth state itself, as superuser, and nobody may change or delete them."""

    _name = "healthcare.dental.tooth.history"
    _description = "Tooth State History"
    _order = "date desc, id desc"
    _rec_name = "tooth"

    state_id = fields.Many2one("healthcare.dental.tooth.state", string="Tooth State", readonly=True, index=True)
    # Restrict: the clinical record of a patient outlives a careless delete.
    patient_id = fields.Many2one(
        "res.partner", string="Patient", required=True, readonly=True, index=True, ondelete="restrict"
    )
    tooth = fields.Selection(TOOTH_SELECTION, required=True, readonly=True)
    part = fields.Selection(
        [
            ("general", "Whole tooth"),
            ("M", "Mesial"),
            ("D", "Distal"),
            ("O", "Occlusal/Incisal"),
            ("V", "Vestibular"),
            ("L", "Lingual/Palatal"),
        ],
        string="Changed",
        required=True,
        readonly=True,
    )
    old_value = fields.Selection(CONDITIONS, string="Before", readonly=True)
    new_value = fields.Selection(CONDITIONS, string="After", required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="User", required=True, readonly=True, index=True, ondelete="restrict")
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    treatment_id = fields.Many2one(
        "healthcare.dental.treatment", string="Treatment", readonly=True, index="btree_not_null", ondelete="restrict"
    )
    company_id = fields.Many2one("res.company", string="Company", readonly=True, index=True)

    def write(self, vals):
        if not vals:
            return True
        raise UserError(_("The dental history cannot be changed: it is part of the patient's clinical record."))

    def unlink(self):
        raise UserError(_("The dental history cannot be deleted: it is part of the patient's clinical record."))
