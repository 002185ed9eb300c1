from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .healthcare_dental_perio_tooth import MEASURES, PERMANENT_TEETH, SITES, site_field

# What a periodontogram report summarises (SEPA): figures over the present teeth's sites.
SUMMARY_FIELDS = ("site_count", "mean_depth", "bleeding_percent", "plaque_percent", "sites_4mm", "sites_6mm")


def summarize(sites):
    """Summary figures of [(tooth, site, depth, bleeding, plaque)]: mean probing depth (mm, one
    decimal), % of sites bleeding on probing and with plaque, sites of 4 mm or more and 6 or more."""
    count = len(sites)
    if not count:
        return dict.fromkeys(SUMMARY_FIELDS, 0)
    return {
        "site_count": count,
        "mean_depth": round(sum(site[2] for site in sites) / count, 1),
        "bleeding_percent": round(100.0 * sum(1 for site in sites if site[3]) / count, 1),
        "plaque_percent": round(100.0 * sum(1 for site in sites if site[4]) / count, 1),
        "sites_4mm": sum(1 for site in sites if site[2] >= 4),
        "sites_6mm": sum(1 for site in sites if site[2] >= 6),
    }


class HealthcareDentalPerioChart(models.Model):
    """A periodontal chart (periodontograma) as taken on one day: a dated snapshot that is never
    overwritten by the next one, so that two of them can be compared."""

    _name = "healthcare.dental.perio.chart"
    _inherit = "healthcare.patient.company.mixin"
    _description = "Periodontal Chart"
    _order = "patient_id, date desc, id desc"

    patient_id = fields.Many2one(
        "res.partner",
        string="Patient",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_patient", "=", True)],
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    clinician_id = fields.Many2one("res.users", string="Clinician", default=lambda self: self.env.user)
    notes = fields.Text()
    tooth_ids = fields.One2many("healthcare.dental.perio.tooth", "chart_id", string="Teeth", copy=True)
    upper_tooth_ids = fields.One2many(
        "healthcare.dental.perio.tooth", "chart_id", string="Upper Arch", domain=[("arch", "=", "upper")]
    )
    lower_tooth_ids = fields.One2many(
        "healthcare.dental.perio.tooth", "chart_id", string="Lower Arch", domain=[("arch", "=", "lower")]
    )
    # Stored, so that the list of a patient's charts shows how the figures moved.
    site_count = fields.Integer(string="Sites", compute="_compute_summary", store=True)
    mean_depth = fields.Float(string="Mean Probing Depth", digits=(3, 1), compute="_compute_summary", store=True)
    bleeding_percent = fields.Float(string="Bleeding (BoP %)", digits=(5, 1), compute="_compute_summary", store=True)
    plaque_percent = fields.Float(string="Plaque %", digits=(5, 1), compute="_compute_summary", store=True)
    sites_4mm = fields.Integer(string="Sites ≥ 4 mm", compute="_compute_summary", store=True)
    sites_6mm = fields.Integer(string="Sites ≥ 6 mm", compute="_compute_summary", store=True)
    previous_chart_id = fields.Many2one(
        "healthcare.dental.perio.chart", string="Previous Chart", compute="_compute_previous_chart"
    )

    @api.constrains("patient_id")
    def _check_patient(self):
        if self.filtered(lambda chart: not chart.patient_id.is_patient):
            raise ValidationError(_("Only patients have a dental chart."))

    @api.depends(
        "tooth_ids.missing",
        *(f"tooth_ids.{site_field(measure, site)}" for measure in ("pd", "bop", "plq") for site in SITES),
    )
    def _compute_summary(self):
        for chart in self:
            chart.update(summarize(chart.tooth_ids._measured_sites()))

    @api.depends("patient_id", "date")
    def _compute_previous_chart(self):
        for chart in self:
            chart.previous_chart_id = chart.patient_id and self.search(
                [
                    ("patient_id", "=", chart.patient_id.id),
                    ("id", "!=", chart._origin.id or 0),
                    "|",
                    ("date", "<", chart.date),
                    "&",
                    ("date", "=", chart.date),
                    ("id", "<", chart._origin.id or 0),
                ],
                limit=1,
            )

    @api.depends("patient_id", "date")
    def _compute_display_name(self):
        for chart in self:
            date = fields.Date.to_string(chart.date) if chart.date else ""
            chart.display_name = " · ".join(part for part in (chart.patient_id.name, date) if part)

    @api.model
    def _blank_teeth(self):
        return [fields.Command.create({"tooth": tooth}) for tooth in PERMANENT_TEETH]

    @api.model_create_multi
    def create(self, vals_list):
        # A chart starts with its 32 rows, so that the clinician only types what was measured.
        for vals in vals_list:
            if not vals.get("tooth_ids"):
                vals["tooth_ids"] = self._blank_teeth()
        return super().create(vals_list)

    @api.model
    def start_from_last(self, patient_id):
        """A new chart for today: a copy of the patient's last chart (its teeth and measures, to
        be probed again), or 32 blank rows for the first one."""
        patient = self.env["res.partner"].browse(patient_id).exists()
        if not patient or not patient.is_patient:
            raise UserError(_("Choose a patient to chart."))
        last = self.search([("patient_id", "=", patient.id)], limit=1)
        values = {"date": fields.Date.context_today(self), "clinician_id": self.env.uid, "notes": False}
        if last:
            return last.copy(values)
        return self.create({**values, "patient_id": patient.id})

    def action_start_next(self):
        """Today's chart of the same patient, starting as a copy of the last one."""
        self.ensure_one()
        return self.start_from_last(self.patient_id.id)._form_action()

    def _form_action(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_compare(self):
        """Compare this chart with the previous one (or with nothing yet: the wizard asks)."""
        self.ensure_one()
        wizard = self.env["healthcare.dental.perio.compare"].create(
            {"chart_before_id": self.previous_chart_id.id or self.id, "chart_after_id": self.id}
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Compare Periodontal Charts"),
            "res_model": "healthcare.dental.perio.compare",
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def _site_values(self):
        """{(tooth, site): {measure: value}} of the present teeth."""
        values = {}
        for row in self.tooth_ids.filtered(lambda row: not row.missing):
            for site in SITES:
                values[(row.tooth, site)] = {measure: row[site_field(measure, site)] for measure in MEASURES}
        return values
