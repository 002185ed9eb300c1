from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

# Treatments still to be done: planned (maybe quoted) or accepted, not performed nor rejected.
PENDING_STATUSES = ("planned", "accepted")
HYGIENE_MONTHS = 12
ORTHO_YEARS = 2


class ResPartner(models.Model):
    """Figures of the dental lists that the front desk and marketing may filter on: an amount,
    a date, a yes/no, never a tooth. Each is a stored column (indexed) kept by the treatments,
    or a search answered by one SQL query with subqueries; the clinical rows stay unreadable."""

    _inherit = "res.partner"

    dental_currency_id = fields.Many2one("res.currency", compute="_compute_dental_currency_id")
    dental_pending_amount = fields.Monetary(
        string="Pending Dental Work",
        currency_field="dental_currency_id",
        compute="_compute_dental_pending",
        store=True,
        index="btree_not_null",
        help="The price of the treatments planned or accepted and not performed yet.",
    )
    dental_pending_since = fields.Date(
        string="Planned Since",
        compute="_compute_dental_pending",
        store=True,
        index="btree_not_null",
        help="The day the oldest treatment still to be done was planned.",
    )
    dental_pending_product_id = fields.Many2one(
        "product.product",
        string="Pending Treatment",
        compute="_compute_dental_search_only",
        search="_search_dental_pending_product_id",
        help="Search patients with this treatment planned or accepted and not performed.",
    )
    dental_hygiene_due = fields.Boolean(
        string="No Hygiene in 12 Months",
        compute="_compute_dental_search_only",
        search="_search_dental_hygiene_due",
    )
    dental_ortho_open_day = fields.Boolean(
        string="Orthodontic Visit with an Open Quote",
        compute="_compute_dental_search_only",
        search="_search_dental_ortho_open_day",
        help="An orthodontic first visit attended in the last two years and a patient quote still "
        "open: the open-day invitation's list.",
    )

    def _compute_dental_currency_id(self):
        for partner in self:
            partner.dental_currency_id = (partner.company_id or self.env.company).currency_id

    @api.depends(
        "dental_treatment_ids.status",
        "dental_treatment_ids.price",
        "dental_treatment_ids.sale_line_id.order_id.date_order",
    )
    def _compute_dental_pending(self):
        # Stored computes run as superuser (compute_sudo): the figures need the clinical rows.
        # A treatment was planned when it was created, or by the date of the quote presenting it
        # if that is earlier (a plan typed in after the visit, or imported).
        treatments = self.env["healthcare.dental.treatment"].search_fetch(
            [("patient_id", "in", self.ids), ("status", "in", PENDING_STATUSES)],
            ["patient_id", "price", "create_date", "sale_line_id"],
        )
        treatments.sale_line_id.order_id.fetch(["date_order"])
        amounts, since = defaultdict(float), {}
        for treatment in treatments:
            patient = treatment.patient_id.id
            amounts[patient] += treatment.price
            dates = [treatment.create_date, treatment.sale_line_id.order_id.date_order]
            planned = fields.Date.context_today(self, min(date for date in dates if date))  # the clinic's day
            since[patient] = min(since.get(patient, planned), planned)
        for partner in self:
            partner.dental_pending_amount = amounts.get(partner.id, 0.0)
            partner.dental_pending_since = since.get(partner.id, False)

    def _compute_dental_search_only(self):
        # Answered per record by the same searches, one query each for the whole batch.
        hygiene_due = self.search([("id", "in", self.ids), ("dental_hygiene_due", "=", True)])
        open_day = self.search([("id", "in", self.ids), ("dental_ortho_open_day", "=", True)])
        for partner in self:
            partner.dental_pending_product_id = False
            partner.dental_hygiene_due = partner in hygiene_due
            partner.dental_ortho_open_day = partner in open_day

    def _patients_in(self, query, column, positive=True):
        subquery = query.subselect(SQL.identifier(query.table, column))
        return [("id", "in" if positive else "not in", subquery)]

    def _search_dental_pending_product_id(self, operator, value):
        treatments = (
            self.env["healthcare.dental.treatment"]
            .sudo()
            ._search([("status", "in", PENDING_STATUSES), ("product_id", operator, value)])
        )
        return self._patients_in(treatments, "patient_id")

    def _search_dental_hygiene_due(self, operator, value):
        """Patients with no hygiene visit attended, nor cleaning performed, in 12 months."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        due = (operator == "=") == value
        since = fields.Date.context_today(self) - relativedelta(months=HYGIENE_MONTHS)
        cleaned = (
            self.env["healthcare.dental.treatment"]
            .sudo()
            ._search(
                [
                    ("status", "=", "performed"),
                    ("date_performed", ">=", since),
                    ("product_id.dental_kind", "=", "hygiene"),
                ]
            )
        )
        visited = (
            self.env["calendar.event"]
            .sudo()
            ._search(
                [
                    ("attendance", "=", "attended"),
                    ("start", ">=", fields.Datetime.to_datetime(since)),
                    ("appointment_type_id.dental_kind", "=", "hygiene"),
                    ("patient_id", "!=", False),
                ]
            )
        )
        visited_ids = visited.subselect(SQL.identifier(visited.table, "patient_id"))
        cleaned_ids = cleaned.subselect(SQL.identifier(cleaned.table, "patient_id"))
        hygiene = SQL("(SELECT * FROM %s AS v UNION SELECT * FROM %s AS c)", visited_ids, cleaned_ids)
        if due:
            return [("is_patient", "=", True), ("id", "not in", hygiene)]
        return [("id", "in", hygiene)]

    def _search_dental_ortho_open_day(self, operator, value):
        """An orthodontic first visit attended in the last two years and an open patient quote."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        since = fields.Datetime.now() - relativedelta(years=ORTHO_YEARS)
        visits = (
            self.env["calendar.event"]
            .sudo()
            ._search(
                [
                    ("attendance", "=", "attended"),
                    ("start", ">=", since),
                    ("appointment_type_id.dental_kind", "=", "orthodontics"),
                    ("patient_id", "!=", False),
                ]
            )
        )
        quotes = (
            self.env["sale.order"]
            .sudo()
            ._search([("followup_outcome", "=", "open"), ("state", "in", ("draft", "sent"))])
        )
        positive = (operator == "=") == value
        domain = self._patients_in(visits, "patient_id", positive) + self._patients_in(quotes, "partner_id", positive)
        return domain if positive else ["|", *domain]
