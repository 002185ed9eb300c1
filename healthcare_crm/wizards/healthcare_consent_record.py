from odoo import fields, models

from ..models.healthcare_consent import CONSENT_PURPOSES, CONSENT_SOURCES, CONSENT_STATES


class HealthcareConsentRecord(models.TransientModel):
    """Record what a patient decided about one purpose, from the patient form."""

    _name = "healthcare.consent.record"
    _description = "Record Patient Consent"

    partner_id = fields.Many2one(
        "res.partner", string="Patient", required=True, ondelete="cascade", domain=[("is_patient", "=", True)]
    )
    purpose = fields.Selection(CONSENT_PURPOSES, required=True)
    state = fields.Selection(CONSENT_STATES, string="Consent", required=True, default="given")
    source = fields.Selection(CONSENT_SOURCES, required=True, default="in_person")
    evidence = fields.Text(help="What proves it, e.g. 'signed form no. 123' or an excerpt of the patient's message.")

    def action_record(self):
        self.ensure_one()
        self.env["healthcare.consent"].create(
            {
                "partner_id": self.partner_id.id,
                "purpose": self.purpose,
                "state": self.state,
                "source": self.source,
                "evidence": self.evidence,
            }
        )
        return {"type": "ir.actions.act_window_close"}
