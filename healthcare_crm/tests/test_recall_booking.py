from contextlib import nullcontext

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form

from .common import AppointmentCase


class TestRecallBooking(AppointmentCase):
    def setUp(self):
        super().setUp()
        self.patient = self.new_patient()
        self.last_visit = self.appointment(self.patient, self.hygiene, days=-170, attendance="attended")
        self.recall = self.recalls(self.patient, self.hygiene_rule)

    def test_booking_books_and_attending_completes_and_plans_the_next(self):
        self.assertEqual(self.recall.state, "due", "due in 10 days, inside the 21-day lead time")
        booked = self.appointment(self.patient, self.hygiene, days=12, user=self.receptionist)
        self.assertEqual((self.recall.state, self.recall.appointment_id), ("booked", booked))
        self.assertEqual(booked.recall_ids, self.recall)

        # The day comes.
        self.env.cr.execute(
            "UPDATE calendar_event SET start = start - interval '12 days 1 hour',"
            " stop = stop - interval '12 days 1 hour' WHERE id = %s",
            [booked.id],
        )
        self.env.invalidate_all()
        booked.with_user(self.receptionist).action_mark_attended()
        visit_day = fields.Date.to_date(booked.start)
        self.assertEqual((self.recall.state, self.recall.done_date), ("done", visit_day))
        following = self.recalls(self.patient, self.hygiene_rule) - self.recall
        self.assertEqual(len(following), 1)
        self.assertEqual(following.state, "planned")
        self.assertEqual(following.due_date, visit_day + relativedelta(months=6))
        self.assertEqual(following.origin_appointment_id, booked)

    def test_marking_attended_costs_the_same_for_one_or_twenty(self):
        """Attendance marked in one call completes and plans recalls with set-based queries."""
        patients = self.env["res.partner"].create(
            [{"name": f"Paciente {number:02d}", "is_patient": True} for number in range(22)]
        )
        for patient in patients:
            self.appointment(patient, self.hygiene, days=-170, attendance="attended")
        booked = self.env["calendar.event"]
        for patient in patients:
            booked |= self.appointment(patient, self.hygiene, days=-1)
        self.assertEqual(set(booked.recall_ids.mapped("state")), {"booked"})
        self.assertEqual(len(booked.recall_ids), 22)
        for visits in (booked[0], booked[1], booked[2:]):
            self.env.flush_all()
            self.env.invalidate_all()
            self.env.cr.flush()
            # The first warms the caches; the appointments' tracking is logged in one batch, and
            # the no-show report's monthly counts changed in one INSERT.
            with self.assertQueryCount(42) if visits != booked[0] else nullcontext():
                visits.with_user(self.receptionist).action_mark_attended()
                self.env.flush_all()
                self.env.cr.flush()
        self.assertEqual(set(booked.recall_ids.mapped("state")), {"done"})
        following = self.env["healthcare.recall"].search(
            [("origin_appointment_id", "in", booked.ids), ("state", "=", "planned")]
        )
        self.assertEqual(following.patient_id, patients)
        tracked = booked[7].message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "attendance")
        self.assertEqual((tracked.old_value_char, tracked.new_value_char), ("Scheduled", "Attended"))

    def test_appointment_of_another_type_books_nothing(self):
        self.appointment(self.patient, self.checkup, days=5)
        self.assertEqual(self.recall.state, "due")

    def test_missed_cancelled_or_deleted_appointment_frees_the_recall(self):
        for close in ("no_show", "cancel", "unlink"):
            booked = self.appointment(self.patient, self.hygiene, days=1 if close != "no_show" else -1)
            self.assertEqual(self.recall.state, "booked")
            if close == "no_show":
                booked.action_mark_no_show()
            elif close == "cancel":
                booked.action_cancel_appointment()
            else:
                booked.unlink()
            self.assertEqual((self.recall.state, self.recall.appointment_id.id), ("due", False), close)

    def test_changing_the_type_frees_the_recall(self):
        booked = self.appointment(self.patient, self.hygiene, days=3)
        booked.appointment_type_id = self.checkup
        self.assertEqual(self.recall.state, "due")
        booked.appointment_type_id = self.hygiene
        self.assertEqual(self.recall.appointment_id, booked)

    def test_attending_without_booking_completes_the_open_recall(self):
        visit = self.appointment(self.patient, self.hygiene, days=-1, attendance="attended")
        self.assertEqual((self.recall.state, self.recall.appointment_id), ("done", visit))
        self.assertEqual(len(self.recalls(self.patient, self.hygiene_rule).filtered(lambda r: r.state != "done")), 1)

    def test_attended_by_mistake_is_undone(self):
        visit = self.appointment(self.patient, self.hygiene, days=-1)
        visit.action_mark_attended()
        self.assertEqual(len(self.recalls(self.patient, self.hygiene_rule)), 2)
        visit.action_mark_no_show()
        self.assertEqual(self.recalls(self.patient, self.hygiene_rule), self.recall, "the next one is withdrawn")
        self.assertEqual((self.recall.state, self.recall.done_date), ("due", False))

    def test_never_two_open_recalls_of_one_rule(self):
        with self.assertRaisesRegex(ValidationError, "already has an open recall for Dental hygiene"):
            self.env["healthcare.recall"].create(
                {"patient_id": self.patient.id, "rule_id": self.hygiene_rule.id, "due_date": self.today}
            )
        self.recall.action_cancel()
        again = self.env["healthcare.recall"].create(
            {"patient_id": self.patient.id, "rule_id": self.hygiene_rule.id, "due_date": self.today}
        )
        self.assertEqual(again.state, "due")
        with self.assertRaisesRegex(ValidationError, "already has an open recall"):
            self.recall.action_reopen()

    def test_condition_recall_stops_when_the_condition_goes(self):
        diabetes = self.env.ref("healthcare_crm.condition_diabetes_type_2")
        patient = self.new_patient("Manuel Ortiz", condition_ids=[Command.set(diabetes.ids)])
        self.env["healthcare.recall"]._cron_plan_recalls()
        first = self.recalls(patient, self.hba1c_rule)
        self.appointment(patient, self.hba1c, days=-1, attendance="attended")
        second = self.recalls(patient, self.hba1c_rule) - first
        self.assertEqual((first.state, second.state), ("done", "planned"))

        patient.condition_ids = False
        self.appointment(patient, self.hba1c, days=-1, attendance="attended")
        self.assertEqual(second.state, "done")
        self.assertEqual(self.recalls(patient, self.hba1c_rule), first | second, "no third check planned")

    def test_book_button_opens_an_appointment_of_the_right_type(self):
        action = self.recall.with_user(self.receptionist).action_book()
        with Form(
            self.env["calendar.event"].with_user(self.receptionist).with_context(action["context"]),
            view="healthcare_crm.view_appointment_form",
        ) as form:
            self.assertEqual(form.patient_id, self.patient)
            self.assertEqual(form.appointment_type_id, self.hygiene)
            form.start = fields.Datetime.now() + relativedelta(days=4)
        self.assertEqual(self.recall.appointment_id, form.record)

    def test_book_needs_an_appointment_type_for_the_rule(self):
        self.hygiene.recall_rule_id = False
        with self.assertRaisesRegex(UserError, "No appointment type fulfils"):
            self.recall.action_book()

    def test_front_desk_marks_contacted_and_cancels(self):
        recall = self.recall.with_user(self.receptionist)
        recall.action_mark_notified()
        self.assertEqual((recall.state, recall.notified_date), ("notified", self.today))
        recall.action_cancel()
        self.assertEqual(recall.state, "cancelled")
        with self.assertRaisesRegex(UserError, "Only open recalls can cancel"):
            recall.action_cancel()
        self.assertEqual(self.patient.with_user(self.receptionist).open_recall_count, 0)
