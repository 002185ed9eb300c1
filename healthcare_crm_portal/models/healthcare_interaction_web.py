from odoo import fields, models


class HealthcareInteraction(models.Model):
    """What the patient did on the clinic's web pages (a quote accepted, a question asked) is
    contact history too, on a channel of its own: none of call, WhatsApp, SMS... fits it."""

    _inherit = "healthcare.interaction"

    channel = fields.Selection(selection_add=[("web", "Web")], ondelete={"web": "set default"})
