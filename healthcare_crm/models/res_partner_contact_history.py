from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    """The patient's contact history, appointments and recalls, with the buttons that open them."""

    _inherit = "res.partner"

    # Contact history (healthcare.interaction) ---------------------------------------------------
    interaction_ids = fields.One2many(
        "healthcare.interaction",
        "partner_id",
        string="Contact History",
        groups="healthcare_crm.group_healthcare_receptionist",
    )
    interaction_count = fields.Integer(
        compute="_compute_interaction_count",
        string="Interactions",
        groups="healthcare_crm.group_healthcare_receptionist",
    )
    last_interaction_date = fields.Datetime(
        string="Last Contact",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the clinic and the patient were last in touch, from the contact history.",
    )

    @api.depends("interaction_ids")
    def _compute_interaction_count(self):
        counts = dict(
            self.env["healthcare.interaction"]._read_group(
                [("partner_id", "in", self._origin.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.interaction_count = counts.get(partner._origin, 0)

    appointment_count = fields.Integer(compute="_compute_appointment_count", string="Appointments")
    open_recall_count = fields.Integer(
        compute="_compute_open_recall_count",
        string="Open Recalls",
        groups="healthcare_crm.group_healthcare_receptionist",
    )

    def _compute_appointment_count(self):
        counts = dict(
            self.env["calendar.event"]._read_group(
                [("patient_id", "in", self._origin.ids)], ["patient_id"], ["__count"]
            )
        )
        for partner in self:
            partner.appointment_count = counts.get(partner._origin, 0)

    def _compute_open_recall_count(self):
        recalls = self.env["healthcare.recall"]
        counts = dict(
            recalls._read_group(
                [("patient_id", "in", self._origin.ids), ("state", "in", recalls._open_states())],
                ["patient_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.open_recall_count = counts.get(partner._origin, 0)

    def action_view_appointments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_appointments")
        action["domain"] = [("patient_id", "=", self.id)]
        action["context"] = {"default_patient_id": self.id, "search_default_upcoming": 0}
        action["display_name"] = action["name"] = _("Appointments of %s", self.display_name)
        return action

    def action_view_recalls(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_recalls")
        action["domain"] = [("patient_id", "=", self.id)]
        action["context"] = {"default_patient_id": self.id}
        action["display_name"] = action["name"] = _("Recalls of %s", self.display_name)
        return action

    def action_view_sale_order(self):
        """Clinic staff see a patient's quotes in the pipeline's list (patient, stage, outcome), not Sales'."""
        action = super().action_view_sale_order()
        if (
            len(self) != 1
            or not self.is_patient
            or not self.env.user.has_group("healthcare_crm.group_healthcare_receptionist")
        ):
            return action
        quotes = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_quote_pipeline")
        quotes["views"] = sorted(quotes["views"], key=lambda view: view[1] != "list")
        quotes["domain"] = action["domain"]
        quotes["context"] = {"default_partner_id": self.id}
        quotes["display_name"] = quotes["name"] = _("Quotes of %s", self.display_name)
        return quotes

    def action_view_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_interactions")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        action["display_name"] = action["name"] = _("Contact History of %s", self.display_name)
        return action

    def action_log_interaction(self):
        if len(self) != 1:
            raise UserError(_("Select one patient to log an interaction."))
        if not self.is_patient:
            raise UserError(_("%s is not a patient: only patients have a contact history.", self.display_name))
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_interaction_log")
        action["context"] = {"default_partner_id": self.id}
        return action
