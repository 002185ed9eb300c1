from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields

from .common import AppointmentCase


class TestNoShow(AppointmentCase):
    def test_two_recent_no_shows_flag_the_patient(self):
        patient = self.new_patient("Carmen García")
        self.appointment(patient, self.hygiene, days=-400, attendance="no_show")  # over a year ago
        self.appointment(patient, self.hygiene, days=-35, attendance="no_show")
        self.assertEqual((patient.no_show_count, patient.recent_no_show_count), (2, 1))
        self.assertFalse(patient.frequent_no_show)

        missed = self.appointment(patient, self.hygiene, days=-14)
        missed.action_mark_no_show()
        self.assertEqual((patient.no_show_count, patient.recent_no_show_count), (3, 2))
        self.assertTrue(patient.frequent_no_show)
        upcoming = self.appointment(patient, self.hygiene, days=2)
        self.assertTrue(upcoming.patient_frequent_no_show, "the appointment warns the front desk")
        self.assertIn(patient, self.env["res.partner"].search([("frequent_no_show", "=", True)]))

    def test_the_flag_goes_once_the_no_shows_are_old(self):
        patient = self.new_patient("Carmen García")
        missed = self.appointment(patient, days=-20, attendance="no_show") | self.appointment(
            patient, days=-10, attendance="no_show"
        )
        self.assertTrue(patient.frequent_no_show)
        # A year on, nothing about the appointments changes: the hourly job notices.
        self.env.cr.execute(
            "UPDATE calendar_event SET start = start - interval '13 months', stop = stop - interval '13 months' "
            "WHERE id IN %s",
            [tuple(missed.ids)],
        )
        self.env.invalidate_all()
        self.env["res.partner"]._cron_passed_appointments()
        self.assertEqual((patient.recent_no_show_count, patient.frequent_no_show), (0, False))
        self.assertEqual(patient.no_show_count, 2)

    def test_no_show_rate_per_practitioner_type_and_period(self):
        other = self.env["res.users"].create({"name": "Dr. Ortega", "login": "hc_ortega"})
        patient, second = self.new_patient(), self.new_patient("Hugo Navarro")
        self.appointment(patient, self.hygiene, days=-40, attendance="no_show")
        self.appointment(second, self.hygiene, days=-30, attendance="attended")
        self.appointment(second, self.hygiene, days=-20, attendance="attended")
        self.appointment(patient, self.hygiene, days=-10, attendance="attended")
        self.appointment(patient, self.checkup, days=-5, attendance="no_show", practitioner_id=other.id)
        self.appointment(patient, self.checkup, days=3)  # not yet known: left out of the rate
        self.appointment(patient, self.checkup, days=-2, attendance="cancelled", practitioner_id=other.id)

        report = self.env["healthcare.appointment.report"]
        ours = [("patient_id", "in", (patient | second).ids)]
        by_type = {
            kind: (rate, no_shows, count)
            for kind, rate, no_shows, count in report._read_group(
                ours, ["appointment_type_id"], ["no_show_rate:avg", "no_show_count:sum", "__count"]
            )
        }
        self.assertEqual(by_type[self.hygiene], (25.0, 1, 4))
        self.assertEqual(by_type[self.checkup], (100.0, 1, 3))
        by_practitioner = dict(report._read_group(ours, ["practitioner_id"], ["no_show_rate:avg"]))
        self.assertEqual(by_practitioner[self.practitioner], 25.0)
        self.assertEqual(by_practitioner[other], 100.0)
        by_patient = dict(report._read_group(ours, ["patient_id"], ["no_show_count:sum"]))
        self.assertEqual((by_patient[patient], by_patient[second]), (2, 0))
        this_month = fields.Datetime.now() - timedelta(days=15)
        recent = report._read_group([*ours, ("start", ">=", this_month)], [], ["no_show_rate:avg"])
        self.assertEqual(recent[0][0], 50.0)

    def test_the_pivot_reads_monthly_counts_that_follow_every_change(self):
        """The no-show pivot over whole months reads the monthly counts: the same figures as
        counting the appointments, after creating, marking, moving, reassigning, archiving and
        deleting them, and after the daily job sums the counts."""
        Stat = self.env["healthcare.appointment.stat"]
        tz = Stat._report_tz()
        report = self.env["healthcare.appointment.report"].with_context(tz=tz.zone)
        ortega = self.env["res.users"].create({"name": "Dr. Ortega", "login": "hc_ortega"})
        ruiz = self.env["res.users"].create({"name": "Dra. Ruiz", "login": "hc_ruiz"})
        patient, second = self.new_patient(), self.new_patient("Hugo Navarro")
        self.appointment(patient, self.hygiene, days=-70, attendance="no_show", practitioner_id=ortega.id)
        self.appointment(second, self.hygiene, days=-40, attendance="attended", practitioner_id=ortega.id)
        self.appointment(second, self.checkup, days=-35, attendance="attended", practitioner_id=ruiz.id)
        missed = self.appointment(patient, self.checkup, days=-3, practitioner_id=ruiz.id)
        missed.action_mark_no_show()
        moved = self.appointment(patient, self.hygiene, days=-2, attendance="attended", practitioner_id=ruiz.id)
        moved.start -= timedelta(days=90)
        reassigned = self.appointment(second, self.checkup, days=-5, attendance="attended", practitioner_id=ruiz.id)
        reassigned.practitioner_id = ortega
        self.appointment(second, days=-4, attendance="no_show", practitioner_id=ortega.id).active = False
        self.appointment(second, days=-6, attendance="no_show", practitioner_id=ruiz.id).unlink()
        self.appointment(patient, days=400, practitioner_id=ruiz.id)  # beyond the period: left out

        local_month = fields.Datetime.now().replace(tzinfo=pytz.utc).astimezone(tz).replace(tzinfo=None)
        first_month = datetime.combine(local_month.date().replace(day=1) - relativedelta(months=11), time.min)
        since, until = (
            tz.localize(month).astimezone(pytz.utc).replace(tzinfo=None)
            for month in (first_month, first_month + relativedelta(months=14))
        )
        ours = [("practitioner_id", "in", (ortega | ruiz).ids), ("start", ">=", since), ("start", "<", until)]
        measures = ["no_show_rate:avg", "no_show_count:sum", "attended_count:sum", "appointment_count:sum"]

        def pivot(*extra):
            """The reads the web client's pivot makes: total, rows, columns, cells, and months."""
            groupings = ([], ["practitioner_id"], ["appointment_type_id"], ["practitioner_id", "appointment_type_id"])
            reads = [report.read_group(ours + list(extra), measures, g, lazy=False) for g in groupings]
            reads.append(report.read_group(ours + list(extra), measures, ["start:month"], lazy=False))
            return [[{k: v for k, v in group.items() if k != "__domain"} for group in read] for read in reads]

        monthly = pivot()
        counted = pivot(("patient_id", "!=", False))  # a filter on the patient: every appointment is read
        self.assertEqual(monthly, counted)
        rows = {group["practitioner_id"][0]: group for group in monthly[1]}
        for practitioner in (ortega, ruiz):
            row = rows[practitioner.id]
            self.assertEqual((row["__count"], row["no_show_count"], row["no_show_rate"]), (3, 1, 100 / 3))
        self.assertEqual(sum(group["__count"] for group in monthly[4]), 6, "the months add up")

        # It does read the counts: without them the pivot is empty, though the appointments remain.
        ours_only = "DELETE FROM healthcare_appointment_stat WHERE practitioner_id IN %s"
        self.env.cr.execute(ours_only, [(ortega | ruiz)._ids])
        self.assertFalse(report.read_group(ours, measures, ["practitioner_id"], lazy=False))
        self.assertEqual(pivot(("patient_id", "!=", False)), counted)
        Stat._rebuild()
        self.assertEqual(pivot(), counted)

        Stat._cron_compact()
        self.assertEqual(pivot(), counted)
        self.env.cr.execute(
            "SELECT COUNT(*), COUNT(DISTINCT (month, company_id, practitioner_id, appointment_type_id, attendance)) "
            "FROM healthcare_appointment_stat"
        )
        total, distinct = self.env.cr.fetchone()
        self.assertEqual(total, distinct, "one row per count once summed")
