from odoo import fields, models

from ..models.healthcare_dental_perio_tooth import SITE_LABELS, SITES


class HealthcareDentalPerioCompareLine(models.TransientModel):
    _name = "healthcare.dental.perio.compare.line"
    _description = "Periodontal Chart Change"
    _order = "tooth, id"

    compare_id = fields.Many2one("healthcare.dental.perio.compare", required=True, ondelete="cascade")
    tooth = fields.Char(required=True)
    site = fields.Selection([(site, SITE_LABELS[site]) for site in SITES], required=True)
    depth_before = fields.Integer(string="Depth Before")
    depth_after = fields.Integer(string="Depth After")
    depth_change = fields.Integer(string="Change (mm)")
    bleeding_before = fields.Boolean(string="Bled Before")
    bleeding_after = fields.Boolean(string="Bleeds Now")
