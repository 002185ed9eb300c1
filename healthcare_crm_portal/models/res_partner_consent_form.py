from odoo import fields, models

from .healthcare_consent_form_status import list_action, send_action


class ResPartner(models.Model):
    _inherit = "res.partner"

    consent_form_ids = fields.One2many(
        "healthcare.consent.form",
        "patient_id",
        string="Informed Consents",
        groups="healthcare_crm.group_healthcare_receptionist",
    )
    consent_form_count = fields.Integer(
        compute="_compute_consent_form_count",
        string="Informed Consent Count",
        groups="healthcare_crm.group_healthcare_receptionist",
    )

    def _compute_consent_form_count(self):
        counts = dict(
            self.env["healthcare.consent.form"]._read_group(
                [("patient_id", "in", self.ids)], ["patient_id"], ["__count"]
            )
        )
        for partner in self:
            partner.consent_form_count = counts.get(partner, 0)

    def action_send_consent_forms(self):
        self.ensure_one()
        return send_action(self.env, {"default_patient_id": self.id})

    def action_view_consent_forms(self):
        self.ensure_one()
        return list_action(self.env, [("patient_id", "=", self.id)], {"default_patient_id": self.id})
