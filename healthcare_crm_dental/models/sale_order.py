from odoo import models


class SaleOrder(models.Model):
    """Accepting or rejecting a quote in the follow-up pipeline answers its open dental lines."""

    _inherit = "sale.order"

    def write(self, vals):
        if "followup_stage_id" not in vals:
            return super().write(vals)
        before = {order.id: order.followup_outcome for order in self}
        result = super().write(vals)
        for outcome in ("accepted", "rejected"):
            orders = self.filtered(lambda o, outcome=outcome: o.followup_outcome == outcome != before[o.id])
            # Lines the patient already answered keep their own outcome (partial acceptance).
            lines = orders.order_line.filtered(lambda line: line.dental_line_outcome == "open")
            if lines:
                lines.dental_line_outcome = outcome
        return result

    def _action_cancel(self):
        # A cancelled quote gives its treatments back to the plan, to be quoted again; work
        # already performed keeps the line it was quoted on.
        result = super()._action_cancel()
        treatments = self.order_line.sudo().dental_treatment_ids.filtered(lambda t: t.status != "performed")
        treatments.write({"sale_line_id": False, "status": "planned"})
        return result
