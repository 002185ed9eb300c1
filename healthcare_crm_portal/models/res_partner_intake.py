from odoo import _, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    intake_ids = fields.One2many("healthcare.intake", "patient_id", string="Admission Forms")
    intake_state = fields.Selection(
        [
            ("none", "Not sent"),
            ("sent", "Waiting for the patient"),
            ("submitted", "To review"),
            ("reviewed", "Reviewed"),
        ],
        string="Admission Form State",
        compute="_compute_intake_state",
    )

    def _compute_intake_state(self):
        # The latest form tells where the patient is; one query for a whole list.
        latest = {}
        for intake in self.env["healthcare.intake"].search_fetch(
            [("patient_id", "in", self._origin.ids)], ["patient_id", "state"], order="id"
        ):
            latest[intake.patient_id.id] = intake.state
        for partner in self:
            partner.intake_state = latest.get(partner._origin.id, "none")

    def action_print_intake_qr(self):
        """The patient's admission form as a QR code, printed at the desk for their phone."""
        self.ensure_one()
        if not self.is_patient:
            raise UserError(_("%s is not a patient.", self.display_name))
        intake = self.env["healthcare.intake"]._pending_for(self).get(self.id)
        if not intake:
            raise UserError(_("%s already sent the admission form.", self.display_name))
        return intake.action_print_qr()

    def action_view_intakes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm_portal.action_intakes")
        action["domain"] = [("patient_id", "=", self.id)]
        action["context"] = {"default_patient_id": self.id}
        return action
