from odoo import fields, models, tools


class HealthcareQuoteReport(models.Model):
    """Quoted vs invoiced vs paid, one row per patient quote, for accountants and managers."""

    _name = "healthcare.quote.report"
    _description = "Quotes, Invoices and Payments"
    _auto = False
    _order = "date desc"
    _rec_name = "order_id"

    order_id = fields.Many2one("sale.order", string="Quote", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Patient", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date = fields.Datetime(string="Quote Date", readonly=True)
    followup_stage_id = fields.Many2one("healthcare.quote.stage", string="Stage", readonly=True)
    amount_quoted = fields.Monetary(string="Quoted", readonly=True)
    amount_invoiced = fields.Monetary(string="Invoiced", readonly=True)
    amount_paid = fields.Monetary(string="Paid", readonly=True)
    amount_due = fields.Monetary(string="Due", readonly=True)

    def init(self):
        # Invoices reach a quote through its lines; a refund counts negatively. Amounts in
        # the company currency (the *_signed columns). Patient quotes by the stored flag: a
        # join to the patients would read every partner (250 ms at 100k patients).
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS (
                WITH order_moves AS (
                    SELECT DISTINCT sol.order_id, aml.move_id
                      FROM sale_order_line sol
                      JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id
                      JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                ), invoiced AS (
                    SELECT om.order_id,
                           SUM(am.amount_total_signed) AS invoiced,
                           SUM(am.amount_total_signed - am.amount_residual_signed) AS paid
                      FROM order_moves om
                      JOIN account_move am ON am.id = om.move_id
                     WHERE am.state = 'posted' AND am.move_type IN ('out_invoice', 'out_refund')
                  GROUP BY om.order_id
                )
                SELECT so.id AS id,
                       so.id AS order_id,
                       so.partner_id,
                       so.user_id,
                       so.company_id,
                       company.currency_id,
                       so.date_order AS date,
                       so.followup_stage_id,
                       so.amount_total / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount_quoted,
                       COALESCE(invoiced.invoiced, 0) AS amount_invoiced,
                       COALESCE(invoiced.paid, 0) AS amount_paid,
                       COALESCE(invoiced.invoiced, 0) - COALESCE(invoiced.paid, 0) AS amount_due
                  FROM sale_order so
                  JOIN res_company company ON company.id = so.company_id
             LEFT JOIN invoiced ON invoiced.order_id = so.id
                 WHERE so.state != 'cancel' AND so.is_patient_quote
            )
            """
        )
