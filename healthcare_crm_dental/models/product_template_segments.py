from odoo import fields, models


class ProductTemplate(models.Model):
    """Which dental treatments the marketing lists look for: cleanings for "no hygiene in 12
    months", orthodontics for the open-day invitation."""

    _inherit = "product.template"

    dental_kind = fields.Selection(
        [("hygiene", "Hygiene"), ("orthodontics", "Orthodontics")],
        string="Dental List",
        index="btree_not_null",
        help="Hygiene: performing it counts as the patient's hygiene visit. Orthodontics: a quote "
        "with it is an orthodontic quote.",
    )
