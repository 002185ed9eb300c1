from odoo import fields, models


class HealthcareMessage(models.Model):
    _inherit = "healthcare.message"

    # The link to an informed consent to sign (healthcare.consent.form).
    kind = fields.Selection(selection_add=[("consent_form", "Informed consent")], ondelete={"consent_form": "cascade"})
