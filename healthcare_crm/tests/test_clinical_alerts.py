from datetime import timedelta

from odoo import Command, fields
from odoo.tests import Form, tagged

from .common import RpcCase

LOG = "healthcare.clinical.access.log"
PATIENT_FORM = "healthcare_crm.view_patient_form"
APPOINTMENT_FORM = "healthcare_crm.view_appointment_form"
QUOTE_FORM = "sale.view_order_form"


@tagged("post_install", "-at_install")
class TestClinicalAlerts(RpcCase):
    """Allergies and alert conditions in red where clinicians work: the patient, the
    appointment and the quote; nothing of them reaches the front desk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinician = cls.role_user("clinician", login="alert_clinician")
        cls.receptionist = cls.role_user("receptionist", login="alert_desk")
        cls.anticoagulant = cls.env.ref("healthcare_crm.condition_anticoagulant_therapy")
        cls.epilepsy = cls.env.ref("healthcare_crm.condition_epilepsy")
        hypertension = cls.env.ref("healthcare_crm.condition_hypertension")
        # Written as superuser: the set-up itself leaves no trace in the access log.
        cls.patient = cls.env["res.partner"].create(
            {
                "name": "Antonio Ruiz",
                "is_patient": True,
                "allergies": "Penicilina,\nlátex",
                "clinical_notes": "Fobia a las agujas",
                "condition_ids": [Command.set((cls.anticoagulant | cls.epilepsy | hypertension).ids)],
                "medication_ids": [Command.create({"name": "Acenocumarol", "dosage": "4 mg"})],
            }
        )
        # Conditions, but none flagged as an alert, and no allergies.
        cls.plain = cls.env["res.partner"].create(
            {"name": "Lucía Navarro", "is_patient": True, "condition_ids": [Command.set(hypertension.ids)]}
        )
        # One by one, as the web client browses them: a record read in Python computes its
        # alert for the records created with it too (prefetching), and each would be logged.
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(days=2)
        checkup = cls.env.ref("healthcare_crm.appointment_type_checkup")
        cls.appointment, cls.plain_appointment = (
            cls.env["calendar.event"].create(
                {
                    "name": "Revisión",
                    "patient_id": patient.id,
                    "partner_ids": [Command.set(patient.ids)],
                    "appointment_type_id": checkup.id,
                    "start": start,
                    "stop": start + timedelta(minutes=30),
                }
            )
            for patient in (cls.patient, cls.plain)
        )
        cls.quote, cls.plain_quote = (
            cls.env["sale.order"].create({"partner_id": patient.id}) for patient in (cls.patient, cls.plain)
        )
        cls.expected = "Allergies: Penicilina, látex · Anticoagulant therapy · Epilepsy"

    def log_rows(self):
        """The access log rows of the patients of this test, written as they would be at commit."""
        self.env.cr.flush()
        return self.env[LOG].search([("partner_id", "in", (self.patient | self.plain).ids)])

    # Clinicians see the alert on the three forms -------------------------------------------------

    def test_clinician_sees_the_alert_on_the_patient_appointment_and_quote(self):
        for record, view, field in (
            (self.patient, PATIENT_FORM, "clinical_alert"),
            (self.appointment, APPOINTMENT_FORM, "patient_clinical_alert"),
            (self.quote, QUOTE_FORM, "patient_clinical_alert"),
        ):
            with self.subTest(model=record._name):
                form = Form(record.with_user(self.clinician), view=view)
                self.assertEqual(getattr(form, field), self.expected)

    def test_a_patient_with_nothing_flagged_has_no_alert(self):
        self.assertFalse(self.plain.with_user(self.clinician).clinical_alert)
        for record, view, field in (
            (self.plain, PATIENT_FORM, "clinical_alert"),
            (self.plain_appointment, APPOINTMENT_FORM, "patient_clinical_alert"),
            (self.plain_quote, QUOTE_FORM, "patient_clinical_alert"),
        ):
            with self.subTest(model=record._name):
                self.assertFalse(getattr(Form(record.with_user(self.clinician), view=view), field))

    def test_the_alert_is_in_the_clinician_language(self):
        self.env["res.lang"]._activate_lang("es_ES")
        patient = self.patient.with_user(self.clinician).with_context(lang="es_ES")
        self.assertEqual(patient.clinical_alert.split(" · ")[0], "Alergias: Penicilina, látex")

    def test_the_alert_follows_the_patient_chosen_and_the_flags(self):
        for patient, expected in ((self.patient, self.expected), (self.plain, False)):
            with self.subTest(patient=patient.name):
                form = Form(self.env["calendar.event"].with_user(self.clinician), view=APPOINTMENT_FORM)
                self.assertFalse(form.patient_clinical_alert)
                form.name = "Extracción"
                form.patient_id = patient
                self.assertEqual(form.patient_clinical_alert, expected)
        # Flagging a condition shows it at once; the clinical tab edits the banner live.
        self.env.ref("healthcare_crm.condition_hypertension").is_alert = True
        self.assertEqual(self.plain.with_user(self.clinician).clinical_alert, "Hypertension")
        with Form(self.plain.with_user(self.clinician), view=PATIENT_FORM) as patient_form:
            patient_form.allergies = "Látex"
            self.assertEqual(patient_form.clinical_alert, "Allergies: Látex · Hypertension")

    def test_showing_the_alert_logs_one_read_of_the_patient(self):
        before = self.log_rows()
        Form(self.appointment.with_user(self.clinician), view=APPOINTMENT_FORM)
        Form(self.quote.with_user(self.clinician), view=QUOTE_FORM)
        rows = self.log_rows() - before
        self.assertEqual(len(rows), 1, "one row for the patient, whatever the number of forms")
        self.assertEqual(rows.user_id, self.clinician)
        self.assertEqual(rows.partner_id, self.patient)
        self.assertEqual((rows.action, rows.field_names), ("read", "allergies,condition_ids"))
        # The patient form reads the whole clinical summary: still one row, naming every field.
        Form(self.patient.with_user(self.clinician), view=PATIENT_FORM)
        rows = self.log_rows() - before - rows
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows.field_names, "allergies,condition_ids,medication_ids,clinical_notes")

    # The front desk: same forms, no alert, no error --------------------------------------------

    def test_receptionist_forms_open_without_the_alert(self):
        for record, view, field in (
            (self.patient, PATIENT_FORM, "clinical_alert"),
            (self.appointment, APPOINTMENT_FORM, "patient_clinical_alert"),
            (self.quote, QUOTE_FORM, "patient_clinical_alert"),
        ):
            with self.subTest(model=record._name):
                form = Form(record.with_user(self.receptionist), view=view)
                self.assertEqual(form.name, record.name)
                self.assertNotIn(field, form._view["fields"])
                views = self.env[record._name].with_user(self.receptionist).get_views([(self.env.ref(view).id, "form")])
                self.assertNotIn(field, views["models"][record._name]["fields"])
                self.assertNotIn(field, views["views"]["form"]["arch"])
                self.assertNotIn("Clinical alert", views["views"]["form"]["arch"])
        self.assertFalse(self.log_rows(), "nothing clinical was read")

    def test_receptionist_cannot_read_the_alert_over_rpc(self):
        for model, record, field in (
            ("res.partner", self.patient, "clinical_alert"),
            ("calendar.event", self.appointment, "patient_clinical_alert"),
            ("sale.order", self.quote, "patient_clinical_alert"),
        ):
            with self.subTest(model=model, via="read"):
                self.assertRpcRefused(self.call_kw, self.receptionist, model, "read", [record.id], [field])
            with self.subTest(model=model, via="web_read"):
                self.assertRpcRefused(self.call_kw, self.receptionist, model, "web_read", [record.id], {field: {}})
            with self.subTest(model=model, via="search_read"):
                self.assertRpcRefused(
                    self.jsonrpc, self.receptionist, model, "search_read", [("id", "=", record.id)], [field]
                )
        self.assertFalse(self.log_rows())

    def test_clinician_reads_the_alert_over_rpc_and_it_is_logged(self):
        values = self.call_kw(
            self.clinician, "calendar.event", "web_read", [self.appointment.id], {"patient_clinical_alert": {}}
        )
        self.assertEqual(values[0]["patient_clinical_alert"], self.expected)
        rows = self.log_rows()
        self.assertEqual((rows.user_id, rows.partner_id), (self.clinician, self.patient))
        self.assertEqual(rows.field_names, "allergies,condition_ids")
