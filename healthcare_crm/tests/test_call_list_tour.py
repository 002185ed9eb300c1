from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCallListTour(HttpCase):
    """The front desk makes call lists in the browser from each place it starts from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = new_test_user(
            cls.env,
            login="hc_tour_reception",
            name="Rosa Tour Reception",
            groups="healthcare_crm.group_healthcare_receptionist",
            lang="en_US",
        )
        cls.dentist = new_test_user(
            cls.env, login="hc_tour_calls_dentist", groups="healthcare_crm.group_healthcare_clinician", lang="en_US"
        )
        cls.call = cls.env.ref("mail.mail_activity_data_call")

    def patient(self, name, visited_days_ago=None):
        patient = self.env["res.partner"].create({"name": name, "is_patient": True})
        if visited_days_ago:
            checkup = self.env.ref("healthcare_crm.appointment_type_checkup")
            self.env["calendar.event"].create(
                {
                    "name": checkup.name,
                    "patient_id": patient.id,
                    "appointment_type_id": checkup.id,
                    "practitioner_id": self.dentist.id,
                    "start": fields.Datetime.now() - timedelta(days=visited_days_ago),
                    "attendance": "attended",
                }
            )
        return patient

    def assertCalls(self, patients, summary):
        calls = self.env["mail.activity"].search([("res_model", "=", "res.partner"), ("res_id", "in", patients.ids)])
        self.assertEqual(sorted(calls.mapped("res_id")), sorted(patients.ids))
        self.assertEqual(calls.activity_type_id, self.call)
        self.assertEqual(calls.user_id, self.receptionist)
        self.assertEqual(set(calls.mapped("summary")), {summary})

    def test_call_list_from_reactivation(self):
        patients = self.patient("Antonio Tour Reactivation", 900) | self.patient("Mercedes Tour Reactivation", 800)
        self.start_tour(
            "/odoo/action-healthcare_crm.action_patients",
            "healthcare_crm_call_list_reactivation_tour",
            login="hc_tour_reception",
        )
        self.assertCalls(patients, "Invite the patient back")

    def test_call_list_from_recalls(self):
        patients = self.patient("Julia Tour Recall") | self.patient("Pablo Tour Recall")
        rule = self.env.ref("healthcare_crm.recall_rule_hygiene")
        today = fields.Date.context_today(self.env["res.partner"])
        self.env["healthcare.recall"].create(
            [{"rule_id": rule.id, "patient_id": p.id, "due_date": today, "state": "due"} for p in patients]
        )
        self.start_tour(
            "/odoo/action-healthcare_crm.action_recalls",
            "healthcare_crm_call_list_recalls_tour",
            login="hc_tour_reception",
        )
        self.assertCalls(patients, "Book the recall")

    def test_call_list_from_one_patient(self):
        patient = self.patient("Elena Tour Patient")
        self.start_tour(
            f"/odoo/action-healthcare_crm.action_patients/{patient.id}",
            "healthcare_crm_call_list_patient_tour",
            login="hc_tour_reception",
        )
        self.assertCalls(patient, "Offer the whitening campaign")
