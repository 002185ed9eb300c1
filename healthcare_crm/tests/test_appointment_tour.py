from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAppointmentTour(HttpCase):
    def test_front_desk_marks_an_appointment_attended(self):
        new_test_user(
            self.env, login="tour_appt_desk", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        hygienist = new_test_user(
            self.env,
            login="tour_appt_dentist",
            name="Dr. Tour Practitioner",
            groups="healthcare_crm.group_healthcare_clinician",
            lang="en_US",
        )
        patient = self.env["res.partner"].create({"name": "Rocío Tour", "is_patient": True})
        hygiene = self.env.ref("healthcare_crm.appointment_type_hygiene")
        now = fields.Datetime.now()

        def appointment(start, attendance="scheduled"):
            return self.env["calendar.event"].create(
                {
                    "name": "Limpieza",
                    "patient_id": patient.id,
                    "appointment_type_id": hygiene.id,
                    "practitioner_id": hygienist.id,
                    "start": start,
                    "attendance": attendance,
                }
            )

        appointment(now - timedelta(days=200), "attended")
        appointment(now - timedelta(days=60), "no_show")
        appointment(now - timedelta(days=30), "no_show")
        # Started a few minutes ago (at 00:01 UTC at the earliest): today on the clinic's clock too.
        today = appointment(max(now - timedelta(minutes=5), now.replace(hour=0, minute=1)))
        recall = today.recall_ids
        self.assertEqual(recall.state, "booked")

        self.start_tour(
            "/odoo/action-healthcare_crm.action_appointments", "healthcare_crm_appointment_tour", login="tour_appt_desk"
        )

        self.assertEqual(today.attendance, "attended")
        self.assertEqual(recall.state, "done")
        self.assertEqual(patient.last_visit_date, today.start)
        following = self.env["healthcare.recall"].search([("patient_id", "=", patient.id), ("state", "=", "planned")])
        self.assertEqual(following.origin_appointment_id, today)
