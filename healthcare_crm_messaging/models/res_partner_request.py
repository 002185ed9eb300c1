from odoo import _, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    healthcare_request_count = fields.Integer(
        string="Requests",
        compute="_compute_healthcare_request_count",
        groups="healthcare_crm.group_healthcare_receptionist",
    )

    def _compute_healthcare_request_count(self):
        counts = dict(
            self.env["healthcare.request"]._read_group(
                [("patient_id", "in", self.ids), ("closed", "=", False)], ["patient_id"], ["__count"]
            )
        )
        for partner in self:
            partner.healthcare_request_count = counts.get(partner, 0)

    def action_view_healthcare_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm_messaging.action_healthcare_requests")
        action.update(
            name=_("Requests of %s", self.name),
            domain=[("patient_id", "=", self.id)],
            context={"default_patient_id": self.id, "search_default_open": 1},
        )
        return action

    def action_send_kb_article(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Send an Answer"),
            "res_model": "healthcare.kb.send",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def _healthcare_personal_data(self):
        """The patient's requests are part of their personal data, clinical questions included
        (the export is a manager's, who reads them)."""
        sections = super()._healthcare_personal_data()
        requests = self.env["healthcare.request"].search(
            [("patient_id", "=", self.id)], order="opened_at desc, id desc"
        )
        sections.append(
            self._healthcare_personal_data_section(
                "requests",
                self.env._("Requests"),
                requests,
                [
                    "opened_at",
                    "name",
                    "type_id",
                    "stage_id",
                    "description",
                    "clinical_description",
                    "resolution",
                    "clinical_resolution",
                    "closed_at",
                    "csat_score",
                ],
            )
        )
        return sections
