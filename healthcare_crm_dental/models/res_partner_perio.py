from odoo import fields, models


class ResPartner(models.Model):
    """The patient's periodontal charts (clinicians only, as the dental chart)."""

    _inherit = "res.partner"

    dental_perio_chart_ids = fields.One2many(
        "healthcare.dental.perio.chart",
        "patient_id",
        string="Periodontal Charts",
        groups="healthcare_crm.group_healthcare_clinician",
    )
    dental_perio_chart_count = fields.Integer(
        compute="_compute_dental_perio_chart_count",
        string="Periodontal Charts Count",
        groups="healthcare_crm.group_healthcare_clinician",
    )

    def _compute_dental_perio_chart_count(self):
        counts = dict(
            self.env["healthcare.dental.perio.chart"]._read_group(
                [("patient_id", "in", self.ids)], ["patient_id"], ["__count"]
            )
        )
        for partner in self:
            partner.dental_perio_chart_count = counts.get(partner, 0)

    def action_view_dental_perio_charts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm_dental.action_dental_perio_charts")
        action["domain"] = [("patient_id", "=", self.id)]
        action["context"] = {"default_patient_id": self.id}
        return action

    def action_dental_perio_new(self):
        """A new chart for today, starting as a copy of the last one."""
        self.ensure_one()
        return self.env["healthcare.dental.perio.chart"].start_from_last(self.id)._form_action()
