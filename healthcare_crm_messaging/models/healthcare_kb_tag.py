from odoo import fields, models


class HealthcareKbTag(models.Model):
    _name = "healthcare.kb.tag"
    _description = "Knowledge Base Tag"
    _order = "name"

    name = fields.Char(required=True)
    color = fields.Integer()

    _sql_constraints = [("name_unique", "unique(name)", "This tag already exists.")]
