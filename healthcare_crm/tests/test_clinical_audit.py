import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import RpcCase

CLINICAL_FIELDS = ("allergies", "condition_ids", "medication_ids", "clinical_notes")
LOG = "healthcare.clinical.access.log"
REPORT = "healthcare_crm.action_report_patient_personal_data"


@tagged("post_install", "-at_install")
class TestClinicalAudit(RpcCase):
    """Who read, changed or exported a patient's clinical summary, over HTTP as each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinician = cls.role_user("clinician", login="audit_clinician")
        cls.clinician.groups_id += cls.env.ref("base.group_allow_export")
        cls.colleague = cls.role_user("clinician", login="audit_colleague")
        cls.receptionist = cls.role_user("receptionist", login="audit_desk")
        cls.manager = cls.role_user("manager", login="audit_manager")
        cls.marketing = cls.role_user("marketing", login="audit_marketing")
        cls.employee = cls.role_user("employee", login="audit_employee")
        diabetes = cls.env.ref("healthcare_crm.condition_diabetes_type_2")
        # Written as superuser: the set-up itself leaves no trace in the log.
        cls.patient = cls.env["res.partner"].create(
            {
                "name": "Tomás Vega",
                "is_patient": True,
                "email": "tomas.vega@example.com",
                "allergies": "Penicilina",
                "clinical_notes": "Fobia a las agujas",
                "condition_ids": [(4, diabetes.id)],
                "medication_ids": [(0, 0, {"name": "Metformina", "dosage": "850 mg / 12 h"})],
            }
        )
        cls.other = cls.env["res.partner"].create({"name": "Lucía Navarro", "is_patient": True, "allergies": "Látex"})
        cls.env["healthcare.consent"].create(
            {"partner_id": cls.patient.id, "purpose": "email_marketing", "state": "given", "source": "in_person"}
        )
        cls.env["healthcare.interaction"].create(
            {"partner_id": cls.patient.id, "channel": "call", "summary": "Llamada para revisar el presupuesto"}
        )
        cls.last_row_before = cls.env[LOG].search([], order="id desc", limit=1)

    def rows(self, **criteria):
        """The log rows of this test matching `criteria` (field=value), as the superuser sees them."""
        domain = [("id", ">", self.last_row_before.id or 0), *((name, "=", value) for name, value in criteria.items())]
        return self.env[LOG].search(domain)

    def assertLogged(self, user, patient, action, field_names):
        rows = self.rows(user_id=user.id, partner_id=patient.id, action=action)
        self.assertEqual(len(rows), 1, f"one {action} row for {patient.name} by {user.login}")
        self.assertEqual(rows.field_names.split(","), list(field_names))
        return rows

    # Clinicians: every read and change is logged -------------------------------------------------

    def test_clinician_read_names_the_user_the_patient_and_the_fields(self):
        for count, (via, call) in enumerate(self.both_rpcs(), start=1):
            with self.subTest(via=via):
                values = call(self.clinician, "res.partner", "read", [self.patient.id], ["name", "allergies"])
                self.assertEqual(values[0]["allergies"], "Penicilina")
                rows = self.rows(user_id=self.clinician.id, partner_id=self.patient.id, action="read")
                self.assertEqual(len(rows), count, "one row per call")
                self.assertEqual(rows[0].field_names, "allergies")
                self.assertEqual(rows[0].field_labels, "Allergies")
                self.assertEqual(rows[0].company_id, self.clinician.company_id)

    def test_opening_the_patient_form_logs_one_row_with_every_clinical_field(self):
        # What the web client asks for when a clinician opens the patient form.
        specification = {
            "name": {},
            "allergies": {},
            "clinical_notes": {},
            "condition_ids": {"fields": {"display_name": {}}},
            "medication_ids": {"fields": {"name": {}, "dosage": {}, "is_current": {}}},
        }
        values = self.call_kw(self.clinician, "res.partner", "web_read", [self.patient.id], specification)
        self.assertEqual(values[0]["medication_ids"][0]["name"], "Metformina")
        # The patient, then its medications: one row, not one per model or per field.
        self.assertLogged(self.clinician, self.patient, "read", CLINICAL_FIELDS)
        self.assertFalse(self.rows(partner_id=self.other.id))

    def test_search_read_and_export_are_logged(self):
        self.jsonrpc(self.clinician, "res.partner", "search_read", [("id", "=", self.other.id)], ["clinical_notes"])
        self.assertLogged(self.clinician, self.other, "read", ["clinical_notes"])
        exported = self.call_kw(
            self.clinician,
            "res.partner",
            "export_data",
            [self.patient.id],
            ["name", "allergies", "medication_ids/name"],
        )
        self.assertEqual(exported["datas"][0][:3], ["Tomás Vega", "Penicilina", "Metformina"])
        self.assertLogged(self.clinician, self.patient, "read", ["allergies", "medication_ids"])

    def test_reading_medications_directly_is_logged_for_their_patient(self):
        self.jsonrpc(self.clinician, "healthcare.patient.medication", "search_read", [], ["name"])
        self.assertLogged(self.clinician, self.patient, "read", ["medication_ids"])

    def test_one_row_per_patient_whatever_the_number_of_fields_and_patients(self):
        patients = self.env["res.partner"].create(
            [{"name": f"Paciente {n}", "is_patient": True, "allergies": "Ninguna"} for n in range(80)]
        )
        values = self.jsonrpc(
            self.clinician, "res.partner", "search_read", [("id", "in", patients.ids)], ["name", *CLINICAL_FIELDS]
        )
        self.assertEqual(len(values), 80)
        rows = self.rows(user_id=self.clinician.id)
        self.assertEqual(rows.partner_id, patients)
        self.assertEqual(len(rows), 80)
        self.assertEqual(set(rows.mapped("field_names")), {",".join(CLINICAL_FIELDS)})

    def test_logging_many_patients_costs_no_more_queries_than_two(self):
        patients = self.env["res.partner"].create(
            [{"name": f"Paciente {n}", "is_patient": True, "allergies": "Ninguna"} for n in range(80)]
        )

        def queries_to_log(records):
            records.with_user(self.clinician).read(["allergies"])
            before = self.cr.sql_log_count
            self.env.cr.flush()  # the rows are written when the transaction ends
            return self.cr.sql_log_count - before

        queries_to_log(patients[:2])  # fills Odoo's caches (the log's defaults) once
        # Which of the patients still exist, then one INSERT: for 2 patients as for 78.
        self.assertEqual(queries_to_log(patients[:2]), 2)
        self.assertEqual(queries_to_log(patients[2:]), 2)
        self.assertEqual(len(self.rows(user_id=self.clinician.id)), 2 + 2 + 78)

    def test_clinician_changes_are_logged_without_their_values(self):
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                call(self.clinician, "res.partner", "write", [self.other.id], {"allergies": f"Látex ({via})"})
                rows = self.rows(user_id=self.clinician.id, partner_id=self.other.id, action="write")
                self.assertEqual(rows.mapped("field_names"), ["allergies"] * len(rows))
                self.assertNotIn("Látex", json.dumps(rows.read(), default=str))
        self.call_kw(
            self.clinician,
            "res.partner",
            "write",
            [self.patient.id],
            {"medication_ids": [(0, 0, {"name": "Enalapril"})]},
        )
        # The patient's write and the medication's create: one row.
        self.assertLogged(self.clinician, self.patient, "write", ["medication_ids"])

    def test_other_fields_and_the_system_leave_no_trace(self):
        self.call_kw(self.clinician, "res.partner", "read", [self.patient.id], ["name", "email", "patient_code"])
        self.call_kw(self.clinician, "res.partner", "write", [self.patient.id], {"phone": "+34 915 555 123"})
        self.call_kw(
            self.clinician,
            "res.partner",
            "web_search_read",
            [("id", "=", self.patient.id)],
            {"name": {}, "email": {}},
        )
        # Computations and crons run as superuser, even on behalf of a clinician.
        self.patient.with_user(self.clinician).sudo().read(list(CLINICAL_FIELDS))
        self.env.cr.flush()
        self.assertFalse(self.rows())

    # Everybody else: refused, and so nothing to log; the log is not theirs to read ------------------

    def test_other_roles_are_refused_and_leave_no_trace(self):
        for user in (self.receptionist, self.marketing, self.employee, self.manager):
            for via, call in self.both_rpcs():
                with self.subTest(user=user.login, via=via):
                    self.assertRpcRefused(call, user, "res.partner", "read", [self.patient.id], ["allergies"])
                    self.assertRpcRefused(
                        call, user, "res.partner", "search_read", [("id", "=", self.patient.id)], ["clinical_notes"]
                    )
        self.assertFalse(self.rows())

    def test_only_managers_read_the_log(self):
        self.call_kw(self.clinician, "res.partner", "read", [self.patient.id], ["allergies"])
        for user in (self.receptionist, self.clinician, self.marketing, self.employee):
            for via, call in self.both_rpcs():
                with self.subTest(user=user.login, via=via):
                    self.assertRpcRefused(call, user, LOG, "search_read", [], ["partner_id"])
                    self.assertRpcRefused(
                        call, user, "res.partner", "read", [self.patient.id], ["clinical_access_log_count"]
                    )

    # Managers: search the log per patient and per user, never change it ---------------------------------

    def test_manager_searches_the_log_per_patient_and_per_user(self):
        self.call_kw(self.clinician, "res.partner", "read", [self.patient.id, self.other.id], ["allergies"])
        self.jsonrpc(self.colleague, "res.partner", "read", [self.patient.id], ["clinical_notes"])
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                of_patient = call(self.manager, LOG, "search_read", [("partner_id", "=", self.patient.id)], ["user_id"])
                self.assertEqual({row["user_id"][0] for row in of_patient}, {self.clinician.id, self.colleague.id})
                of_user = call(self.manager, LOG, "search_read", [("user_id", "=", self.clinician.id)], ["partner_id"])
                self.assertEqual({row["partner_id"][0] for row in of_user}, {self.patient.id, self.other.id})
                groups = call(
                    self.manager, LOG, "read_group", [("action", "=", "read")], ["partner_id"], ["partner_id"]
                )
                self.assertEqual(
                    {group["partner_id"][0]: group["partner_id_count"] for group in groups},
                    {self.patient.id: 2, self.other.id: 1},
                )
        # The patient form's smart button: its count and its list.
        counted = self.call_kw(self.manager, "res.partner", "read", [self.patient.id], ["clinical_access_log_count"])
        self.assertEqual(counted[0]["clinical_access_log_count"], 2)
        action = self.call_kw(self.manager, "res.partner", "action_view_clinical_access_log", [self.patient.id])
        self.assertEqual(self.env[LOG].search(action["domain"]), self.rows(partner_id=self.patient.id))

    def test_nobody_changes_or_deletes_the_log(self):
        self.call_kw(self.clinician, "res.partner", "read", [self.patient.id], ["allergies"])
        row = self.rows()
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                self.assertRpcRefused(
                    call, self.manager, LOG, "write", [row.id], {"user_id": self.manager.id}, error="UserError"
                )
                self.assertRpcRefused(call, self.manager, LOG, "unlink", [row.id], error="UserError")
                self.assertRpcRefused(
                    call,
                    self.manager,
                    LOG,
                    "create",
                    {"partner_id": self.patient.id, "user_id": self.manager.id, "action": "read"},
                )
        with self.assertRaises(UserError):
            row.sudo().write({"field_names": "name"})
        with self.assertRaises(UserError):
            row.sudo().unlink()
        self.assertEqual(row.user_id, self.clinician)

    def test_the_log_follows_merged_patients_and_keeps_them_from_deletion(self):
        duplicate = self.env["res.partner"].create({"name": "Tomás Vega Ruiz", "is_patient": True})
        self.call_kw(self.clinician, "res.partner", "read", [self.patient.id, duplicate.id], ["allergies"])
        wizard = self.env["base.partner.merge.automatic.wizard"]
        wizard._merge([self.patient.id, duplicate.id], self.patient, extra_checks=False)
        self.assertFalse(duplicate.exists())
        self.assertEqual(self.rows(user_id=self.clinician.id).partner_id, self.patient)
        # A patient whose clinical data was accessed keeps that record: archive instead.
        with mute_logger("odoo.sql_db"):
            self.assertRpcRefused(
                self.call_kw, self.manager, "res.partner", "unlink", [self.patient.id], error="ValidationError"
            )
        self.assertTrue(self.patient.exists())

    # The right of access: the patient's personal data in JSON and PDF, for managers --------------------

    def test_manager_exports_the_patient_personal_data_as_json(self):
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                data = call(self.manager, "res.partner", "healthcare_personal_data_export", [self.patient.id])
                self.assertEqual(data["patient"]["name"], "Tomás Vega")
                self.assertEqual(data["contact"]["email"], "tomas.vega@example.com")
                self.assertEqual(
                    [(c["purpose"], c["state"], c["source"]) for c in data["consents"]],
                    [("Email marketing", "Given", "In person form")],
                )
                self.assertEqual(data["interactions"][0]["summary"], "Llamada para revisar el presupuesto")
                # The patient's own clinical data, though the manager could not read it on the form.
                self.assertEqual(data["clinical_summary"]["allergies"], "Penicilina")
                self.assertEqual(data["clinical_summary"]["condition_ids"], ["E11 Type 2 diabetes"])
                self.assertEqual(data["medications"][0]["name"], "Metformina")
        exports = self.rows(user_id=self.manager.id, action="export")
        self.assertEqual(len(exports), 2)
        self.assertEqual(exports.partner_id, self.patient)
        self.assertEqual(set(exports.mapped("field_names")), {",".join(CLINICAL_FIELDS)})

    def test_the_form_button_downloads_a_json_file(self):
        action = self.call_kw(self.manager, "res.partner", "action_healthcare_export_personal_data", [self.patient.id])
        response = self.url_open(action["url"])  # still in the manager's session
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertEqual(response.json()["patient"]["name"], "Tomás Vega")
        self.assertEqual(len(self.rows(user_id=self.manager.id, action="export")), 1)
        self.authenticate(self.receptionist.login, self.receptionist.login)
        self.assertEqual(self.url_open(action["url"]).status_code, 403)

    def test_manager_prints_the_personal_data_as_pdf(self):
        action = self.call_kw(self.manager, "res.partner", "action_healthcare_print_personal_data", [self.patient.id])
        reports = self.env["ir.actions.report"].with_user(self.manager).with_context(force_report_rendering=True)
        pdf, kind = reports._render_qweb_pdf(action["report_name"], [self.patient.id])
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.env.cr.flush()
        self.assertTrue(self.rows(user_id=self.manager.id, action="export"))

    def test_the_pdf_is_in_the_patient_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["healthcare_crm"], ["es_ES"], overwrite=True)
        self.patient.lang = "es_ES"
        html = self.env["ir.actions.report"].with_user(self.manager)._render_qweb_html(REPORT, [self.patient.id])[0]
        html = html.decode()
        for spanish in (
            "Datos personales de",
            "Resumen clínico",
            "Consentimientos",
            "Historial de contactos",
            "Marketing por correo electrónico",
            "Penicilina",
        ):
            self.assertTrue(spanish in html, f"{spanish!r} is missing from the report")

    def test_only_managers_export_personal_data(self):
        for user in (self.receptionist, self.clinician, self.marketing, self.employee):
            for via, call in self.both_rpcs():
                with self.subTest(user=user.login, via=via):
                    self.assertRpcRefused(
                        call, user, "res.partner", "healthcare_personal_data_export", [self.patient.id]
                    )
                    self.assertRpcRefused(
                        call, user, "res.partner", "action_healthcare_print_personal_data", [self.patient.id]
                    )
            with self.subTest(user=user.login, via="report"), self.assertRaises(AccessError):
                self.env["ir.actions.report"].with_user(user)._render_qweb_html(REPORT, [self.patient.id])
        self.assertFalse(self.rows(action="export"))
