from odoo import _, fields, models
from odoo.exceptions import UserError

from ..models.healthcare_request_type import PRIORITIES


class HealthcareInteractionLog(models.TransientModel):
    """The logging dialog opens a patient request and sends an approved answer, optionally."""

    _inherit = "healthcare.interaction.log"

    create_request = fields.Boolean(string="Open a Request", help="The patient asked something the clinic must answer.")
    request_type_id = fields.Many2one("healthcare.request.type", string="Request Type")
    request_priority = fields.Selection(PRIORITIES, string="Priority")
    request_solved = fields.Boolean(
        string="Solved in This Contact", help="The request is answered now: it is opened and closed at once."
    )
    request_resolution = fields.Text(string="Answer Given")
    kb_article_id = fields.Many2one("healthcare.kb.article", string="Approved Answer", domain=[("approved", "=", True)])
    kb_send = fields.Boolean(string="Send It to the Patient")

    def action_log(self):
        self.ensure_one()
        if self.create_request and not self.request_type_id:
            raise UserError(_("Choose the type of the request (complaint, billing, clinical question...)."))
        if self.create_request and self.request_solved and not self.request_resolution:
            raise UserError(_("Write the answer given to close the request in this contact."))
        result = super().action_log()
        interaction = self.env["healthcare.interaction"].browse(result.get("infos", {}).get("interaction_id"))
        if self.create_request:
            request = self._create_request(interaction)
            result["infos"]["request_id"] = request.id
        if self.kb_article_id and self.kb_send:
            self.kb_article_id._send_to(self.partner_id)
        return result

    def _create_request(self, interaction):
        values = {
            "name": (self.summary or "").strip().split("\n")[0][:80],
            "patient_id": self.partner_id.id,
            "type_id": self.request_type_id.id,
            "description": self.summary,
            "interaction_id": interaction.id,
            "opened_at": interaction.date or fields.Datetime.now(),
        }
        if self.request_priority:
            values["priority"] = self.request_priority
        if self.request_solved:
            stage = self.env["healthcare.request.stage"].search(
                [("closed", "=", True), ("ask_satisfaction", "=", True)], limit=1
            )
            values.update(resolution=self.request_resolution, stage_id=stage.id)
        return self.env["healthcare.request"].create(values)
