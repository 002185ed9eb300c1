from odoo import api, fields, models

from .healthcare_clinical_access_log import CLINICAL_FIELDS

MANAGER = "healthcare_crm.group_healthcare_manager"


def _clinical(field_names):
    """The clinical fields among `field_names` (names or export paths such as medication_ids/name)."""
    names = {str(name).split("/")[0].split(".")[0] for name in field_names or ()}
    return [name for name in CLINICAL_FIELDS if name in names]


class ResPartner(models.Model):
    """Every read, change and export of a patient's clinical summary leaves a row in
    healthcare.clinical.access.log.

    Reads are caught in `_read_format`, through which `read`, `search_read`, `web_read`
    and `web_search_read` all return their values (a form opened in the web client, a
    list, an external script); `export_data` reads its values directly, so it is caught
    too. Odoo refuses these fields to anyone outside the Clinician group before they get
    here, so a refused read logs nothing.
    """

    _inherit = "res.partner"

    clinical_access_log_count = fields.Integer(
        compute="_compute_clinical_access_log_count", string="Clinical Access Log", groups=MANAGER
    )

    def _compute_clinical_access_log_count(self):
        counts = dict(
            self.env["healthcare.clinical.access.log"]._read_group(
                [("partner_id", "in", self._origin.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.clinical_access_log_count = counts.get(partner._origin, 0)

    def _healthcare_log_clinical_access(self, action, field_names):
        self.env["healthcare.clinical.access.log"]._record(action, self._ids, _clinical(field_names))

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if result and _clinical(fnames):
            # Only the records actually returned (read() drops those deleted meanwhile).
            returned = self.browse([values["id"] for values in result])
            returned._healthcare_log_clinical_access("read", fnames)
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self._healthcare_log_clinical_access("read", fields_to_export)
        return result

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        for partner, vals in zip(partners, vals_list, strict=True):
            partner._healthcare_log_clinical_access("write", [name for name in CLINICAL_FIELDS if vals.get(name)])
        return partners

    def write(self, vals):
        result = super().write(vals)
        self._healthcare_log_clinical_access("write", vals)
        return result

    def action_view_clinical_access_log(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("healthcare_crm.action_clinical_access_log")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"search_default_group_user": 1}
        action["display_name"] = action["name"] = self.env._("Clinical Access Log of %s", self.display_name)
        return action


class HealthcarePatientMedication(models.Model):
    """A patient's medications are part of the clinical summary: reading or changing them
    directly (not through the patient) is logged as access to the patient's medications."""

    _inherit = "healthcare.patient.medication"

    def _log_medication_access(self, action, partners=None):
        partners = partners if partners is not None else self.sudo().partner_id
        # As the user who did it: the log ignores what the superuser does.
        partners.with_env(self.env)._healthcare_log_clinical_access(action, ["medication_ids"])

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if result:
            self.browse([values["id"] for values in result])._log_medication_access("read")
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self._log_medication_access("read")
        return result

    @api.model_create_multi
    def create(self, vals_list):
        medications = super().create(vals_list)
        medications._log_medication_access("write")
        return medications

    def write(self, vals):
        before = self.sudo().partner_id
        result = super().write(vals)
        self._log_medication_access("write", before | self.sudo().partner_id)
        return result

    def unlink(self):
        partners = self.sudo().partner_id
        result = super().unlink()
        self._log_medication_access("write", partners)
        return result
