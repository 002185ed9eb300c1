from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _healthcare_personal_data(self):
        """The messages the clinic sent the patient are part of their personal data too."""
        sections = super()._healthcare_personal_data()
        messages = self.env["healthcare.message"].search(
            [("patient_id", "=", self.id)], order="create_date desc, id desc"
        )
        sections.append(
            self._healthcare_personal_data_section(
                "messages",
                self.env._("Messages Sent"),
                messages,
                ["create_date", "kind", "channel", "recipient", "state", "body"],
            )
        )
        return sections
