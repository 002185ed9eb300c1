from collections import defaultdict

from odoo import _, models

from . import fdi

# Months of the financing lines of a printed dental quote, unless the clinic sets its own
# (system parameter healthcare_crm_dental.financing_months, e.g. "6,12,24"; empty: no financing).
FINANCING_PARAM = "healthcare_crm_dental.financing_months"
DEFAULT_FINANCING_MONTHS = "6,12,24"
# The odontogram of the printed quote: one box per tooth, in the order a dentist reads the mouth.
TOOTH_WIDTH = 28
TOOTH_GAP = 12
ROWS_PERMANENT = (
    ("upper", [f"1{n}" for n in range(8, 0, -1)], [f"2{n}" for n in range(1, 9)]),
    ("lower", [f"4{n}" for n in range(8, 0, -1)], [f"3{n}" for n in range(1, 9)]),
)
ROWS_DECIDUOUS = (
    ("upper", [f"5{n}" for n in range(5, 0, -1)], [f"6{n}" for n in range(1, 6)]),
    ("lower", [f"8{n}" for n in range(5, 0, -1)], [f"7{n}" for n in range(1, 6)]),
)


class SaleOrder(models.Model):
    """What the printed dental quote shows besides sale's own: phases, the odontogram of the
    planned work and the financing lines."""

    _inherit = "sale.order"

    def _dental_is_dental_quote(self):
        """A quote with at least one line of dental treatments prints as a dental quote."""
        self.ensure_one()
        return any(self.order_line.mapped("dental_teeth"))

    def _get_order_lines_to_report(self):
        lines = super()._get_order_lines_to_report()
        # A dental quote is read phase by phase; sections set by hand keep the clinic's order.
        if self._dental_is_dental_quote() and not lines.filtered("display_type"):
            lines = lines.sorted(lambda line: (line.dental_phase or 0, line.sequence, line.id))
        return lines

    def _dental_phase_subtotals(self):
        """{phase: untaxed amount} of the dental lines, for the subtotal after each phase."""
        subtotals = defaultdict(float)
        for line in self.order_line.filtered(lambda line: line.dental_phase and not line.display_type):
            subtotals[line.dental_phase] += line.price_subtotal
        return dict(subtotals)

    def _dental_planned_teeth(self):
        """The teeth the quote's treatments are on: a tooth treatment's tooth, every tooth of a
        quadrant, sextant or arch treatment. The treatments are read as superuser: the front desk
        prints the quote, and it only shows teeth the lines already name."""
        teeth = set()
        for treatment in self.order_line.sudo().dental_treatment_ids:
            if treatment.tooth:
                teeth.add(treatment.tooth)
            elif treatment.quadrant:
                teeth.update(fdi.teeth_of_quadrant(int(treatment.quadrant)))
            elif treatment.sextant:
                teeth.update(code for code in fdi.PERMANENT_TEETH if fdi.sextant(code) == int(treatment.sextant))
            elif treatment.arch:
                teeth.update(code for code in fdi.PERMANENT_TEETH if fdi.arch(code) == treatment.arch)
        return teeth

    def _dental_odontogram(self):
        """Boxes of the printed odontogram: {"width", "height", "teeth": [{code, x, y, planned}]}.
        Deciduous rows are drawn only when the quote plans work on a baby tooth."""
        self.ensure_one()
        planned = self._dental_planned_teeth()
        rows = list(ROWS_PERMANENT)
        if any(fdi.is_deciduous(code) for code in planned):
            rows = [ROWS_PERMANENT[0], ROWS_DECIDUOUS[0], ROWS_DECIDUOUS[1], ROWS_PERMANENT[1]]
        step = TOOTH_WIDTH + 2
        half = 8 * step
        teeth = []
        for row_index, (__, right, left) in enumerate(rows):
            y = 4 + row_index * (TOOTH_WIDTH + 18)
            # The patient's right is drawn on the left, as every odontogram does; baby teeth centred.
            offset = (8 - len(right)) * step
            for index, code in enumerate(right):
                x = 4 + offset + index * step
                teeth.append({"code": code, "x": x, "y": y, "planned": code in planned})
            for index, code in enumerate(left):
                x = 4 + half + TOOTH_GAP + index * step
                teeth.append({"code": code, "x": x, "y": y, "planned": code in planned})
        return {
            "width": 8 + 2 * half + TOOTH_GAP,
            "height": 8 + len(rows) * (TOOTH_WIDTH + 18),
            "size": TOOTH_WIDTH,
            "middle": 4 + half + TOOTH_GAP / 2 - 1,
            "teeth": teeth,
        }

    def _dental_financing_options(self):
        """[(label, amount)]: one payment of the total, then the monthly instalment of each
        financing term, the total divided evenly (no interest: the lender confirms its terms)."""
        self.ensure_one()
        setting = self.env["ir.config_parameter"].sudo().get_param(FINANCING_PARAM, DEFAULT_FINANCING_MONTHS)
        months = sorted({int(part) for part in (setting or "").replace(";", ",").split(",") if part.strip().isdigit()})
        total = self.amount_total
        options = [(_("Single payment"), total)]
        for count in months:
            if count > 1:
                options.append(
                    (_("Financed over %s months, monthly instalment", count), self.currency_id.round(total / count))
                )
        return options
