from odoo import fields, models, tools
from odoo.osv import expression

# What the monthly counts can answer for: the report's group-bys and measures, and theirs.
MONTHLY_GROUPBY = {
    "practitioner_id": "practitioner_id",
    "appointment_type_id": "appointment_type_id",
    "attendance": "attendance",
    "company_id": "company_id",
    "start:month": "month:month",
    "start:quarter": "month:quarter",
    "start:year": "month:year",
}
MONTHLY_AGGREGATES = {
    "__count": "appointment_count:sum",
    "appointment_count:sum": "appointment_count:sum",
    "attended_count:sum": "attended_count:sum",
    "no_show_count:sum": "no_show_count:sum",
    "no_show_rate:avg": "no_show_rate:avg",
}


class HealthcareAppointmentReport(models.Model):
    """One row per patient appointment, for no-show and attendance rates by type, practitioner and period.

    Grouped reads that the monthly counts can answer (the pivot and graph by practitioner, type,
    attendance and month, over whole months) read those counts instead of every appointment."""

    _name = "healthcare.appointment.report"
    _description = "Appointment Analysis"
    _auto = False
    _order = "start desc"
    _rec_name = "event_id"

    event_id = fields.Many2one("calendar.event", string="Appointment", readonly=True)
    start = fields.Datetime(string="Date", readonly=True)
    patient_id = fields.Many2one("res.partner", string="Patient", readonly=True)
    appointment_type_id = fields.Many2one("healthcare.appointment.type", string="Appointment Type", readonly=True)
    practitioner_id = fields.Many2one("res.users", string="Practitioner", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    # The appointments' own labels, in the reader's language (a callable selection is not translated).
    attendance = fields.Selection(
        lambda self: self.env["calendar.event"]._fields["attendance"]._description_selection(self.env), readonly=True
    )
    appointment_count = fields.Integer(string="Appointments", readonly=True)
    attended_count = fields.Integer(string="Attended", readonly=True)
    no_show_count = fields.Integer(string="No-shows", readonly=True)
    # Empty for appointments not yet attended or missed, so the average is over those that are.
    no_show_rate = fields.Float(string="No-show Rate (%)", aggregator="avg", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS (
                SELECT ev.id AS id,
                       ev.id AS event_id,
                       ev.start,
                       ev.patient_id,
                       ev.appointment_type_id,
                       ev.practitioner_id,
                       ev.company_id,
                       ev.attendance,
                       1 AS appointment_count,
                       (ev.attendance = 'attended')::int AS attended_count,
                       (ev.attendance = 'no_show')::int AS no_show_count,
                       (CASE ev.attendance WHEN 'no_show' THEN 100.0 WHEN 'attended' THEN 0.0 END)::float8
                           AS no_show_rate
                  FROM calendar_event ev
                 WHERE ev.active AND ev.patient_id IS NOT NULL
            )
            """
        )

    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):  # noqa: PLR0917
        monthly = self._monthly_read_group(domain, groupby, aggregates, having, order)
        if monthly is None:
            return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)
        stat_domain, stat_groupby, stat_aggregates, stat_order = monthly
        self.check_access("read")
        rows = self.env["healthcare.appointment.stat"]._read_group(
            stat_domain, stat_groupby, stat_aggregates, offset=offset, limit=limit, order=stat_order
        )
        # A month of the counts is a date; the report's start:month is the month's first moment.
        return [
            tuple(
                fields.Datetime.to_datetime(value) if spec.startswith("start:") and value else value
                for spec, value in zip((*groupby, *aggregates), row, strict=True)
            )
            for row in rows
        ]

    def _monthly_read_group(self, domain, groupby, aggregates, having, order):
        """The same read_group on the monthly counts, or None when they cannot answer it: another
        group-by or measure, a filter on the patient, or a period that does not start and end
        with a month in the reader's time zone (the counts' months are in the clinic's)."""
        Stat = self.env["healthcare.appointment.stat"]
        tz = Stat._report_tz()
        if having or (self.env.context.get("tz") or "UTC") != tz.zone:
            return None
        if not set(groupby) <= MONTHLY_GROUPBY.keys() or not set(aggregates) <= MONTHLY_AGGREGATES.keys():
            return None
        stat_domain = []
        for leaf in expression.normalize_domain(domain or []):
            if not expression.is_leaf(leaf) or leaf in (expression.TRUE_LEAF, expression.FALSE_LEAF):
                stat_domain.append(leaf)
                continue
            fname, operator, value = leaf
            if fname in ("practitioner_id", "appointment_type_id", "attendance", "company_id"):
                stat_domain.append(leaf)
            elif fname == "start" and operator in (">=", "<") and (month := Stat._month_start(value, tz)):
                stat_domain.append(("month", operator, month))
            else:
                return None
        stat_order = None
        if order:
            terms = []
            for term in order.split(","):
                spec, *direction = term.split()
                if spec not in MONTHLY_GROUPBY and spec not in MONTHLY_AGGREGATES:
                    return None
                terms.append(" ".join([MONTHLY_GROUPBY.get(spec) or MONTHLY_AGGREGATES[spec], *direction]))
            stat_order = ", ".join(terms)
        return (
            stat_domain,
            [MONTHLY_GROUPBY[spec] for spec in groupby],
            [MONTHLY_AGGREGATES[spec] for spec in aggregates],
            stat_order,
        )
