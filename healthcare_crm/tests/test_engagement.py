from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestEngagement(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The invoicing test user also works at the front desk: only clinic staff book patients.
        cls.env.user.groups_id += cls.env.ref("healthcare_crm.group_healthcare_receptionist")
        cls.patient = cls.env["res.partner"].create({"name": "Rocío Prieto", "is_patient": True})
        cls.other = cls.env["res.partner"].create({"name": "Alberto Gil", "is_patient": True})

    def _appointment(self, start, partners=None, attendance="scheduled"):
        return self.env["calendar.event"].create(
            {
                "name": "Revisión",
                "start": start,
                "stop": start + timedelta(minutes=30),
                "partner_ids": [(6, 0, (partners or self.patient).ids)],
                "attendance": attendance,
            }
        )

    def test_attended_appointments_are_visits_and_no_shows_are_counted(self):
        now = fields.Datetime.now().replace(microsecond=0)
        first = self._appointment(now - timedelta(days=400), attendance="attended")
        missed = self._appointment(now - timedelta(days=60), attendance="no_show")
        self._appointment(now - timedelta(days=45), attendance="cancelled")
        last = self._appointment(now - timedelta(days=30), attendance="attended")
        self.assertEqual(self.patient.first_visit_date, first.start)
        self.assertEqual(self.patient.last_visit_date, last.start)
        self.assertEqual(self.patient.no_show_count, 1)
        missed.attendance = "attended"
        self.assertEqual(self.patient.no_show_count, 0, "correcting the attendance corrects the count")
        last.attendance = "no_show"
        self.assertEqual(self.patient.last_visit_date, missed.start)
        self.assertEqual(self.patient.no_show_count, 1)

    def test_appointments_set_next_appointment(self):
        now = fields.Datetime.now().replace(microsecond=0)
        self._appointment(now + timedelta(days=5), attendance="cancelled")
        upcoming = self._appointment(now + timedelta(days=7))
        self._appointment(now + timedelta(days=90), attendance="confirmed")
        self.assertEqual(self.patient.next_appointment_date, upcoming.start)
        self.assertFalse(self.other.next_appointment_date)

        upcoming.start = now + timedelta(days=2)
        upcoming.stop = upcoming.start + timedelta(minutes=30)
        self.assertEqual(self.patient.next_appointment_date, upcoming.start, "moving it moves the figure")
        upcoming.partner_ids = self.other
        self.assertEqual(self.other.next_appointment_date, upcoming.start)
        self.assertEqual(self.patient.next_appointment_date, now + timedelta(days=90))
        upcoming.unlink()
        self.assertFalse(self.other.next_appointment_date, "a deleted appointment leaves no trace")

    def test_only_the_patients_of_the_event_are_written(self):
        self.other.write({"comment": "unchanged"})
        self.env.flush_all()
        before = self.other.write_date
        with freeze_time(datetime.now() + timedelta(seconds=5)):
            self._appointment(fields.Datetime.now() + timedelta(days=3))
            self.env.flush_all()
        self.assertEqual(self.other.write_date, before)

    def test_passed_appointment_is_no_longer_the_next_one(self):
        start = fields.Datetime.now().replace(microsecond=0) + timedelta(hours=1)
        appointment = self._appointment(start)
        self.assertEqual(self.patient.next_appointment_date, start)
        with freeze_time(start + timedelta(hours=2)):
            self.env["res.partner"]._cron_passed_appointments()
            self.assertFalse(self.patient.next_appointment_date)
            self.assertFalse(self.patient.last_visit_date, "not a visit until marked attended")
            appointment.attendance = "attended"
        self.assertEqual(self.patient.last_visit_date, start)

    def test_lifetime_invoiced_follows_invoices_and_credit_notes(self):
        invoice = self.init_invoice("out_invoice", partner=self.patient, amounts=[1000.0], post=True)
        self.assertAlmostEqual(self.patient.lifetime_invoiced, invoice.amount_total_signed)
        refund = self.init_invoice("out_refund", partner=self.patient, amounts=[200.0], post=True)
        self.assertAlmostEqual(self.patient.lifetime_invoiced, invoice.amount_total_signed + refund.amount_total_signed)
        self.assertLess(refund.amount_total_signed, 0)
        refund.button_draft()
        self.assertAlmostEqual(self.patient.lifetime_invoiced, invoice.amount_total_signed)
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(self.patient.lifetime_invoiced, 0)
        self.init_invoice("in_invoice", partner=self.patient, amounts=[50.0], post=True)
        self.assertEqual(self.patient.lifetime_invoiced, 0, "vendor bills do not count")

    def test_age_band_changes_on_the_birthday(self):
        with freeze_time("2026-05-09"):
            patient = self.env["res.partner"].create({"name": "Cumple", "is_patient": True, "birthdate": "2008-05-10"})
            self.assertEqual(patient.age_band, "0_17")
        with freeze_time("2026-05-10"):
            self.env["res.partner"]._cron_birthdays()
            self.assertEqual(patient.age_band, "18_34")
        self.assertEqual(self.patient.search([("age_band", "=", "18_34"), ("id", "=", patient.id)]), patient)
