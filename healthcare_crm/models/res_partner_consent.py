from odoo import api, fields, models

from .healthcare_consent import CONSENT_CURRENT_STATES, CONSENT_PURPOSES, CURRENT_FIRST


def _current_consent_field(string):
    """The stored current state of one consent purpose, for segments."""
    return fields.Selection(
        CONSENT_CURRENT_STATES,
        string=string,
        compute="_compute_consent_states",
        store=True,
        help="Current state, from the newest consent recorded for this purpose.",
    )


class ResPartner(models.Model):
    """The patient's consents, and the current state per purpose stored for segmentation."""

    _inherit = "res.partner"

    # Consent: the history and, per purpose, the current state stored for segmentation.
    consent_ids = fields.One2many("healthcare.consent", "partner_id", string="Consents")
    consent_data_processing = _current_consent_field("Data Processing Consent")
    consent_email_marketing = _current_consent_field("Email Marketing Consent")
    consent_sms = _current_consent_field("SMS Consent")
    consent_whatsapp = _current_consent_field("WhatsApp Consent")
    consent_phone_marketing = _current_consent_field("Phone Marketing Consent")

    @api.depends("consent_ids.purpose", "consent_ids.state")
    def _compute_consent_states(self):
        # One query for the whole batch, current first: the first seen per purpose wins.
        latest = {}
        partner_ids = [pid for pid in self._origin.ids if pid]
        if partner_ids:
            consents = (
                self.env["healthcare.consent"]
                .sudo()
                .search_fetch(
                    [("partner_id", "in", partner_ids)], ["partner_id", "purpose", "state"], order=CURRENT_FIRST
                )
            )
            for consent in consents:
                latest.setdefault((consent.partner_id.id, consent.purpose), consent.state)
        for partner in self:
            for purpose, _label in CONSENT_PURPOSES:
                partner[f"consent_{purpose}"] = latest.get((partner._origin.id, purpose), "none")

    def action_record_consent(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_healthcare_consent_record")
        action["context"] = {"default_partner_id": self.id}
        return action
