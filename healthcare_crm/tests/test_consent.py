from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

CONSENT_FIELDS = [
    "consent_data_processing",
    "consent_email_marketing",
    "consent_sms",
    "consent_whatsapp",
    "consent_phone_marketing",
]


@tagged("post_install", "-at_install")
class TestConsent(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = new_test_user(
            cls.env, login="hc_consent_reception", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        cls.manager = new_test_user(
            cls.env, login="hc_consent_manager", groups="healthcare_crm.group_healthcare_manager", lang="en_US"
        )
        cls.employee = new_test_user(cls.env, login="hc_consent_employee", groups="base.group_user", lang="en_US")
        cls.patient = cls.env["res.partner"].create({"name": "Lucía Fernández Ruiz", "is_patient": True})

    def _record(self, patient, purpose, state, source="in_person", evidence=False):
        """Record a consent as the front desk does: the patient form's button, then the wizard."""
        action = patient.with_user(self.receptionist).action_record_consent()
        self.assertEqual(action["res_model"], "healthcare.consent.record")
        wizard_model = self.env[action["res_model"]].with_user(self.receptionist)
        with Form(wizard_model.with_context(action["context"])) as wizard:
            wizard.purpose = purpose
            wizard.state = state
            wizard.source = source
            if evidence:
                wizard.evidence = evidence
        wizard.record.action_record()
        patient.invalidate_recordset(["consent_ids"])
        return patient.consent_ids[:1]

    def test_new_patient_has_no_consent(self):
        for field in CONSENT_FIELDS:
            self.assertEqual(self.patient[field], "none", field)
        with Form(
            self.env["res.partner"].with_user(self.receptionist), view="healthcare_crm.view_patient_form"
        ) as form:
            form.name = "Hugo Sánchez Gil"
            self.assertEqual(form.consent_email_marketing, "none", "the unsaved patient form shows no consent")
        self.assertEqual(form.record.consent_email_marketing, "none")

    def test_given_then_withdrawn_changes_current_state(self):
        with freeze_time("2026-03-02 10:00:00"):
            given = self._record(self.patient, "email_marketing", "given", "website", "Newsletter box ticked")
        self.assertEqual(self.patient.consent_email_marketing, "given")
        self.assertEqual(self.patient.consent_sms, "none", "other purposes are untouched")
        self.assertEqual(given.user_id, self.receptionist)
        self.assertEqual(given.date, datetime(2026, 3, 2, 10, 0))
        self.assertEqual(given.evidence, "Newsletter box ticked")

        with freeze_time("2026-04-10 17:30:00"):
            withdrawn = self._record(
                self.patient, "email_marketing", "withdrawn", "email", "«No me enviéis más correos»"
            )
        self.assertEqual(self.patient.consent_email_marketing, "withdrawn")
        self.assertEqual(self.patient.consent_ids, withdrawn | given, "the history is kept, newest first")
        self.assertEqual(self.patient.consent_ids.mapped("state"), ["withdrawn", "given"])

        with freeze_time("2026-05-01 09:00:00"):
            self._record(self.patient, "email_marketing", "given", "in_person", "Signed form no. 123")
        self.assertEqual(self.patient.consent_email_marketing, "given")
        self.assertEqual(len(self.patient.consent_ids), 3)

    def test_an_older_form_recorded_late_cannot_undo_a_withdrawal(self):
        """An older decision recorded late (e.g. an imported form) is refused, not silently current."""
        Consent = self.env["healthcare.consent"].with_user(self.receptionist)
        with freeze_time("2026-04-10 12:00:00"):
            self._record(self.patient, "sms", "withdrawn", "phone")
            with self.assertRaises(ValidationError) as caught:  # in a savepoint: nothing half-written
                Consent.create(
                    {
                        "partner_id": self.patient.id,
                        "purpose": "sms",
                        "state": "given",
                        "source": "import",
                        "date": datetime(2025, 1, 15),
                        "evidence": "Paper form 2025",
                    }
                )
        self.assertIn("withdrew this consent", str(caught.exception))
        self.assertEqual(self.patient.consent_sms, "withdrawn")
        self.assertEqual(self.patient.consent_ids.mapped("state"), ["withdrawn"])

    def test_a_history_imported_in_one_batch_keeps_its_withdrawal(self):
        """An import brings the form and the later withdrawal together: both are evidence, the withdrawal current."""
        self.env["healthcare.consent"].create(
            [
                {
                    "partner_id": self.patient.id,
                    "purpose": "sms",
                    "state": "given",
                    "source": "import",
                    "date": datetime(2025, 1, 15),
                },
                {
                    "partner_id": self.patient.id,
                    "purpose": "sms",
                    "state": "withdrawn",
                    "source": "import",
                    "date": datetime(2025, 6, 1),
                },
            ]
        )
        self.assertEqual(self.patient.consent_sms, "withdrawn")
        self.assertEqual(sorted(self.patient.consent_ids.mapped("state")), ["given", "withdrawn"])

    def test_same_second_the_last_recorded_wins(self):
        with freeze_time("2026-04-10 12:00:00"):
            self._record(self.patient, "whatsapp", "given")
            self._record(self.patient, "whatsapp", "withdrawn")
        self.assertEqual(self.patient.consent_whatsapp, "withdrawn")

    def test_each_consent_is_logged_in_the_patient_chatter(self):
        self._record(self.patient, "whatsapp", "given", "whatsapp")
        self._record(self.patient, "whatsapp", "withdrawn", "phone")
        bodies = self.patient.message_ids.mapped("body")
        self.assertTrue(any("Consent given: WhatsApp (source: WhatsApp)." in body for body in bodies), bodies)
        self.assertTrue(any("Consent withdrawn: WhatsApp (source: Phone call)." in body for body in bodies), bodies)
        self.assertEqual(self.patient.message_ids[0].author_id, self.receptionist.partner_id)

    def test_history_is_append_only_even_for_managers(self):
        consent = self._record(self.patient, "data_processing", "given", evidence="Signed form no. 123")
        for env in (consent.with_user(self.receptionist), consent.with_user(self.manager), consent.sudo()):
            with self.subTest(user=env.env.user.login), self.assertRaisesRegex(UserError, "cannot be modified"):
                env.write({"state": "withdrawn"})
            with self.subTest(user=env.env.user.login), self.assertRaisesRegex(UserError, "cannot be deleted"):
                env.unlink()
        with self.assertRaises(UserError):
            consent.with_user(self.manager).evidence = "Signed form no. 124"
        self.assertEqual(consent.state, "given")
        self.assertEqual(consent.evidence, "Signed form no. 123")
        self.assertEqual(self.patient.consent_data_processing, "given")

    def test_deleting_the_patient_deletes_the_history(self):
        self._record(self.patient, "data_processing", "given")
        consents = self.patient.consent_ids
        self.patient.unlink()
        self.assertFalse(consents.exists())

    def test_current_state_is_stored_and_searchable(self):
        for field in CONSENT_FIELDS:
            self.assertTrue(self.env["res.partner"]._fields[field].store, field)
        Partner = self.env["res.partner"].with_user(self.receptionist)
        accepts = Partner.create({"name": "Acepta Correos", "is_patient": True})
        refuses = Partner.create({"name": "No Acepta Correos", "is_patient": True})
        self._record(accepts, "email_marketing", "given", "website")
        with freeze_time("2020-01-01"):
            self._record(refuses, "email_marketing", "given", "website")
        self._record(refuses, "email_marketing", "withdrawn", "email")
        patients = self.patient | accepts | refuses

        def search(domain):
            return Partner.search([("id", "in", patients.ids), *domain])

        self.assertEqual(search([("consent_email_marketing", "=", "given")]), accepts)
        self.assertEqual(search([("consent_email_marketing", "=", "withdrawn")]), refuses)
        self.assertEqual(search([("consent_email_marketing", "=", "none")]), self.patient)
        # The patients' "Accepts email marketing" filter finds the same patients.
        arch = Partner.get_view(self.env.ref("healthcare_crm.view_patient_search").id, "search")["arch"]
        self.assertIn('name="accepts_email_marketing"', arch)
        self.assertEqual(search([("consent_email_marketing", "=", "given"), ("consent_sms", "=", "given")]), Partner)

    def test_patient_form_shows_the_consent_page(self):
        self._record(self.patient, "email_marketing", "given")
        form = Form(self.patient.with_user(self.receptionist), view="healthcare_crm.view_patient_form")
        self.assertEqual(form.consent_email_marketing, "given")
        self.assertEqual(len(form.consent_ids), 1)
        arch = self.patient.with_user(self.receptionist).get_view(
            self.env.ref("healthcare_crm.view_patient_form").id, "form"
        )["arch"]
        self.assertIn('name="action_record_consent"', arch)
        self.assertIn('<page name="consent"', arch)

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.models")
    def test_employee_without_clinic_role_cannot_record_consent(self):
        values = {"partner_id": self.patient.id, "purpose": "sms", "state": "given"}
        with self.assertRaises(AccessError):
            self.env["healthcare.consent"].with_user(self.employee).create(values)
        with self.assertRaises(AccessError):
            self.env["healthcare.consent.record"].with_user(self.employee).create(values)
        with self.assertRaises(AccessError):
            self.env["healthcare.consent"].with_user(self.employee).search([])
        self.assertFalse(self.patient.consent_ids)

    def test_receptionist_records_but_cannot_delete_from_the_access_rules(self):
        access = self.env["ir.model.access"].with_user(self.receptionist)
        self.assertTrue(access.check("healthcare.consent", "create", raise_exception=False))
        self.assertFalse(access.check("healthcare.consent", "write", raise_exception=False))
        self.assertFalse(access.check("healthcare.consent", "unlink", raise_exception=False))

    def _count_recompute_queries(self, patients):
        """Queries to recompute and store the consent states of `patients` from their history."""
        fields = [self.env["res.partner"]._fields[name] for name in CONSENT_FIELDS]
        self.env.flush_all()
        self.env.invalidate_all()
        for field in fields:
            self.env.add_to_compute(field, patients)
        count0 = self.cr.sql_log_count
        patients.flush_recordset(CONSENT_FIELDS)
        return self.cr.sql_log_count - count0

    def test_compute_queries_do_not_grow_with_patients(self):
        Consent = self.env["healthcare.consent"]
        patients = self.env["res.partner"].create(
            [{"name": f"Paciente {index}", "is_patient": True} for index in range(10)]
        )
        purposes = ["data_processing", "email_marketing", "sms", "whatsapp", "phone_marketing"]
        Consent.create(
            [
                {"partner_id": patient.id, "purpose": purpose, "state": state}
                for patient in patients
                for purpose in purposes
                for state in ("given", "withdrawn")
            ]
        )
        one = self._count_recompute_queries(patients[0])
        ten = self._count_recompute_queries(patients)
        self.assertEqual(ten, one, "recomputing ten patients takes as many queries as one")
        self.assertLessEqual(one, 3, "one search of the history and one update of the patients")
        self.assertEqual(set(patients.mapped("consent_sms")), {"withdrawn"})

        # The compute itself is a single query, whatever the batch size.
        fields = [self.env["res.partner"]._fields[name] for name in CONSENT_FIELDS]
        self.env.invalidate_all()
        with self.env.protecting(fields, patients), self.assertQueryCount(1, flush=False):
            patients._compute_consent_states()
