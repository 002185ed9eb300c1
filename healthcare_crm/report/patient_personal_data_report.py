from datetime import date, datetime

from odoo import api, models
from odoo.tools import format_date, format_datetime

from ..models.healthcare_clinical_access_log import CLINICAL_FIELDS


class ReportPatientPersonalData(models.AbstractModel):
    """The PDF of a patient's personal data (right of access), in the patient's language."""

    _name = "report.healthcare_crm.report_patient_personal_data"
    _description = "Patient Personal Data Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        patients = self.env["res.partner"].browse(docids)
        patients._healthcare_check_personal_data_export()
        sections = {
            patient.id: patient.with_context(lang=self._lang(patient))._healthcare_personal_data()
            for patient in patients
        }
        patients._healthcare_log_clinical_access("export", CLINICAL_FIELDS)
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": patients,
            "sections": sections,
            "display": self._display,
            "report_lang": self._lang,
        }

    def _lang(self, patient):
        return patient.lang or self.env.lang or "en_US"

    def _display(self, value, column, patient):
        """`value` of a section `column` as text for the patient's PDF."""
        lang = self._lang(patient)
        env = self.with_context(lang=lang).env
        if value is None or value == []:
            text = ""
        elif isinstance(value, list):
            text = ", ".join(value)
        elif isinstance(value, datetime):
            tz = patient.tz or self.env.user.tz or "UTC"
            text = format_datetime(env, value, tz=tz, dt_format="short", lang_code=lang)
        elif isinstance(value, date):
            text = format_date(env, value, lang_code=lang)
        elif isinstance(value, bool):
            text = env._("Yes") if value else env._("No")
        elif isinstance(value, float):
            text = f"{value:.2f}"
        else:
            text = str(value)
        return text
