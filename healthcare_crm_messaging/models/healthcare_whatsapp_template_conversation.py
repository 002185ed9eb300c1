from odoo import fields, models


class HealthcareWhatsappTemplate(models.Model):
    """A template the desk sends to reopen a WhatsApp conversation after the 24-hour window.

    Its parameters are filled by the inbox: {{1}} the patient's name, {{2}} the clinic's name.
    """

    _inherit = "healthcare.whatsapp.template"

    kind = fields.Selection(
        selection_add=[("conversation", "Desk reply outside the 24-hour window")],
        ondelete={"conversation": "cascade"},
    )
