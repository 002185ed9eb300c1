from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from . import fdi
from .healthcare_dental_tooth_state import SURFACE_CONDITION_VALUES, SURFACE_FIELDS, TOOTH_SELECTION

# Open Dental's treatment areas: where in the mouth a treatment is done.
AREAS = [
    ("surface", "Surface"),
    ("tooth", "Tooth"),
    ("quadrant", "Quadrant"),
    ("sextant", "Sextant"),
    ("arch", "Arch"),
    ("mouth", "Whole mouth"),
]
STATUSES = [
    ("preexisting", "Preexisting"),
    ("planned", "Planned"),
    ("accepted", "Accepted"),
    ("performed", "Performed"),
    ("rejected", "Rejected"),
]
# Statuses a quote line's outcome may still move; performed and preexisting work is history.
OPEN_STATUSES = ("planned", "accepted", "rejected")


class HealthcareDentalTreatment(models.Model):
    """One treatment on one place of one patient's mouth: preexisting work found at the first
    visit, or work planned, quoted (sale_line_id), accepted and performed."""

    _name = "healthcare.dental.treatment"
    _inherit = "healthcare.patient.company.mixin"
    _description = "Dental Treatment"
    _order = "patient_id, phase, tooth, id"

    patient_id = fields.Many2one(
        "res.partner",
        string="Patient",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_patient", "=", True)],
    )
    product_id = fields.Many2one(
        "product.product",
        string="Treatment",
        required=True,
        ondelete="restrict",
        domain=[("is_dental_treatment", "=", True)],
    )
    area = fields.Selection(related="product_id.dental_area", store=True)
    tooth = fields.Selection(TOOTH_SELECTION)
    surfaces = fields.Char(help="Letters of the surfaces in the order MDOVL, e.g. MO for mesio-occlusal.")
    quadrant = fields.Selection([("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")])
    sextant = fields.Selection([(str(number), str(number)) for number in range(1, 7)])
    arch = fields.Selection([("upper", "Upper"), ("lower", "Lower")])
    location = fields.Char(compute="_compute_location", string="Teeth", help="Tooth and surfaces, or the area.")
    status = fields.Selection(STATUSES, required=True, default="planned", index=True)
    phase = fields.Integer(default=1, required=True, help="Plans are quoted and accepted phase by phase.")
    practitioner_id = fields.Many2one("res.users", string="Practitioner", index="btree_not_null")
    date_performed = fields.Date(string="Performed On")
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Quote Line", index="btree_not_null", ondelete="set null", copy=False
    )
    sale_order_id = fields.Many2one(related="sale_line_id.order_id", string="Quote")
    appointment_id = fields.Many2one(
        "calendar.event", string="Appointment", index="btree_not_null", ondelete="set null", copy=False
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    price = fields.Monetary(
        compute="_compute_price", store=True, readonly=False, precompute=True, help="From the catalogue when planned."
    )
    note = fields.Text()

    _sql_constraints = [
        ("phase_positive", "CHECK(phase > 0)", "A treatment phase starts at 1."),
    ]

    @api.depends("product_id")
    def _compute_price(self):
        for treatment in self:
            treatment.price = treatment.product_id.lst_price

    @api.depends("tooth", "surfaces", "quadrant", "sextant", "arch", "area")
    def _compute_location(self):
        arches = dict(self._fields["arch"]._description_selection(self.env))
        for treatment in self:
            treatment.location = treatment._location_label(arches)

    def _location_label(self, arches=None):
        if self.tooth:
            return f"{self.tooth} {self.surfaces}" if self.surfaces else self.tooth
        if self.quadrant:
            return _("Quadrant %s", self.quadrant)
        if self.sextant:
            return _("Sextant %s", self.sextant)
        if self.arch:
            arches = arches or dict(self._fields["arch"]._description_selection(self.env))
            return arches[self.arch]
        return ""

    @api.depends("product_id", "tooth", "surfaces", "quadrant", "sextant", "arch")
    def _compute_display_name(self):
        for treatment in self:
            location = treatment._location_label()
            treatment.display_name = " · ".join(part for part in (treatment.product_id.name, location) if part)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_vals(vals)
        treatments = super().create(vals_list)
        # Preexisting work (a crown found at the first visit) shows on the chart at once.
        treatments.filtered(lambda t: t.status == "preexisting")._apply_to_tooth_state()
        return treatments

    def write(self, vals):
        self._normalize_vals(vals)
        # Performed by a plain write (an import, a script): the chart follows all the same.
        newly_performed = self.browse()
        if vals.get("status") == "performed" and not self.env.context.get("dental_performing"):
            newly_performed = self.filtered(lambda t: t.status != "performed")
        result = super().write(vals)
        if newly_performed:
            undated = newly_performed.filtered(lambda t: not t.date_performed)
            if undated:
                undated.with_context(dental_performing=True).date_performed = fields.Date.context_today(self)
            newly_performed._apply_to_tooth_state()
        return result

    def unlink(self):
        # Work accepted by the patient or done is part of the record; a plan can still be corrected.
        kept = self.filtered(lambda t: t.status in ("accepted", "performed"))
        if kept:
            raise UserError(
                _(
                    "%s was accepted or performed and cannot be deleted: reject it on its quote instead.",
                    kept[0].display_name,
                )
            )
        return super().unlink()

    @api.model
    def _normalize_vals(self, vals):
        if vals.get("surfaces"):
            try:
                vals["surfaces"] = fdi.normalize_surfaces(vals["surfaces"])
            except ValueError:
                raise ValidationError(
                    _("%s is not a list of tooth surfaces: use the letters M, D, O, V and L.", vals["surfaces"])
                ) from None

    @api.constrains("area", "tooth", "surfaces", "quadrant", "sextant", "arch")
    def _check_location(self):
        for treatment in self:
            name = treatment.product_id.name
            area = treatment.area
            if not area:
                raise ValidationError(_("%s is not a dental treatment: choose one of the dental catalogue.", name))
            if area in ("surface", "tooth") and not treatment.tooth:
                raise ValidationError(_("%s is done on a tooth: choose the tooth.", name))
            if area == "surface" and not treatment.surfaces:
                raise ValidationError(
                    _("%(treatment)s on tooth %(tooth)s: choose its surfaces.", treatment=name, tooth=treatment.tooth)
                )
            if area != "surface" and treatment.surfaces:
                raise ValidationError(_("%s is done on the whole tooth, not on surfaces.", name))
            if area not in ("surface", "tooth") and treatment.tooth:
                raise ValidationError(_("%s is not done on a single tooth.", name))
            if area == "quadrant" and not treatment.quadrant:
                raise ValidationError(_("%s is done on a quadrant: choose the quadrant.", name))
            if area == "sextant" and not treatment.sextant:
                raise ValidationError(_("%s is done on a sextant: choose the sextant.", name))
            if area == "arch" and not treatment.arch:
                raise ValidationError(_("%s is done on an arch: choose the upper or lower arch.", name))

    def _set_status(self, status):
        """Move treatments that are still open (planned, accepted or rejected) to `status`; the
        work already performed or preexisting is never undone by a quote."""
        self.filtered(lambda t: t.status in OPEN_STATUSES and t.status != status).write({"status": status})

    def _perform(self, practitioners=None, date=None):
        """Mark the treatments performed (by `practitioners`, a dict treatment id -> user id, or the
        current user) and update the patient's chart, with a history row per change."""
        todo = self.filtered(lambda t: t.status in ("planned", "accepted"))
        if not todo:
            return
        date = date or fields.Date.context_today(self)
        practitioners = practitioners or {}
        by_values = defaultdict(self.browse)
        for treatment in todo:
            key = (practitioners.get(treatment.id) or treatment.practitioner_id.id or self.env.uid,)
            by_values[key] |= treatment
        for (practitioner_id,), treatments in by_values.items():
            treatments.with_context(dental_performing=True).write(
                {"status": "performed", "practitioner_id": practitioner_id, "date_performed": date}
            )
        todo._apply_to_tooth_state()

    def action_mark_performed(self):
        """The clinician who says so performed the treatments today."""
        self._perform()

    def _apply_to_tooth_state(self):
        """What the catalogue says a treatment leaves on the tooth (a filling fills its surfaces,
        an extraction leaves the tooth missing), written to the tooth states in batches: one
        write per distinct change, whatever the number of teeth."""
        treatments = self.filtered(lambda t: t.tooth and t.product_id.dental_result_condition)
        if not treatments:
            return
        States = self.env["healthcare.dental.tooth.state"]
        existing = States.search(
            [("patient_id", "in", treatments.patient_id.ids), ("tooth", "in", list(set(treatments.mapped("tooth"))))]
        )
        state_of = {(state.patient_id.id, state.tooth): state for state in existing}
        missing = {(t.patient_id.id, t.tooth) for t in treatments} - set(state_of)
        if missing:
            created = States.create([{"patient_id": patient, "tooth": tooth} for patient, tooth in sorted(missing)])
            state_of.update({(state.patient_id.id, state.tooth): state for state in created})
        # The new value of each field of each state, and the treatment that sets it (the last wins).
        changes = {}
        for treatment in treatments:
            condition = treatment.product_id.dental_result_condition
            if treatment.surfaces and condition in SURFACE_CONDITION_VALUES:
                names = [SURFACE_FIELDS[letter] for letter in treatment.surfaces]
            else:
                names = ["condition"]
            state = state_of[(treatment.patient_id.id, treatment.tooth)]
            for name in names:
                changes.setdefault(state, {})[name] = (condition, treatment.id)
        by_vals = defaultdict(States.browse)
        for state, fields_ in changes.items():
            by_vals[tuple(sorted((name, value) for name, (value, __) in fields_.items()))] |= state
        # The history names the treatment that changed each field of each tooth.
        causes = tuple(
            (state.id, name, treatment_id)
            for state, fields_ in changes.items()
            for name, (__, treatment_id) in fields_.items()
        )
        for vals, states in by_vals.items():
            states.with_context(dental_treatment_causes=causes).write(dict(vals))

    def _as_chart(self):
        """The contract of the odontogram widget for one treatment."""
        return {
            "id": self.id,
            "tooth": self.tooth or False,
            "surfaces": self.surfaces or "",
            "quadrant": int(self.quadrant) if self.quadrant else False,
            "product_id": self.product_id.id,
            "name": self.product_id.name,
            "status": self.status,
            "area": self.area,
            "phase": self.phase,
            "sale_line_id": self.sale_line_id.id or False,
            "sale_order_name": self.sale_line_id.order_id.name or False,
        }
