from collections import Counter
from datetime import date

import pytz

from odoo import api, fields, models
from odoo.tools import SQL


class HealthcareAppointmentStat(models.Model):
    """Patient appointments counted per month, practitioner, type and attendance, so the no-show
    report reads a few thousand rows instead of every appointment of the year.

    Rows are changes (+n or -n), only ever inserted: two receptionists marking appointments of the
    same practitioner and month never update the same row, so they never conflict. A daily job sums
    them into one row per count. Months are in the clinic's time zone (``report_tz``)."""

    _name = "healthcare.appointment.stat"
    _description = "Appointment Count"
    _log_access = False
    _order = "month desc"

    month = fields.Date(required=True, readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    practitioner_id = fields.Many2one("res.users", string="Practitioner", readonly=True)
    appointment_type_id = fields.Many2one("healthcare.appointment.type", string="Appointment Type", readonly=True)
    attendance = fields.Selection(
        lambda self: self.env["calendar.event"]._fields["attendance"]._description_selection(self.env), readonly=True
    )
    appointment_count = fields.Integer(string="Appointments", readonly=True)
    # Counted from the rows above in _read_group_select; they hold nothing themselves.
    attended_count = fields.Integer(string="Attended", compute="_compute_counts", aggregator="sum")
    no_show_count = fields.Integer(string="No-shows", compute="_compute_counts", aggregator="sum")
    no_show_rate = fields.Float(string="No-show Rate (%)", compute="_compute_counts", aggregator="avg")

    @api.depends("attendance", "appointment_count")
    def _compute_counts(self):
        for row in self:
            row.attended_count = row.appointment_count if row.attendance == "attended" else 0
            row.no_show_count = row.appointment_count if row.attendance == "no_show" else 0
            row.no_show_rate = {"no_show": 100.0, "attended": 0.0}.get(row.attendance, 0.0)

    def _read_group_select(self, aggregate_spec, query):
        count = self._field_to_sql(self._table, "appointment_count", query)
        attendance = self._field_to_sql(self._table, "attendance", query)
        of = lambda state: SQL("SUM(CASE WHEN %s = %s THEN %s ELSE 0 END)", attendance, state, count)  # noqa: E731
        if aggregate_spec == "attended_count:sum":
            return of("attended")
        if aggregate_spec == "no_show_count:sum":
            return of("no_show")
        if aggregate_spec == "no_show_rate:avg":
            # Missed among those attended or missed: a ratio of sums, not an average of months.
            return SQL("100.0::float8 * %s / NULLIF(%s + %s, 0)", of("no_show"), of("no_show"), of("attended"))
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _report_tz(self):
        """The clinic's time zone, which says in which month an appointment falls (the parameter
        healthcare_crm.report_tz, set when the counts are first made)."""
        name = self.env["ir.config_parameter"].sudo().get_param("healthcare_crm.report_tz")
        return pytz.timezone(name) if name in pytz.all_timezones_set else pytz.utc

    @api.model
    def _month_of(self, moment, tz):
        return pytz.utc.localize(moment).astimezone(tz).date().replace(day=1)

    @api.model
    def _counts_of(self, events):
        """How many appointments each (month, company, practitioner, type, attendance) has among events."""
        tz = self._report_tz()
        return Counter(
            (
                self._month_of(event.start, tz),
                event.company_id.id,
                event.practitioner_id.id,
                event.appointment_type_id.id,
                event.attendance,
            )
            for event in events.sudo().with_context(active_test=False)
            if event.active and event.patient_id and event.start
        )

    @api.model
    def _record_change(self, before, after):
        """Insert the difference between two Counters of _counts_of, in one INSERT."""
        change = Counter(after)
        change.subtract(before)
        rows = [(*key, count) for key, count in change.items() if count]
        if not rows:
            return
        self.env.cr.execute(
            SQL(
                "INSERT INTO healthcare_appointment_stat "
                "(month, company_id, practitioner_id, appointment_type_id, attendance, appointment_count) VALUES %s",
                SQL(", ").join(SQL("(%s, %s, %s, %s, %s, %s)", *[value or None for value in row]) for row in rows),
            )
        )

    def _counts_sql(self):
        return SQL(
            """SELECT (date_trunc('month', timezone(%(tz)s, timezone('UTC', ev.start))))::date,
                      ev.company_id, ev.practitioner_id, ev.appointment_type_id, ev.attendance, COUNT(*)
                 FROM calendar_event ev
                WHERE ev.active AND ev.patient_id IS NOT NULL AND ev.start IS NOT NULL
                GROUP BY 1, 2, 3, 4, 5""",
            tz=self._report_tz().zone,
        )

    @api.model
    def _rebuild(self):
        """Count every appointment again (at install and upgrade, or after a change made in SQL).
        The first time, the months are set in the main company's time zone, else the administrator's."""
        Parameters = self.env["ir.config_parameter"].sudo()
        if not Parameters.get_param("healthcare_crm.report_tz"):
            company, admin = self.env.ref("base.main_company").sudo(), self.env.ref("base.user_admin").sudo()
            Parameters.set_param("healthcare_crm.report_tz", company.partner_id.tz or admin.tz or "UTC")
        self.env.flush_all()
        self.env.cr.execute(SQL("LOCK TABLE healthcare_appointment_stat IN SHARE ROW EXCLUSIVE MODE"))
        self.env.cr.execute(SQL("DELETE FROM healthcare_appointment_stat"))
        self.env.cr.execute(
            SQL(
                "INSERT INTO healthcare_appointment_stat "
                "(month, company_id, practitioner_id, appointment_type_id, attendance, appointment_count) %s",
                self._counts_sql(),
            )
        )
        self.env.invalidate_all()

    @api.model
    def _cron_compact(self):
        """One row per count: sum the changes recorded so far (those committed after the job's
        snapshot are left as they are, for the next run)."""
        self.env.cr.execute(
            SQL(
                """WITH gone AS (DELETE FROM healthcare_appointment_stat RETURNING *)
                   INSERT INTO healthcare_appointment_stat
                          (month, company_id, practitioner_id, appointment_type_id, attendance, appointment_count)
                   SELECT month, company_id, practitioner_id, appointment_type_id, attendance, SUM(appointment_count)
                     FROM gone
                    GROUP BY month, company_id, practitioner_id, appointment_type_id, attendance
                   HAVING SUM(appointment_count) <> 0"""
            )
        )
        self.env.invalidate_all()

    def init(self):
        # Counts of the appointments already there, and again after each upgrade, once every
        # model's columns exist.
        self.pool.post_init(self._rebuild)

    @api.model
    def _month_start(self, value, tz):
        """The first day of the month value starts, in tz, or None when it is not a month's start."""
        moment = fields.Datetime.to_datetime(value)
        if not moment:
            return None
        local = pytz.utc.localize(moment).astimezone(tz)
        if (local.day, local.hour, local.minute, local.second, local.microsecond) != (1, 0, 0, 0, 0):
            return None
        return date(local.year, local.month, 1)
