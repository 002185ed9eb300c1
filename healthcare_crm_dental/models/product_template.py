from odoo import api, fields, models

from .healthcare_dental_tooth_state import CONDITIONS
from .healthcare_dental_treatment import AREAS


class ProductTemplate(models.Model):
    """The dental catalogue is the sale catalogue: a treatment is a service product with where in
    the mouth it is done, how long it takes and what it leaves on the tooth."""

    _inherit = "product.template"

    is_dental_treatment = fields.Boolean(string="Dental Treatment", index=True)
    dental_area = fields.Selection(AREAS, string="Treatment Area", help="Where in the mouth the treatment is done.")
    dental_duration = fields.Integer(string="Duration (minutes)")
    dental_result_condition = fields.Selection(
        CONDITIONS,
        string="Leaves the Tooth",
        help="The condition of the tooth (or of the treated surfaces) once the treatment is performed. "
        "Empty: the chart does not change.",
    )
    # Recall rules already follow products (trigger "After a treatment"): the catalogue shows
    # them rather than keeping a second link that could disagree.
    dental_recall_rule_ids = fields.Many2many(
        "healthcare.recall.rule", string="Recall Rules", compute="_compute_dental_recall_rule_ids"
    )

    @api.depends("product_variant_ids")
    def _compute_dental_recall_rule_ids(self):
        rules = self.env["healthcare.recall.rule"].search(
            [("trigger", "=", "product"), ("product_ids", "in", self.product_variant_ids.ids)]
        )
        for template in self:
            variants = template.product_variant_ids
            template.dental_recall_rule_ids = rules.filtered(
                lambda rule, variants=variants: rule.product_ids & variants
            )
