from odoo import _, fields, models
from odoo.exceptions import UserError, ValidationError

from . import fdi


class ResPartner(models.Model):
    """The patient's dental chart, as the odontogram widget reads and plans it (see docs/dental.md)."""

    _inherit = "res.partner"

    dental_treatment_ids = fields.One2many(
        "healthcare.dental.treatment",
        "patient_id",
        string="Dental Treatments",
        groups="healthcare_crm.group_healthcare_clinician",
    )
    dental_treatment_count = fields.Integer(
        compute="_compute_dental_treatment_count",
        string="Dental Treatments Count",
        groups="healthcare_crm.group_healthcare_clinician",
    )

    def _compute_dental_treatment_count(self):
        counts = dict(
            self.env["healthcare.dental.treatment"]._read_group(
                [("patient_id", "in", self.ids)], ["patient_id"], ["__count"]
            )
        )
        for partner in self:
            partner.dental_treatment_count = counts.get(partner, 0)

    def _check_dental_access(self, operation="read"):
        """The chart is clinical data: the model's access rights (clinicians) and the patient's
        record rules decide, as for any read over RPC."""
        self.env["healthcare.dental.treatment"].check_access(operation)
        self.env["healthcare.dental.tooth.state"].check_access(operation)
        self.check_access("read")

    def _dental_dentition(self):
        return fdi.dentition(self.age if self.birthdate else None)

    def dental_chart_get(self):
        """The patient's chart for the odontogram: tooth states (only the rows that exist),
        treatments and the catalogue, in a fixed number of queries."""
        self.ensure_one()
        self._check_dental_access("read")
        Treatment = self.env["healthcare.dental.treatment"]
        states = self.env["healthcare.dental.tooth.state"].search_fetch(
            [("patient_id", "=", self.id)],
            ["tooth", "condition", "surface_m", "surface_d", "surface_o", "surface_v", "surface_l"],
        )
        treatments = Treatment.search_fetch(
            [("patient_id", "=", self.id)],
            ["tooth", "surfaces", "quadrant", "product_id", "status", "area", "phase", "sale_line_id"],
        )
        # Prefetch in one query each what _as_chart reads of the products and quotes.
        treatments.product_id.fetch(["name"])
        treatments.sale_line_id.order_id.fetch(["name"])
        catalogue = self.env["product.product"].search_fetch(
            [("is_dental_treatment", "=", True), ("sale_ok", "=", True)], ["name", "dental_area", "lst_price"]
        )
        currency = self.env.company.currency_id
        return {
            "patient_id": self.id,
            "dentition": self._dental_dentition(),
            "can_edit": Treatment.has_access("write"),
            "teeth": [state._as_chart() for state in states],
            "treatments": [treatment._as_chart() for treatment in treatments],
            "catalogue": [
                {
                    "id": product.id,
                    "name": product.name,
                    "area": product.dental_area,
                    "price": product.lst_price,
                    "currency_symbol": currency.symbol,
                }
                for product in catalogue
            ],
        }

    def dental_plan_treatments(self, selections, product_id, phase=1):
        """Plan `product_id` on each selected tooth ([{"tooth": "36", "surfaces": ["M", "O"]}]):
        one planned treatment per tooth, all created at once or none."""
        self.ensure_one()
        self._check_dental_access("write")
        if not self.is_patient:
            raise UserError(_("%s is not a patient: only patients have a dental chart.", self.display_name))
        product = self.env["product.product"].browse(product_id).exists() if isinstance(product_id, int) else None
        if not product or not product.is_dental_treatment:
            raise UserError(_("Choose a treatment of the dental catalogue."))
        if not isinstance(phase, int) or isinstance(phase, bool) or phase < 1:
            raise UserError(_("The phase of a treatment is a whole number from 1."))
        area = product.dental_area
        if not isinstance(selections, list) or (area in ("surface", "tooth") and not selections):
            raise UserError(_("Select the teeth to plan %s on.", product.name))
        vals_list = []
        for selection in selections or [{}]:
            if not isinstance(selection, dict):
                raise UserError(_("Select the teeth to plan %s on.", product.name))
            vals_list.append(self._dental_treatment_vals(product, selection, phase))
        if area not in ("surface", "tooth"):
            # A quadrant, an arch or the mouth is treated once, whichever of its teeth was clicked.
            vals_list = list({tuple(sorted(vals.items())): vals for vals in vals_list}.values())
        self.env["healthcare.dental.treatment"].create(vals_list)
        return self.dental_chart_get()

    def _dental_treatment_vals(self, product, selection, phase):
        area = product.dental_area
        tooth = selection.get("tooth")
        surfaces = selection.get("surfaces") or []
        if tooth in (None, False, "") and area in ("surface", "tooth", "quadrant", "sextant", "arch"):
            raise ValidationError(_("%s is done on a tooth: choose the tooth.", product.name))
        if tooth not in (None, False, "") and not fdi.is_tooth(str(tooth)):
            raise ValidationError(_("%s is not a tooth: use the FDI numbers (11 to 48, 51 to 85).", tooth))
        tooth = str(tooth) if tooth else False
        if not isinstance(surfaces, (list, str)):
            raise ValidationError(_("%s is not a list of tooth surfaces: use the letters M, D, O, V and L.", surfaces))
        try:
            surfaces = fdi.normalize_surfaces(surfaces)
        except (ValueError, AttributeError):
            raise ValidationError(
                _("%s is not a list of tooth surfaces: use the letters M, D, O, V and L.", "".join(map(str, surfaces)))
            ) from None
        if area == "surface" and not surfaces:
            raise ValidationError(
                _("%(treatment)s on tooth %(tooth)s: choose its surfaces.", treatment=product.name, tooth=tooth)
            )
        if area != "surface" and surfaces:
            raise ValidationError(_("%s is done on the whole tooth, not on surfaces.", product.name))
        vals = {"patient_id": self.id, "product_id": product.id, "phase": phase, "status": "planned"}
        if area in ("surface", "tooth"):
            vals.update(tooth=tooth, surfaces=surfaces or False)
        elif area == "quadrant":
            vals["quadrant"] = str(fdi.permanent_quadrant(tooth))
        elif area == "sextant":
            vals["sextant"] = str(fdi.sextant(tooth))
        elif area == "arch":
            vals["arch"] = fdi.arch(tooth)
        return vals

    def action_dental_create_quote(self, phase=False):
        """A quote with one line per planned treatment not quoted yet (of `phase` if given)."""
        self.ensure_one()
        self._check_dental_access("write")
        domain = [("patient_id", "=", self.id), ("status", "=", "planned"), ("sale_line_id", "=", False)]
        if phase:
            if not isinstance(phase, int) or isinstance(phase, bool) or phase < 1:
                raise UserError(_("The phase of a treatment is a whole number from 1."))
            domain.append(("phase", "=", phase))
        treatments = self.env["healthcare.dental.treatment"].search(domain, order="phase, tooth, id")
        if not treatments:
            if phase:
                raise UserError(_("Phase %s has no planned treatment left to quote.", phase))
            raise UserError(_("There is no planned treatment left to quote."))
        # The line's description says where: the printed quote and the portal show it as is,
        # in the patient's language, as Odoo writes the product's description.
        lang = self.lang or self.env.lang
        patient_env = self.with_context(lang=lang).env
        descriptions = {}
        for treatment in treatments.with_context(lang=lang):
            description = treatment.product_id.get_product_multiline_description_sale()
            if treatment.tooth:
                description += "\n" + patient_env._("Tooth %s", treatment.location)
            elif treatment.location:
                description += "\n" + treatment.location
            descriptions[treatment.id] = description
        order = self.env["sale.order"].create(
            {
                "partner_id": self.id,
                "order_line": [
                    fields.Command.create(
                        {
                            "product_id": treatment.product_id.id,
                            "name": descriptions[treatment.id],
                            "product_uom_qty": 1,
                            "price_unit": treatment.price,
                            "dental_phase": treatment.phase,
                            "dental_treatment_ids": [fields.Command.link(treatment.id)],
                        }
                    )
                    for treatment in treatments
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Quote"),
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_view_dental_treatments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm_dental.action_dental_treatments")
        action["domain"] = [("patient_id", "=", self.id)]
        action["context"] = {"default_patient_id": self.id}
        return action
