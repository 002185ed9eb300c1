from datetime import date, datetime

from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.tools import html2plaintext, is_html_empty

from .healthcare_clinical_access_log import CLINICAL_FIELDS

MANAGER = "healthcare_crm.group_healthcare_manager"

IDENTITY_FIELDS = [
    "name",
    "patient_code",
    "birthdate",
    "gender",
    "id_document_type",
    "id_document_number",
    "insurer_id",
    "insurance_policy_number",
    "lang",
    "source_id",
    "referred_by_id",
    "category_id",
    "company_id",
    "create_date",
]
CONTACT_FIELDS = [
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "email",
    "mobile",
    "phone",
    "preferred_channel",
    "contact_hours",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relation",
    "comment",
]


class ResPartner(models.Model):
    """The right of access (GDPR art. 15): all the personal data the clinic keeps about one
    patient, in one JSON file and one PDF, produced by a Clinic CRM manager and logged in
    the clinical access log. The clinical summary is included: it is the patient's own data.
    """

    _inherit = "res.partner"

    def _healthcare_check_personal_data_export(self):
        if not self.env.su and not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only Clinic CRM managers can export a patient's personal data."))
        self.check_access("read")

    def healthcare_personal_data_export(self):
        """All personal data of this patient, JSON-serialisable (dates as text, in UTC)."""
        self.ensure_one()
        self._healthcare_check_personal_data_export()
        sections = self._healthcare_personal_data()
        self._healthcare_log_clinical_access("export", CLINICAL_FIELDS)
        return {
            "patient": {"id": self.id, "name": self.name, "patient_code": self.patient_code or None},
            "exported_at": fields.Datetime.to_string(fields.Datetime.now()),
            "exported_by": self.env.user.name,
            "timezone": "UTC",
            **{
                section["key"]: (section["rows"][0] if section["rows"] else {})
                if section["single"]
                else section["rows"]
                for section in self._healthcare_personal_data_json(sections)
            },
        }

    def action_healthcare_export_personal_data(self):
        """Download the patient's personal data as a JSON file."""
        self.ensure_one()
        self._healthcare_check_personal_data_export()
        return {
            "type": "ir.actions.act_url",
            "url": f"/healthcare_crm/personal_data/{self.id}",
            "target": "download",
        }

    def action_healthcare_print_personal_data(self):
        """Print the patient's personal data as a PDF."""
        self._healthcare_check_personal_data_export()
        return self.env.ref("healthcare_crm.action_report_patient_personal_data").report_action(self)

    def _healthcare_personal_data(self):
        """The patient's personal data in sections, in the language of the context.

        Each section is a dict: ``key`` (its name in the JSON file), ``title``, ``single``
        (one record, shown as label and value), ``columns`` (name, label and type of each
        field) and ``rows`` (a dict per record, field name to value: text for relations and
        selections, Python dates). Other addons append their own sections with super().
        Everything is read with the manager's rights, but the clinical summary, which only
        clinicians may read.
        """
        self.ensure_one()
        _ = self.env._
        clinical = self.sudo()
        interactions = self.env["healthcare.interaction"].search([("partner_id", "=", self.id)], order="date desc")
        appointments = self.env["calendar.event"].search(
            ["|", ("patient_id", "=", self.id), ("partner_ids", "in", self.ids)], order="start desc"
        )
        quotes = self.env["sale.order"].search([("partner_id", "=", self.id)], order="date_order desc")
        recalls = self.env["healthcare.recall"].search([("patient_id", "=", self.id)], order="due_date desc")
        notes = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", self.id),
                ("message_type", "in", ("comment", "email", "email_outgoing")),
            ],
            order="date desc",
        )
        section = self._healthcare_personal_data_section
        return [
            section("identity", _("Identity"), self, IDENTITY_FIELDS, single=True),
            section("contact", _("Contact"), self, CONTACT_FIELDS, single=True),
            section(
                "clinical_summary",
                _("Clinical Summary"),
                clinical,
                ["allergies", "condition_ids", "clinical_notes"],
                single=True,
            ),
            section(
                "medications",
                _("Medications"),
                clinical.medication_ids,
                ["name", "dosage", "start_date", "end_date", "note"],
            ),
            section(
                "consents",
                _("Consents"),
                self.consent_ids,
                [
                    "date",
                    "recorded_at",
                    "purpose",
                    "state",
                    "source",
                    "evidence",
                    "user_id",
                    "ip_address",
                    "user_agent",
                ],
            ),
            section(
                "interactions",
                _("Contact History"),
                interactions,
                ["date", "channel", "direction", "outcome", "reason", "summary", "user_id", "sale_order_id"]
                + ["triage_disposition", "triage_user_id"],
            ),
            section(
                "triage_answers",
                _("Red-flag Answers"),
                interactions.triage_answer_ids,
                ["interaction_id", "question", "answer", "disposition"],
            ),
            section(
                "appointments",
                _("Appointments"),
                appointments,
                ["start", "stop", "name", "appointment_type_id", "practitioner_id", "attendance"],
            ),
            section(
                "quotes",
                _("Quotes"),
                quotes,
                ["name", "date_order", "state", "amount_total", "currency_id", "followup_stage_id", "rejection_note"],
            ),
            section("recalls", _("Recalls"), recalls, ["due_date", "rule_id", "state", "done_date"]),
            section("notes", _("Notes and Messages"), notes, ["date", "author_id", "subject", "body"]),
        ]

    def _healthcare_personal_data_section(self, key, title, records, field_names, single=False):
        """One section of the export: `records` with the values of `field_names` for people."""
        env = self.env
        records = records.with_context(env.context)
        columns = [
            {"name": name, "label": records._fields[name]._description_string(env), "type": records._fields[name].type}
            for name in field_names
        ]
        selections = {
            name: dict(records._fields[name]._description_selection(env))
            for name in field_names
            if records._fields[name].type == "selection"
        }
        rows = []
        for record in records:
            row = {}
            for name in field_names:
                field, value = records._fields[name], record[name]
                if field.type == "many2one":
                    value = value.display_name or None
                elif field.type in ("one2many", "many2many"):
                    value = value.mapped("display_name")
                elif field.type == "selection":
                    value = selections[name].get(value) if value else None
                elif field.type == "html":
                    value = None if is_html_empty(value) else html2plaintext(value)
                elif value is False and field.type != "boolean":
                    value = None
                row[name] = value
            rows.append(row)
        return {"key": key, "title": title, "single": single, "columns": columns, "rows": rows}

    def _healthcare_personal_data_json(self, sections):
        """`sections` with dates and datetimes as text (datetimes in UTC, as Odoo keeps them)."""

        def text(value):
            if isinstance(value, datetime):
                return fields.Datetime.to_string(value)
            if isinstance(value, date):
                return fields.Date.to_string(value)
            return value

        return [
            dict(section, rows=[{name: text(value) for name, value in row.items()} for row in section["rows"]])
            for section in sections
        ]
