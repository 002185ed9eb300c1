from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoClinic(TransactionCase):
    """The demo (and test) database is a Spanish clinic that has lived a year, as `make demo` shows it."""

    def test_the_clinic_is_a_spanish_company_in_euros(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "Clínica Dental Sonrisa")
        self.assertEqual((company.country_id.code, company.currency_id.name), ("ES", "EUR"))
        self.assertTrue(company.chart_template.startswith("es_"), "Spain's chart of accounts (l10n_es)")
        self.assertEqual((company.city, company.phone), ("Madrid", "+34 910 123 456"))
        self.assertNotIn("555", company.phone)
        logins = ["admin", "recepcion", "coordinacion", "contabilidad", "ramon", "elena", "marketing"]
        users = self.env["res.users"].search([("login", "in", logins)])
        self.assertEqual(sorted(users.mapped("login")), sorted(logins))
        self.assertEqual(set(users.mapped("tz")), {"Europe/Madrid"})
        self.assertEqual(users.company_ids, company, "one clinic, no stray demo company in the switcher")

    def test_a_spanish_mobile_typed_without_prefix_is_accepted(self):
        patient = self.env["res.partner"].create(
            {"name": "Nueva Paciente", "is_patient": True, "mobile": "612 99 88 77"}
        )
        self.assertEqual(patient.mobile_e164, "+34612998877")
        self.assertTrue(patient.has_mobile)

    def test_a_year_of_patients_appointments_and_recalls(self):
        today = fields.Date.context_today(self.env["res.partner"])
        self.assertGreaterEqual(self.env["res.partner"].search_count([("is_patient", "=", True)]), 150)
        appointments = self.env["calendar.event"].search([("patient_id", "!=", False)])
        starts = appointments.mapped("start")
        self.assertLessEqual(min(starts).date(), today - timedelta(days=330), "a year of history")
        self.assertTrue(appointments.filtered(lambda event: event.start.date() == today), "today's agenda")
        past = appointments.filtered(lambda event: event.attendance in ("attended", "no_show"))
        no_show_rate = len(past.filtered(lambda event: event.attendance == "no_show")) / len(past)
        self.assertTrue(0.04 < no_show_rate < 0.15, f"a believable no-show rate, not {no_show_rate:.0%}")
        week_end = today + timedelta(days=6 - today.weekday())
        due_this_week = self.env["healthcare.recall"].search_count(
            [
                ("state", "in", ("planned", "due", "overdue")),
                ("due_date", ">=", today - timedelta(days=today.weekday())),
                ("due_date", "<=", week_end),
            ]
        )
        self.assertGreaterEqual(due_this_week, 5, "recalls due this week")

    def test_sixty_quotes_at_every_stage_with_invoices_and_payments(self):
        quotes = self.env["sale.order"].search([("is_patient_quote", "=", True)])
        self.assertGreaterEqual(len(quotes), 60)
        self.assertEqual(
            set(quotes.mapped("followup_stage_id")), set(self.env["healthcare.quote.stage"].search([])), "every stage"
        )
        self.assertEqual(set(quotes.mapped("followup_outcome")), {"open", "accepted", "rejected", "dormant"})
        invoices = quotes.invoice_ids.filtered(lambda move: move.state == "posted")
        self.assertEqual(
            set(invoices.mapped("payment_state")) & {"paid", "partial", "not_paid"}, {"paid", "partial", "not_paid"}
        )
        self.assertEqual(invoices.currency_id.name, "EUR")
        paid = sum(quotes.mapped("invoice_amount_paid"))
        self.assertGreater(paid, 10_000, "the accountant's report shows real figures")
        self.assertGreater(sum(quotes.mapped("invoice_amount_due")), 0)
