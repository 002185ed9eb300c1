from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _healthcare_personal_data(self):
        """The messages the clinic sent the patient, and those it received, are part of their personal data too."""
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
        received = self.env["healthcare.inbound.message"].search([("partner_id", "=", self.id)])
        sections.append(
            self._healthcare_personal_data_section(
                "messages_received",
                self.env._("Messages Received"),
                received,
                ["received_at", "channel", "sender", "message_type", "body"],
            )
        )
        return sections
