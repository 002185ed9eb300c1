from odoo.tests import tagged

from .common import DentalCase


@tagged("post_install", "-at_install")
class TestDentalQuoteReport(DentalCase):
    """The printed quote a Spanish patient takes home: teeth, phases with their subtotals, the
    odontogram of the planned work, payment options and the signature box, amounts as 1.200,00 €."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.patient.lang = "es_ES"
        cls.env["ir.config_parameter"].sudo().set_param("healthcare_crm_dental.financing_months", "12")

    def make_quote(self):
        self.plan(self.filling, [{"tooth": "36", "surfaces": ["M", "O"]}], phase=1)
        self.plan(self.implant, [{"tooth": "46"}], phase=2)
        self.plan(self.crown, [{"tooth": "47"}], phase=2)
        return self.env["sale.order"].browse(self.chart().action_dental_create_quote()["res_id"])

    def render(self, order, user=None):
        reports = self.env["ir.actions.report"].with_user(user or self.receptionist)
        return reports._render_qweb_html("sale.action_report_saleorder", order.ids)[0].decode()

    def test_the_printed_quote_in_spanish(self):
        order = self.make_quote()
        html = self.render(order)
        self.assertIn('name="th_dental_teeth"', html)
        for teeth in ("36 MO", "46", "47"):
            self.assertIn(f"<span>{teeth}</span>", html)
        # Phase 1 (the filling) before phase 2, each closed by its subtotal.
        phase_1, subtotal_1 = html.index("Fase 1"), html.index("Subtotal fase 1")
        phase_2, subtotal_2 = html.index("Fase 2"), html.index("Subtotal fase 2")
        self.assertLess(phase_1, html.index("Empaste de composite"))
        self.assertLess(html.index("Empaste de composite"), subtotal_1)
        self.assertLess(subtotal_1, phase_2)
        self.assertLess(phase_2, html.index("Implante dental"))
        self.assertLess(html.index("Implante dental"), subtotal_2)
        subtotal_text = " ".join(html[subtotal_2 : subtotal_2 + 400].split())
        self.assertIn("1.650,00", subtotal_text)  # 1.200 + 450, Spanish separators
        self.assertIn("€", subtotal_text)
        # The odontogram marks the three planned teeth, and only them.
        self.assertIn("<svg", html)
        self.assertEqual(html.count("o_dental_planned"), 3)
        # Payment options: the total (1.720,00 €) and 12 instalments of 143,33 €.
        self.assertIn("Pago único", html)
        self.assertIn("Financiación en 12 meses", html)
        self.assertIn("1.720,00", html)
        self.assertIn("143,33", html)
        self.assertIn('name="dental_signature_box"', html)
        self.assertIn("Firma del paciente", html)

    def test_the_pdf_renders(self):
        order = self.make_quote()
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("sale.action_report_saleorder", order.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_a_quote_without_dental_lines_prints_as_before(self):
        order = self.env["sale.order"].create(
            {"partner_id": self.patient.id, "order_line": [(0, 0, {"product_id": self.hygiene.id})]}
        )
        html = self.render(order)
        for mark in ("th_dental_teeth", "dental_signature_box", "dental_financing", "<svg", "Fase"):
            self.assertNotIn(mark, html)

    def test_baby_teeth_are_drawn_when_planned(self):
        self.plan(self.filling, [{"tooth": "84", "surfaces": ["O"]}])
        order = self.env["sale.order"].browse(self.chart().action_dental_create_quote()["res_id"])
        odontogram = order._dental_odontogram()
        codes = [tooth["code"] for tooth in odontogram["teeth"]]
        self.assertEqual(len(codes), 52)
        self.assertEqual([tooth["code"] for tooth in odontogram["teeth"] if tooth["planned"]], ["84"])
        self.assertEqual(len(self.make_quote()._dental_odontogram()["teeth"]), 32)
