from odoo import _, api, fields, models
from odoo.exceptions import AccessError

LINE_OUTCOMES = [("open", "Open"), ("accepted", "Accepted"), ("rejected", "Rejected")]


class SaleOrderLine(models.Model):
    """A quote line of dental treatments: the teeth it is for, its phase and its own outcome, so
    that a patient may accept the fillings of a quote and reject its implants."""

    _inherit = "sale.order.line"

    # The treatments are clinical data: the front desk reads their teeth through dental_teeth.
    dental_treatment_ids = fields.One2many(
        "healthcare.dental.treatment",
        "sale_line_id",
        string="Dental Treatments",
        groups="healthcare_crm.group_healthcare_clinician",
    )
    dental_teeth = fields.Char(
        string="Teeth",
        compute="_compute_dental_teeth",
        store=True,
        help="The teeth and surfaces of the line's treatments, e.g. 36 MO, 46.",
    )
    dental_phase = fields.Integer(string="Phase", copy=False)
    dental_line_outcome = fields.Selection(
        LINE_OUTCOMES,
        string="Line Outcome",
        default="open",
        copy=False,
        help="The patient's answer to this line: accepting the quote accepts its open lines.",
    )

    @api.depends(
        "dental_treatment_ids.tooth",
        "dental_treatment_ids.surfaces",
        "dental_treatment_ids.quadrant",
        "dental_treatment_ids.sextant",
        "dental_treatment_ids.arch",
    )
    def _compute_dental_teeth(self):
        # Stored fields are computed as superuser: the label needs the clinical rows. It is
        # written in the patient's language, as the printed quote is ("Cuadrante 3").
        for line in self:
            lang = line.order_id.partner_id.lang or self.env.lang
            treatments = line.dental_treatment_ids.with_context(lang=lang)
            # A tooth with several treatments on the line (extraction, implant, crown) is named once.
            labels = dict.fromkeys(label for label in treatments.mapped("location") if label)
            line.dental_teeth = ", ".join(labels) or False

    @api.depends("dental_teeth")
    def _compute_display_name(self):
        super()._compute_display_name()
        # Two fillings of a quote differ by their teeth (appointments book lines by this name).
        for line in self.filtered("dental_teeth"):
            line.display_name = f"{line.display_name} ({line.dental_teeth})"

    @api.depends("dental_line_outcome")
    def _compute_qty_to_invoice(self):
        super()._compute_qty_to_invoice()
        # A treatment the patient rejected is not invoiced, whatever the rest of the quote.
        for line in self.filtered(lambda line: line.dental_line_outcome == "rejected"):
            line.qty_to_invoice = 0

    def write(self, vals):
        result = super().write(vals)
        if "dental_line_outcome" in vals:
            self._sync_dental_treatments()
        return result

    def _sync_dental_treatments(self):
        """A line's outcome moves its treatments: accepted, rejected, or back to planned. The
        front desk records the patient's answer, so this runs as superuser on the clinical rows."""
        status = {"open": "planned", "accepted": "accepted", "rejected": "rejected"}
        for outcome, target in status.items():
            lines = self.filtered(lambda line, outcome=outcome: line.dental_line_outcome == outcome)
            lines.sudo().dental_treatment_ids._set_status(target)

    def action_dental_accept(self):
        self.dental_line_outcome = "accepted"

    def action_dental_reject(self):
        self.dental_line_outcome = "rejected"

    def action_dental_done(self):
        """The line's treatments were done: the clinician who says so performed them today."""
        if not self.env.user.has_group("healthcare_crm.group_healthcare_clinician"):
            raise AccessError(_("Only clinicians can record a dental treatment as performed."))
        self.dental_treatment_ids._perform()
