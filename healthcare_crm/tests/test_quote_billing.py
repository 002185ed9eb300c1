from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestQuoteBilling(AccountTestInvoicingCommon):
    """Accountants reconcile invoices and payments with the quotes they came from."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.patient = cls.env["res.partner"].create({"name": "Elena Paz", "is_patient": True})
        cls.other_patient = cls.env["res.partner"].create({"name": "Luis Sanz", "is_patient": True})
        cls.product_a.write({"invoice_policy": "order", "taxes_id": [(5, 0, 0)], "lst_price": 1000.0})

    def _accepted_quote(self, patient, quantity):
        quote = self.env["sale.order"].create(
            {
                "partner_id": patient.id,
                "order_line": [(0, 0, {"product_id": self.product_a.id, "product_uom_qty": quantity, "tax_id": False})],
            }
        )
        quote.action_followup_accept()
        return quote

    def _pay(self, invoice, amount):
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"amount": amount}
        )._create_payments()

    def test_quote_shows_invoiced_paid_and_due_and_the_report_agrees(self):
        quote = self._accepted_quote(self.patient, 3)  # 3,000
        invoice = quote._create_invoices()
        invoice.action_post()
        self._pay(invoice, 1200.0)
        refund = invoice._reverse_moves([{"ref": "Un implante menos"}])
        refund.invoice_line_ids.quantity = 0.5  # 500 back
        refund.action_post()
        untouched = self._accepted_quote(self.other_patient, 2)  # 2,000, not invoiced

        self.assertEqual(invoice.action_view_source_sale_orders()["res_id"], quote.id, "the invoice leads to its quote")
        self.assertAlmostEqual(quote.amount_invoiced, 2500.0)
        # Received 1,200; owed 1,800 on the invoice less the 500 credit note not yet applied.
        self.assertAlmostEqual(quote.invoice_amount_paid, 1200.0)
        self.assertAlmostEqual(quote.invoice_amount_due, 1300.0)
        self.assertEqual(quote.amount_paid, 0.0, "sale's own amount_paid stays what was paid online (none here)")

        self.env.flush_all()
        report = self.env["healthcare.quote.report"]
        row = report.search([("order_id", "=", quote.id)])
        self.assertEqual(row.partner_id, self.patient)
        self.assertAlmostEqual(row.amount_quoted, 3000.0)
        self.assertAlmostEqual(row.amount_invoiced, 2500.0)
        self.assertAlmostEqual(row.amount_paid, 1200.0)
        self.assertAlmostEqual(row.amount_due, 1300.0)
        other = report.search([("order_id", "=", untouched.id)])
        self.assertEqual((other.amount_quoted, other.amount_invoiced, other.amount_due), (2000.0, 0.0, 0.0))

        per_patient = report.read_group(
            [("partner_id", "in", (self.patient | self.other_patient).ids)],
            ["amount_quoted:sum", "amount_invoiced:sum", "amount_paid:sum"],
            ["partner_id"],
        )
        totals = {group["partner_id"][0]: group for group in per_patient}
        self.assertAlmostEqual(totals[self.patient.id]["amount_invoiced"], 2500.0)
        self.assertAlmostEqual(totals[self.other_patient.id]["amount_quoted"], 2000.0)
