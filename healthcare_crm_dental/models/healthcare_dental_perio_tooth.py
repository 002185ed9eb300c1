from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from . import fdi

# The six sites probed around a tooth, in the order of SEPA's periodontogram: vestibular
# mesial, centre and distal, then lingual/palatal mesial, centre and distal.
SITES = ("mb", "b", "db", "ml", "l", "dl")
SITE_LABELS = {"mb": "MV", "b": "V", "db": "DV", "ml": "ML", "l": "L", "dl": "DL"}
# What is measured at each site: probing depth and recession in mm, three yes/no signs.
MEASURES = ("pd", "rec", "bop", "plq", "sup")
PERMANENT_TEETH = fdi.PERMANENT_TEETH
MOBILITY = [("0", "0"), ("1", "I"), ("2", "II"), ("3", "III")]
FURCATION = [("0", "0"), ("1", "I"), ("2", "II"), ("3", "III")]


def site_field(measure, site):
    return f"{measure}_{site}"


def _site_fields():
    """Thirty columns: for each site, probing depth, recession, bleeding, plaque, suppuration."""
    labels = {
        "pd": "Probing depth",
        "rec": "Recession",
        "bop": "Bleeding",
        "plq": "Plaque",
        "sup": "Suppuration",
    }
    columns = {}
    for site in SITES:
        label = SITE_LABELS[site]
        columns[site_field("pd", site)] = fields.Integer(f"{labels['pd']} {label}", default=0)
        columns[site_field("rec", site)] = fields.Integer(
            f"{labels['rec']} {label}", default=0, help="mm from the cemento-enamel junction; negative for hyperplasia."
        )
        for measure in ("bop", "plq", "sup"):
            columns[site_field(measure, site)] = fields.Boolean(f"{labels[measure]} {label}")
    return columns


class HealthcareDentalPerioTooth(models.Model):
    """One tooth of a periodontal chart: mobility and furcation, and its six sites as columns,
    so that a whole chart is 32 rows (see docs/dental.md, "Periodontal chart")."""

    _name = "healthcare.dental.perio.tooth"
    _description = "Periodontal Chart Tooth"
    _order = "chart_id, sequence, tooth"
    _rec_name = "tooth"

    chart_id = fields.Many2one(
        "healthcare.dental.perio.chart", string="Chart", required=True, index=True, ondelete="cascade"
    )
    patient_id = fields.Many2one(related="chart_id.patient_id", store=True, index=True)
    # The chart's company (itself the patient's), for the multi-company rule.
    company_id = fields.Many2one(related="chart_id.company_id", store=True, index="btree_not_null")
    tooth = fields.Selection([(code, code) for code in PERMANENT_TEETH], required=True)
    arch = fields.Selection([("upper", "Upper"), ("lower", "Lower")], compute="_compute_arch", store=True)
    # Upper arch from 18 to 28, lower from 48 to 38: the order a periodontogram is read in.
    sequence = fields.Integer(compute="_compute_arch", store=True)
    missing = fields.Boolean()
    mobility = fields.Selection(MOBILITY, default="0", required=True)
    furcation = fields.Selection(FURCATION, default="0", required=True)
    locals().update(_site_fields())

    _sql_constraints = [
        ("chart_tooth_unique", "UNIQUE(chart_id, tooth)", "A periodontal chart has one row per tooth."),
    ]

    @api.depends("tooth")
    def _compute_arch(self):
        order = {code: index for index, code in enumerate(_reading_order())}
        for row in self:
            row.arch = fdi.arch(row.tooth) if row.tooth else False
            row.sequence = order.get(row.tooth, 0)

    @api.constrains(*(site_field(measure, site) for measure in ("pd", "rec") for site in SITES))
    def _check_measures(self):
        for row in self:
            for site in SITES:
                depth = row[site_field("pd", site)]
                recession = row[site_field("rec", site)]
                if not 0 <= depth <= 15:
                    raise ValidationError(
                        _(
                            "Tooth %(tooth)s, site %(site)s: a probing depth is between 0 and 15 mm.",
                            tooth=row.tooth,
                            site=SITE_LABELS[site],
                        )
                    )
                if not -10 <= recession <= 15:
                    raise ValidationError(
                        _(
                            "Tooth %(tooth)s, site %(site)s: a recession is between -10 and 15 mm.",
                            tooth=row.tooth,
                            site=SITE_LABELS[site],
                        )
                    )

    def _measured_sites(self):
        """(tooth, site, depth, bleeding, plaque) of the present teeth, the sites a summary counts."""
        return [
            (
                row.tooth,
                site,
                row[site_field("pd", site)],
                row[site_field("bop", site)],
                row[site_field("plq", site)],
            )
            for row in self
            if not row.missing
            for site in SITES
        ]


def _reading_order():
    upper = [f"1{n}" for n in range(8, 0, -1)] + [f"2{n}" for n in range(1, 9)]
    lower = [f"4{n}" for n in range(8, 0, -1)] + [f"3{n}" for n in range(1, 9)]
    return upper + lower
