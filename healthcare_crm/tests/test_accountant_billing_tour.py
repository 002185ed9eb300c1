from odoo import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAccountantBillingTour(HttpCase):
    """The accountant, in Spanish, reconciles a patient's quote with its invoice and payment
    (static/src/js/tours/accountant_billing_tour.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="tour_accountant",
            name="Jorge Contable Tour",
            groups="account.group_account_invoice,sales_team.group_sale_salesman_all_leads",
            lang="es_ES",
            tz="Europe/Madrid",
        )
        cls.patient = cls.env["res.partner"].create({"name": "Elena Tour Contable", "is_patient": True})
        crown = cls.env["product.product"].create(
            {"name": "Corona de circonio (tour)", "list_price": 1500.0, "taxes_id": False, "invoice_policy": "order"}
        )
        cls.quote = cls.env["sale.order"].create(
            {"partner_id": cls.patient.id, "order_line": [Command.create({"product_id": crown.id, "tax_id": False})]}
        )
        cls.quote.action_followup_accept()
        cls.invoice = cls.quote._create_invoices()
        cls.invoice.action_post()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=cls.invoice.ids
        ).create({"amount": 600.0})._create_payments()

    def test_accountant_reconciles_quote_invoice_and_payment(self):
        self.assertEqual((self.quote.state, self.quote.followup_outcome), ("sale", "accepted"))
        self.assertEqual(self.quote.currency_id, self.env.ref("base.EUR"), "the Spanish clinic invoices in euros")
        self.assertEqual(
            (self.quote.amount_invoiced, self.quote.invoice_amount_paid, self.quote.invoice_amount_due),
            (1500.0, 600.0, 900.0),
        )
        self.assertEqual(self.invoice.payment_state, "partial")

        self.start_tour("/odoo", "healthcare_crm_accountant_billing_tour", login="tour_accountant")

    def test_accountant_opens_the_quote_and_reaches_the_report_from_invoicing(self):
        """The quote form opens for the accountant (without the clinic's contact history) and
        Invoicing > Reporting has the Quoted, Invoiced and Paid report (the Clinic CRM app is not theirs)."""
        quote = Form(self.quote.with_user(self.accountant))
        self.assertEqual(
            (quote.amount_invoiced, quote.invoice_amount_paid, quote.invoice_amount_due), (1500.0, 600.0, 900.0)
        )
        menus = self.env["ir.ui.menu"].with_user(self.accountant)._visible_menu_ids()
        self.assertIn(self.env.ref("healthcare_crm.menu_quote_report_invoicing").id, menus)
        self.assertNotIn(self.env.ref("healthcare_crm.menu_root").id, menus)
