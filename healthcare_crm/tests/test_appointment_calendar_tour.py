from datetime import datetime, time, timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAppointmentCalendarTour(HttpCase):
    def test_front_desk_reads_patients_on_short_blocks(self):
        """A 30-minute block of the day and week calendars names its patient and type on the
        time's line, in its attendance's colour; a cancelled appointment is struck through."""
        new_test_user(
            self.env, login="tour_cal_desk", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        practitioner = new_test_user(
            self.env, login="tour_cal_dentist", groups="healthcare_crm.group_healthcare_clinician", lang="en_US"
        )
        check_up = self.env["healthcare.appointment.type"].create({"name": "Tour Check-up", "duration": 0.5})
        # 06:00 UTC of the clinic's today (the browser's, see conftest.py), whatever the hour the test
        # runs: before the demo clinic opens, so no demo appointment shares (and narrows) the blocks.
        six = datetime.combine(fields.Date.context_today(self.env.user), time(6, 0))

        def appointment(patient_name, start, attendance):
            patient = self.env["res.partner"].create({"name": patient_name, "is_patient": True})
            return self.env["calendar.event"].create(
                {
                    "name": "Limpieza",  # Odoo's calendar shows the name, not the patient
                    "patient_id": patient.id,
                    "appointment_type_id": check_up.id,
                    "practitioner_id": practitioner.id,
                    "start": start,
                    "stop": start + timedelta(minutes=30),
                    "attendance": attendance,
                }
            )

        appointment("Rocío Calendario", six, "confirmed")
        appointment("Tomás Anulado", six + timedelta(hours=1), "cancelled")

        self.start_tour(
            "/odoo/action-healthcare_crm.action_appointment_calendar",
            "healthcare_crm_appointment_calendar_tour",
            login="tour_cal_desk",
        )
