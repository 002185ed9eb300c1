from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user

from .common import AppointmentCase


class TestAppointment(AppointmentCase):
    def test_front_desk_books_an_appointment_of_a_type(self):
        patient = self.new_patient()
        events = self.env["calendar.event"].with_user(self.receptionist)
        with Form(events, view="healthcare_crm.view_appointment_form") as form:
            form.name = "Limpieza"
            form.patient_id = patient
            form.start = fields.Datetime.now() + timedelta(days=2)
            form.appointment_type_id = self.hygiene
            form.practitioner_id = self.practitioner
        appointment = form.record
        self.assertEqual(appointment.duration, 0.75, "the type sets the duration")
        self.assertEqual(appointment.stop - appointment.start, timedelta(minutes=45))
        self.assertIn(patient, appointment.partner_ids, "the patient is an attendee")
        self.assertEqual(appointment.attendance, "scheduled")
        self.assertEqual(patient.next_appointment_date, appointment.start)

    def test_type_duration_applies_to_appointments_created_without_an_end(self):
        appointment = self.appointment(self.new_patient(), self.hba1c, days=1)
        self.assertEqual(appointment.stop - appointment.start, timedelta(minutes=15))

    def test_attendance_buttons(self):
        patient = self.new_patient()
        upcoming = self.appointment(patient, days=1).with_user(self.receptionist)
        upcoming.action_confirm_attendance()
        self.assertEqual(upcoming.attendance, "confirmed")
        with self.assertRaisesRegex(UserError, "has not started yet"):
            upcoming.action_mark_attended()
        with self.assertRaisesRegex(UserError, "has not started yet"):
            upcoming.action_mark_no_show()

        earlier = self.appointment(patient, days=-1).with_user(self.receptionist)
        earlier.action_mark_no_show()
        self.assertEqual(earlier.attendance, "no_show")
        # The patient was only late: the front desk corrects it.
        earlier.action_mark_attended()
        self.assertEqual(earlier.attendance, "attended")
        self.assertEqual(patient.last_visit_date, earlier.start)
        self.assertEqual(patient.no_show_count, 0)
        with self.assertRaisesRegex(UserError, "is Attended: it cannot become Cancelled"):
            earlier.action_cancel_appointment()

        upcoming.action_cancel_appointment()
        self.assertEqual(upcoming.attendance, "cancelled")
        self.assertFalse(patient.next_appointment_date)

    def test_reschedule_moves_the_appointment_and_its_recall(self):
        patient = self.new_patient()
        self.appointment(patient, self.hygiene, days=-200, attendance="attended")
        recall = self.recalls(patient, self.hygiene_rule)
        booked = self.appointment(patient, self.hygiene, days=3, sale_order_id=False)
        self.assertEqual((recall.state, recall.appointment_id), ("booked", booked))

        action = booked.with_user(self.receptionist).action_reschedule()
        wizard = Form(self.env[action["res_model"]].with_user(self.receptionist).with_context(action["context"]))
        self.assertEqual(wizard.start, booked.start + timedelta(days=7))
        wizard.start = booked.start + timedelta(days=10)
        result = wizard.save().action_reschedule()

        new = self.env["calendar.event"].browse(result["res_id"])
        self.assertEqual(booked.attendance, "rescheduled")
        self.assertEqual(
            (new.attendance, new.patient_id, new.appointment_type_id), ("scheduled", patient, self.hygiene)
        )
        self.assertEqual(new.start, booked.start + timedelta(days=10))
        self.assertEqual(new.stop - new.start, booked.stop - booked.start)
        self.assertEqual((recall.state, recall.appointment_id), ("booked", new))
        self.assertEqual(patient.next_appointment_date, new.start)

    def test_cannot_reschedule_to_the_past_or_a_closed_appointment(self):
        patient = self.new_patient()
        booked = self.appointment(patient, days=3)
        wizard = self.env["healthcare.appointment.reschedule"].create(
            {"appointment_id": booked.id, "start": fields.Datetime.now() - timedelta(days=1)}
        )
        with self.assertRaisesRegex(UserError, "has not passed"):
            wizard.action_reschedule()
        self.assertEqual(booked.attendance, "scheduled")
        self.assertEqual(self.env["calendar.event"].search_count([("patient_id", "=", patient.id)]), 1)
        attended = self.appointment(patient, days=-3, attendance="attended")
        with self.assertRaisesRegex(UserError, "Only a scheduled or confirmed appointment"):
            attended.action_reschedule()

    def test_patient_smart_button_lists_their_appointments(self):
        patient, other = self.new_patient(), self.new_patient("Hugo Navarro")
        mine = self.appointment(patient, days=-30, attendance="attended") | self.appointment(patient, days=5)
        self.appointment(other, days=5)
        self.assertEqual(patient.with_user(self.receptionist).appointment_count, 2)
        action = patient.with_user(self.receptionist).action_view_appointments()
        found = self.env["calendar.event"].with_user(self.receptionist).search(action["domain"])
        self.assertEqual(found, mine)
        self.assertEqual(action["context"]["default_patient_id"], patient.id)

    def test_staff_outside_the_clinic_crm_still_manage_their_meetings(self):
        employee = new_test_user(self.env, login="hc_employee", groups="base.group_user", lang="en_US")
        meeting = (
            self.env["calendar.event"]
            .with_user(employee)
            .create(
                {
                    "name": "Supplier visit",
                    "start": fields.Datetime.now() + timedelta(days=1),
                    "stop": fields.Datetime.now() + timedelta(days=1, hours=1),
                }
            )
        )
        meeting.write({"attendance": "cancelled"})
        meeting.unlink()
        self.assertFalse(meeting.exists())
