from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..models.healthcare_dental_perio_tooth import SITES


class HealthcareDentalPerioCompare(models.TransientModel):
    """Two periodontal charts of a patient side by side: the summary figures of each and, per
    tooth and site, how probing depth and bleeding changed (the sites that did not are left out)."""

    _name = "healthcare.dental.perio.compare"
    _description = "Compare Periodontal Charts"

    chart_before_id = fields.Many2one("healthcare.dental.perio.chart", string="Before", required=True)
    chart_after_id = fields.Many2one("healthcare.dental.perio.chart", string="After", required=True)
    patient_id = fields.Many2one(related="chart_after_id.patient_id")
    line_ids = fields.One2many(
        "healthcare.dental.perio.compare.line", "compare_id", string="Changes", compute="_compute_lines", store=True
    )
    before_mean_depth = fields.Float(related="chart_before_id.mean_depth", string="Mean Depth Before")
    after_mean_depth = fields.Float(related="chart_after_id.mean_depth", string="Mean Depth After")
    before_bleeding_percent = fields.Float(related="chart_before_id.bleeding_percent", string="BoP % Before")
    after_bleeding_percent = fields.Float(related="chart_after_id.bleeding_percent", string="BoP % After")
    before_plaque_percent = fields.Float(related="chart_before_id.plaque_percent", string="Plaque % Before")
    after_plaque_percent = fields.Float(related="chart_after_id.plaque_percent", string="Plaque % After")
    before_sites_4mm = fields.Integer(related="chart_before_id.sites_4mm", string="Sites ≥ 4 mm Before")
    after_sites_4mm = fields.Integer(related="chart_after_id.sites_4mm", string="Sites ≥ 4 mm After")
    before_sites_6mm = fields.Integer(related="chart_before_id.sites_6mm", string="Sites ≥ 6 mm Before")
    after_sites_6mm = fields.Integer(related="chart_after_id.sites_6mm", string="Sites ≥ 6 mm After")
    improved_sites = fields.Integer(compute="_compute_lines", store=True, help="Sites whose probing depth fell.")
    worsened_sites = fields.Integer(compute="_compute_lines", store=True, help="Sites whose probing depth rose.")

    @api.constrains("chart_before_id", "chart_after_id")
    def _check_same_patient(self):
        for wizard in self:
            if wizard.chart_before_id.patient_id != wizard.chart_after_id.patient_id:
                raise ValidationError(_("Compare two charts of the same patient."))

    @api.depends("chart_before_id", "chart_after_id")
    def _compute_lines(self):
        for wizard in self:
            changes = wizard._changes()
            wizard.line_ids = [fields.Command.clear()] + [fields.Command.create(change) for change in changes]
            wizard.improved_sites = sum(1 for change in changes if change["depth_change"] < 0)
            wizard.worsened_sites = sum(1 for change in changes if change["depth_change"] > 0)

    def _changes(self):
        """Per tooth and site present in both charts, the change in probing depth and bleeding."""
        before = self.chart_before_id._site_values()
        after = self.chart_after_id._site_values()
        changes = []
        order = {site: index for index, site in enumerate(SITES)}
        for key in sorted(set(before) & set(after), key=lambda key: (key[0], order[key[1]])):
            old, new = before[key], after[key]
            if old["pd"] == new["pd"] and old["bop"] == new["bop"]:
                continue
            changes.append(
                {
                    "tooth": key[0],
                    "site": key[1],
                    "depth_before": old["pd"],
                    "depth_after": new["pd"],
                    "depth_change": new["pd"] - old["pd"],
                    "bleeding_before": old["bop"],
                    "bleeding_after": new["bop"],
                }
            )
        return changes
