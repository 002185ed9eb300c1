from datetime import date, datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

ACTIVE_MONTHS = 18  # a patient seen within this many months is active


class HealthcareDashboard(models.AbstractModel):
    """The figures of the manager's dashboard ("Cuadro de mando"), each with the records behind it.

    Every figure is computed by grouped reads as the reading user (so record rules apply) for a
    period and the one before it; docs/dashboard.md gives each formula. Managers see every
    section; other clinic staff (coordinators) only their own quotes."""

    _name = "healthcare.dashboard"
    _description = "Clinic Dashboard"

    # --- the period -------------------------------------------------------------------------------

    @api.model
    def _period_dates(self, period, date_from=None, date_to=None):
        """(first day, last day) of the period, and of the period before it."""
        today = fields.Date.context_today(self)
        if period == "this_month":
            start = today.replace(day=1)
            end = start + relativedelta(months=1, days=-1)
            months = 1
        elif period == "last_month":
            start = today.replace(day=1) - relativedelta(months=1)
            end = start + relativedelta(months=1, days=-1)
            months = 1
        elif period == "this_quarter":
            start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
            end = start + relativedelta(months=3, days=-1)
            months = 3
        elif period == "this_year":
            start, end, months = date(today.year, 1, 1), date(today.year, 12, 31), 12
        elif period == "custom":
            start, end = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
            if not start or not end or start > end:
                raise UserError(self.env._("Choose a start date on or before the end date."))
            months = None
        else:
            raise UserError(self.env._("Unknown period: %s", period))
        if months:
            previous = (start - relativedelta(months=months), start - timedelta(days=1))
        else:
            previous = (start - (end - start) - timedelta(days=1), start - timedelta(days=1))
        return (start, end), previous

    def _utc_bounds(self, first_day, last_day):
        """The period's dates as UTC moments: from local midnight of the first day to the next
        day's after the last, in the reader's time zone."""
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        return tuple(
            tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
            for day in (first_day, last_day + timedelta(days=1))
        )

    # --- access -------------------------------------------------------------------------------------

    def _scope(self, company_ids, practitioner_id, coordinator_id):
        """What the reader may see: all sections for managers, their own quotes for other staff."""
        user = self.env.user
        if user.has_group("healthcare_crm.group_healthcare_manager"):
            return {
                "full": True,
                "coordinator_id": coordinator_id,
                "practitioner_id": practitioner_id,
                "company_ids": company_ids,
            }
        if user.has_group("healthcare_crm.group_healthcare_receptionist"):
            return {"full": False, "coordinator_id": user.id, "practitioner_id": False, "company_ids": company_ids}
        raise AccessError(self.env._("Only clinic staff can open the clinic's dashboard."))

    # --- the figures --------------------------------------------------------------------------------

    @api.model
    def get_dashboard(
        self,
        period="this_month",
        *,
        date_from=None,
        date_to=None,
        company_ids=None,
        practitioner_id=None,
        coordinator_id=None,
    ):
        scope = self._scope(company_ids or [], practitioner_id or False, coordinator_id or False)
        dates, previous = self._period_dates(period, date_from, date_to)
        return {
            "period": {"from": fields.Date.to_string(dates[0]), "to": fields.Date.to_string(dates[1])},
            "previous": {"from": fields.Date.to_string(previous[0]), "to": fields.Date.to_string(previous[1])},
            "full": scope["full"],
            "currency": self._currency_info(),
            "filters": self._filter_options(scope),
            "sections": self._sections(scope, dates, previous),
        }

    def _sections(self, scope, dates, previous):
        """The sections the reader may see, in their order on the screen (other addons add theirs)."""
        if not scope["full"]:
            return [self._section_quotes(scope, dates, previous), self._section_supervision(scope, dates)]
        return [
            self._section_no_shows(scope, dates, previous),
            self._section_quotes(scope, dates, previous),
            self._section_recalls(scope, dates, previous),
            self._section_growth(scope, dates, previous),
            self._section_average_patient(scope),
            self._section_supervision(scope, dates),
        ]

    def _currency_info(self):
        currency = self.env.company.currency_id
        return {"symbol": currency.symbol, "position": currency.position, "digits": currency.decimal_places}

    def _filter_options(self, scope):
        companies = self.env.user.company_ids
        options = {"companies": [{"id": c.id, "name": c.name} for c in companies] if len(companies) > 1 else []}
        if not scope["full"]:  # their own figures: no practitioner or coordinator to choose
            return {**options, "practitioners": [], "coordinators": []}
        clinicians = self.env.ref("healthcare_crm.group_healthcare_clinician").sudo().users
        practitioners = clinicians.filtered(lambda user: not user.share).sudo(False)
        coordinators = self.env["res.users"].search([("share", "=", False)])
        return {
            **options,
            "practitioners": [{"id": p.id, "name": p.name} for p in practitioners],
            "coordinators": [{"id": u.id, "name": u.name} for u in coordinators],
        }

    @staticmethod
    def _ratio(part, whole):
        return round(100.0 * part / whole, 1) if whole else None

    def _figure(self, key, label, value, previous=None, kind="number", model=None, domain=None, name=None):  # noqa: PLR0917
        figure = {"key": key, "label": label, "value": value, "previous": previous, "kind": kind}
        if model:
            figure["action"] = {"res_model": model, "domain": domain or [], "name": name or label}
        return figure

    def _row(self, label, values, model=None, domain=None):
        """A table row; with a model, clicking it opens the records of domain."""
        row = {"label": label, "values": values}
        if model:
            row["action"] = {"res_model": model, "domain": domain, "name": label}
        return row

    def _figure_table(self, title, columns, kinds, rows):
        return {"title": title, "columns": columns, "kinds": kinds, "rows": rows}

    def _no_show_rate(self, counts):
        """No-shows among the appointments attended or missed, of {attendance: count}."""
        return self._ratio(counts.get("no_show", 0), counts.get("no_show", 0) + counts.get("attended", 0))

    def _acceptance_table(self, title, counts, label, domain):
        """Accepted, rejected and the acceptance per key of counts ({key: {outcome: quotes}}), in
        the order given; label(key) names a row and domain(key) gives its quotes."""
        return self._figure_table(
            title,
            [self.env._("Accepted"), self.env._("Rejected"), self.env._("Acceptance")],
            ["number", "number", "percent"],
            [
                self._row(
                    label(key),
                    [
                        found["accepted"],
                        found["rejected"],
                        self._ratio(found["accepted"], found["accepted"] + found["rejected"]),
                    ],
                    "sale.order",
                    domain(key),
                )
                for key, found in counts
            ],
        )

    def _company_domain(self, scope):
        return [("company_id", "in", scope["company_ids"])] if scope["company_ids"] else []

    # No-shows: no-shows / (attended + no-shows) of the patient appointments in the period.
    def _appointments_domain(self, scope, period):
        since, until = self._utc_bounds(*period)
        domain = [("patient_id", "!=", False), ("start", ">=", since), ("start", "<", until)]
        if scope["practitioner_id"]:
            domain.append(("practitioner_id", "=", scope["practitioner_id"]))
        return domain + self._company_domain(scope)

    def _attendance_counts(self, domain):
        return dict(self.env["calendar.event"]._read_group(domain, ["attendance"], ["__count"]))

    def _section_no_shows(self, scope, period, previous):
        domain = self._appointments_domain(scope, period)
        now = self._attendance_counts(domain)
        before = self._attendance_counts(self._appointments_domain(scope, previous))

        decided = [*domain, ("attendance", "in", ("attended", "no_show"))]
        late = [*domain, ("late_cancellation", "=", True)]
        before_late = [*self._appointments_domain(scope, previous), ("late_cancellation", "=", True)]
        Event = self.env["calendar.event"]
        return {
            "key": "no_shows",
            "title": self.env._("Attendance"),
            "figures": [
                self._figure(
                    "no_show_rate",
                    self.env._("No-show rate"),
                    self._no_show_rate(now),
                    self._no_show_rate(before),
                    "percent",
                    "calendar.event",
                    [*domain, ("attendance", "=", "no_show")],
                    self.env._("No-shows"),
                ),
                self._figure(
                    "attended",
                    self.env._("Attended"),
                    now.get("attended", 0),
                    before.get("attended", 0),
                    model="calendar.event",
                    domain=[*domain, ("attendance", "=", "attended")],
                ),
                self._figure(
                    "no_shows",
                    self.env._("No-shows"),
                    now.get("no_show", 0),
                    before.get("no_show", 0),
                    model="calendar.event",
                    domain=[*domain, ("attendance", "=", "no_show")],
                ),
                self._figure(
                    "cancelled",
                    self.env._("Cancelled"),
                    now.get("cancelled", 0),
                    before.get("cancelled", 0),
                    model="calendar.event",
                    domain=[*domain, ("attendance", "=", "cancelled")],
                ),
                self._figure(
                    "late_cancellations",
                    self.env._("Late cancellations"),
                    Event.search_count(late),
                    Event.search_count(before_late),
                    model="calendar.event",
                    domain=late,
                ),
            ],
            "tables": [
                self._attendance_table(decided, "practitioner_id", self.env._("By practitioner")),
                self._attendance_table(decided, "appointment_type_id", self.env._("By appointment type")),
            ],
        }

    def _attendance_table(self, decided, fname, title):
        """Attended, no-shows and the no-show rate per value of fname (practitioner, type)."""
        counts = {}
        for value, attendance, count in self.env["calendar.event"]._read_group(
            decided, [fname, "attendance"], ["__count"]
        ):
            counts.setdefault(value, {"attended": 0, "no_show": 0})[attendance] = count
        nobody = self.env._("Not set")
        return self._figure_table(
            title,
            [self.env._("Attended"), self.env._("No-shows"), self.env._("No-show rate")],
            ["number", "number", "percent"],
            [
                self._row(
                    value.display_name or nobody,
                    [found["attended"], found["no_show"], self._no_show_rate(found)],
                    "calendar.event",
                    [*decided, (fname, "=", value.id)],
                )
                for value, found in sorted(counts.items(), key=lambda item: item[0].display_name or "")
            ],
        )

    # Quotes: those delivered in the period (by quote date); acceptance among those decided.
    def _quotes_domain(self, scope, period=None):
        domain = [("is_patient_quote", "=", True), ("state", "!=", "cancel")]
        if period:
            since, until = self._utc_bounds(*period)
            domain += [("date_order", ">=", since), ("date_order", "<", until)]
        if scope["coordinator_id"]:
            domain.append(("user_id", "=", scope["coordinator_id"]))
        return domain + self._company_domain(scope)

    def _quote_counts(self, domain):
        """{outcome: (count, amount)} of the quotes of domain, amounts in the company currency."""
        return {
            outcome: (count, amount)
            for outcome, count, amount in self.env["sale.order"]._read_group(
                domain, ["followup_outcome"], ["__count", "amount_untaxed:sum"]
            )
        }

    def _acceptance(self, counts, index):
        accepted = counts.get("accepted", (0, 0))[index]
        return self._ratio(accepted, accepted + counts.get("rejected", (0, 0))[index])

    def _section_quotes(self, scope, period, previous):
        Order = self.env["sale.order"]
        domain, before_domain = self._quotes_domain(scope, period), self._quotes_domain(scope, previous)
        now, before = self._quote_counts(domain), self._quote_counts(before_domain)
        decided = [*domain, ("followup_outcome", "in", ("accepted", "rejected"))]

        def delivered(counts, index):
            return sum(values[index] for values in counts.values())

        def days_to_decision(quote_domain):
            quotes = Order.search_fetch(
                [*quote_domain, ("followup_outcome", "in", ("accepted", "rejected")), ("decision_date", "!=", False)],
                ["date_order", "decision_date"],
            )
            days = [(quote.decision_date - quote.date_order.date()).days for quote in quotes]
            return round(sum(days) / len(days), 1) if days else None

        open_domain = [*self._quotes_domain(scope), ("followup_outcome", "=", "open")]
        in_the_air = [*open_domain, ("followup_in_the_air", "=", True)]
        stages = [
            self._row(stage.name, [count, amount], "sale.order", [*open_domain, ("followup_stage_id", "=", stage.id)])
            for stage, count, amount in Order._read_group(
                open_domain, ["followup_stage_id"], ["__count", "amount_untaxed:sum"]
            )
        ]
        rejected = [*domain, ("followup_outcome", "=", "rejected")]
        reasons = Order._read_group(rejected, ["rejection_reason_id"], ["__count"])
        reasons.sort(key=lambda row: (-row[1], row[0].name or ""))
        per_user = {}
        for user, outcome, count in Order._read_group(decided, ["user_id", "followup_outcome"], ["__count"]):
            per_user.setdefault(user, {"accepted": 0, "rejected": 0})[outcome] = count
        return {
            "key": "quotes",
            "title": self.env._("Quotes"),
            "figures": [
                self._figure(
                    "delivered",
                    self.env._("Quotes delivered"),
                    delivered(now, 0),
                    delivered(before, 0),
                    model="sale.order",
                    domain=domain,
                ),
                self._figure(
                    "delivered_amount",
                    self.env._("Amount quoted"),
                    delivered(now, 1),
                    delivered(before, 1),
                    "monetary",
                    "sale.order",
                    domain,
                ),
                self._figure(
                    "acceptance_count",
                    self.env._("Acceptance (quotes)"),
                    self._acceptance(now, 0),
                    self._acceptance(before, 0),
                    "percent",
                    "sale.order",
                    [*domain, ("followup_outcome", "=", "accepted")],
                    self.env._("Accepted quotes"),
                ),
                self._figure(
                    "acceptance_amount",
                    self.env._("Acceptance (amount)"),
                    self._acceptance(now, 1),
                    self._acceptance(before, 1),
                    "percent",
                    "sale.order",
                    [*domain, ("followup_outcome", "=", "accepted")],
                    self.env._("Accepted quotes"),
                ),
                self._figure(
                    "days_to_decision",
                    self.env._("Days to decision"),
                    days_to_decision(domain),
                    days_to_decision(before_domain),
                    "days",
                    "sale.order",
                    decided,
                    self.env._("Decided quotes"),
                ),
                self._figure(
                    "in_the_air",
                    self.env._("Quotes in the air"),
                    Order.search_count(in_the_air),
                    None,
                    model="sale.order",
                    domain=in_the_air,
                ),
            ],
            "tables": [
                self._figure_table(
                    self.env._("Open pipeline by stage"),
                    [self.env._("Quotes"), self.env._("Amount")],
                    ["number", "monetary"],
                    stages,
                ),
                self._figure_table(
                    self.env._("Rejection reasons"),
                    [self.env._("Quotes")],
                    ["number"],
                    [
                        self._row(
                            reason.name or self.env._("No reason"),
                            [count],
                            "sale.order",
                            [*rejected, ("rejection_reason_id", "=", reason.id)],
                        )
                        for reason, count in reasons
                    ],
                ),
                self._acceptance_table(
                    self.env._("Acceptance by coordinator"),
                    sorted(per_user.items(), key=lambda item: item[0].name or ""),
                    lambda user: user.name or self.env._("Nobody"),
                    lambda user: [*decided, ("user_id", "=", user.id)],
                ),
                self._acceptance_by_treatment(decided),
            ],
        }

    def _acceptance_by_treatment(self, decided):
        """Per treatment (product), how many of the decided quotes quoting it were accepted."""
        counts = {}
        for outcome in ("accepted", "rejected"):
            for product, orders in self.env["sale.order.line"]._read_group(
                [
                    ("order_id", "any", [*decided, ("followup_outcome", "=", outcome)]),
                    ("product_id", "!=", False),
                    ("display_type", "=", False),
                ],
                ["product_id"],
                ["order_id:count_distinct"],
            ):
                counts.setdefault(product, {"accepted": 0, "rejected": 0})[outcome] = orders
        return self._acceptance_table(
            self.env._("Acceptance by treatment"),
            sorted(counts.items(), key=lambda item: -(item[1]["accepted"] + item[1]["rejected"]))[:10],
            lambda product: product.display_name,
            lambda product: [*decided, ("order_line.product_id", "=", product.id)],
        )

    # Recalls and retention.
    def _recall_counts(self, scope, period):
        domain = [("due_date", ">=", period[0]), ("due_date", "<=", period[1]), ("state", "!=", "cancelled")]
        domain += self._company_domain(scope)
        counts = dict(self.env["healthcare.recall"]._read_group(domain, ["state"], ["__count"]))
        return domain, counts

    def _booked_in_time(self, domain):
        """The recalls of domain whose appointment was booked within 30 days of their due date."""
        recalls = self.env["healthcare.recall"]._search(domain)
        self.env.cr.execute(
            SQL(
                """SELECT r.id FROM healthcare_recall r JOIN calendar_event e ON e.id = r.appointment_id
                    WHERE r.id IN %s AND e.create_date < r.due_date + 31""",
                recalls.subselect(),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _section_recalls(self, scope, period, previous):
        Partner = self.env["res.partner"]
        domain, now = self._recall_counts(scope, period)
        before_domain, before = self._recall_counts(scope, previous)

        active_since = fields.Datetime.now() - relativedelta(months=ACTIVE_MONTHS)
        active = [("is_patient", "=", True), ("last_visit_date", ">=", active_since), *self._company_domain(scope)]
        active_count = Partner.search_count(active)
        booked_ahead = [*active, ("next_appointment_date", ">=", fields.Datetime.now())]
        return {
            "key": "recalls",
            "title": self.env._("Recalls and retention"),
            "figures": [
                self._figure(
                    "recalls_due",
                    self.env._("Recalls due"),
                    sum(now.values()),
                    sum(before.values()),
                    model="healthcare.recall",
                    domain=domain,
                ),
                self._figure(
                    "recalls_booked",
                    self.env._("Recalls booked within 30 days"),
                    self._ratio(len(booked := self._booked_in_time(domain)), sum(now.values())),
                    self._ratio(len(self._booked_in_time(before_domain)), sum(before.values())),
                    "percent",
                    "healthcare.recall",
                    [("id", "in", booked)],
                ),
                self._figure(
                    "recalls_done",
                    self.env._("Recalls attended"),
                    self._ratio(now.get("done", 0), sum(now.values())),
                    self._ratio(before.get("done", 0), sum(before.values())),
                    "percent",
                    "healthcare.recall",
                    [*domain, ("state", "=", "done")],
                ),
                self._figure(
                    "active_patients",
                    self.env._("Active patients"),
                    active_count,
                    None,
                    model="res.partner",
                    domain=active,
                ),
                self._figure(
                    "booked_ahead",
                    self.env._("Active with a next appointment"),
                    self._ratio(Partner.search_count(booked_ahead), active_count),
                    None,
                    "percent",
                    "res.partner",
                    booked_ahead,
                ),
                self._figure(
                    "reactivated",
                    self.env._("Reactivated patients"),
                    len(reactivated := self._reactivated(scope, period)),
                    len(self._reactivated(scope, previous)),
                    model="res.partner",
                    domain=[("id", "in", reactivated)],
                ),
                self._figure(
                    "retention",
                    self.env._("Retention, year on year"),
                    self._retention(scope, period[1]),
                    self._retention(scope, previous[1]),
                    "percent",
                    "res.partner",
                    self._retained_domain(scope, period[1]),
                    self.env._("Patients seen again"),
                ),
            ],
            "tables": [],
        }

    def _visits_query(self, scope, since, until):
        """The attended patient appointments from since to until that the reader may see, as a Query."""
        return self.env["calendar.event"]._search(
            [
                ("patient_id", "!=", False),
                ("attendance", "=", "attended"),
                ("start", ">=", since),
                ("start", "<", until),
                *self._company_domain(scope),
            ]
        )

    def _reactivated(self, scope, period):
        """Patients who came in the period after more than 18 months without a visit (and had
        come before that)."""
        since, until = self._utc_bounds(*period)
        lapsed_since = since - relativedelta(months=ACTIVE_MONTHS)
        visits = self._visits_query(scope, since, until)
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT v.patient_id FROM calendar_event v
                WHERE v.id IN %(visits)s
                  AND EXISTS (SELECT 1 FROM calendar_event b WHERE b.patient_id = v.patient_id AND b.active
                                 AND b.attendance = 'attended' AND b.start < %(lapsed)s)
                  AND NOT EXISTS (SELECT 1 FROM calendar_event b WHERE b.patient_id = v.patient_id AND b.active
                                 AND b.attendance = 'attended' AND b.start >= %(lapsed)s AND b.start < %(since)s)""",
                visits=visits.subselect(),
                lapsed=lapsed_since,
                since=since,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _retention_years(self, last_day):
        """(two years, one year, a day) before the end of last_day: the two years retention compares."""
        until = self._utc_bounds(last_day, last_day)[1]
        return until - relativedelta(years=2), until - relativedelta(years=1), until

    def _retained_domain(self, scope, last_day):
        """The patients _retention counts as seen again, as a domain to open them."""
        two_years_ago, year_ago, until = self._retention_years(last_day)

        def visited(since, before):
            return (
                "meeting_ids",
                "any",
                [("attendance", "=", "attended"), ("start", ">=", since), ("start", "<", before)],
            )

        return [
            ("is_patient", "=", True),
            visited(two_years_ago, year_ago),
            visited(year_ago, until),
            *self._company_domain(scope),
        ]

    def _retention(self, scope, last_day):
        """Of the patients seen in the year before the last twelve months to last_day, the share
        seen again in those twelve months."""
        two_years_ago, year_ago, until = self._retention_years(last_day)
        earlier, recent = self._visits_query(scope, two_years_ago, year_ago), self._visits_query(scope, year_ago, until)
        patient = SQL.identifier("calendar_event", "patient_id")
        self.env.cr.execute(
            SQL(
                """SELECT COUNT(*), COUNT(*) FILTER (WHERE e.patient_id IN (%(recent)s))
                     FROM (%(earlier)s) e""",
                earlier=earlier.select(SQL("DISTINCT %s AS patient_id", patient)),
                recent=recent.select(patient),
            )
        )
        seen, again = self.env.cr.fetchone()
        return self._ratio(again, seen)

    # Growth: new patients (registered in the period) by source; first visits that accepted a quote.
    def _new_patients_domain(self, scope, period):
        since, until = self._utc_bounds(*period)
        return [
            ("is_patient", "=", True),
            ("create_date", ">=", since),
            ("create_date", "<", until),
            *self._company_domain(scope),
        ]

    def _section_growth(self, scope, period, previous):
        Partner = self.env["res.partner"]
        new = self._new_patients_domain(scope, period)
        since, until = self._utc_bounds(*period)
        first_visits = [
            ("is_patient", "=", True),
            ("first_visit_date", ">=", since),
            ("first_visit_date", "<", until),
            *self._company_domain(scope),
        ]
        visited = Partner.search(first_visits)
        accepted = self.env["sale.order"]._read_group(
            [("partner_id", "in", visited.ids), ("followup_outcome", "=", "accepted")], ["partner_id"]
        )
        converted = [partner.id for (partner,) in accepted]
        by_source = Partner._read_group(new, ["source_id"], ["__count"])
        return {
            "key": "growth",
            "title": self.env._("Growth"),
            "figures": [
                self._figure(
                    "new_patients",
                    self.env._("New patients"),
                    Partner.search_count(new),
                    Partner.search_count(self._new_patients_domain(scope, previous)),
                    model="res.partner",
                    domain=new,
                ),
                self._figure(
                    "first_visits",
                    self.env._("First visits"),
                    len(visited),
                    None,
                    model="res.partner",
                    domain=first_visits,
                ),
                self._figure(
                    "first_visit_conversion",
                    self.env._("First visits with an accepted quote"),
                    self._ratio(len(converted), len(visited)),
                    None,
                    "percent",
                    "res.partner",
                    [("id", "in", converted)],
                ),
            ],
            "tables": [
                self._figure_table(
                    self.env._("New patients by source"),
                    [self.env._("Patients")],
                    ["number"],
                    [
                        self._row(
                            source.name or self.env._("Unknown"),
                            [count],
                            "res.partner",
                            [*new, ("source_id", "=", source.id)],
                        )
                        for source, count in sorted(by_source, key=lambda row: -row[1])
                    ],
                ),
                self._figure_table(
                    self.env._("New patients by month"),
                    [self.env._("Patients")],
                    ["number"],
                    [
                        self._row(group["create_date:month"], [group["__count"]], "res.partner", group["__domain"])
                        for group in Partner.read_group(new, ["create_date"], ["create_date:month"], lazy=False)
                    ],
                ),
                self._figure_table(
                    self.env._("Referrals by referring patient"),
                    [self.env._("Patients")],
                    ["number"],
                    [
                        self._row(
                            referrer.display_name,
                            [count],
                            "res.partner",
                            [*new, ("referred_by_id", "=", referrer.id)],
                        )
                        for referrer, count in sorted(
                            Partner._read_group(
                                [*new, ("referred_by_id", "!=", False)], ["referred_by_id"], ["__count"]
                            ),
                            key=lambda row: -row[1],
                        )[:10]
                    ],
                ),
            ],
        }

    # The average patient ("paciente medio"): who the clinic's patients are and what they bring.
    def _section_average_patient(self, scope):
        Partner = self.env["res.partner"]
        patients = [("is_patient", "=", True), *self._company_domain(scope)]
        now = fields.Datetime.now()
        year_ago = now - relativedelta(years=1)
        # Every distribution and the total in one scan of the patients the reader may see: one
        # grouping set per dimension, told apart by GROUPING()'s bits (1 = not grouped by).
        dimensions = ("age_band", "gender", "city", "source_id", "insurer_id")
        columns = [SQL.identifier("p", name) for name in dimensions]
        self.env.cr.execute(
            SQL(
                "SELECT GROUPING(%(columns)s), %(columns)s, COUNT(*) FROM (%(patients)s) p "
                "GROUP BY GROUPING SETS (%(sets)s, ())",
                columns=SQL(", ").join(columns),
                patients=Partner._search(patients).select(
                    *(SQL.identifier(Partner._table, name) for name in dimensions)
                ),
                sets=SQL(", ").join(SQL("(%s)", column) for column in columns),
            )
        )
        everything = (1 << len(dimensions)) - 1
        counts, total = {name: [] for name in dimensions}, 0
        for mask, *values, count in self.env.cr.fetchall():
            if mask == everything:
                total = count
                continue
            index = next(n for n in range(len(dimensions)) if mask == everything - (1 << (len(dimensions) - 1 - n)))
            counts[dimensions[index]].append((values[index], count))

        def distribution(fname, title):
            field = Partner._fields[fname]
            labels = dict(field._description_selection(self.env)) if field.type == "selection" else {}
            comodel = self.env[field.comodel_name] if field.relational else None
            rows = []
            for value, count in sorted(counts[fname], key=lambda row: -row[1])[:8]:
                if comodel is not None:
                    label = comodel.browse(value).display_name if value else self.env._("Unknown")
                else:
                    label = labels.get(value, value) or self.env._("Unknown")
                rows.append(
                    self._row(
                        label,
                        [count, self._ratio(count, total)],
                        "res.partner",
                        [*patients, (fname, "=", value or False)],
                    )
                )
            return self._figure_table(title, [self.env._("Patients"), self.env._("Share")], ["number", "percent"], rows)

        visits_domain = [
            ("patient_id", "!=", False),
            ("attendance", "=", "attended"),
            ("start", ">=", year_ago),
            *self._company_domain(scope),
        ]
        visits = self.env["calendar.event"].search_count(visits_domain)
        seen = Partner.search_count([*patients, ("last_visit_date", ">=", year_ago)])
        billed_domain = [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("partner_id.is_patient", "=", True),
            *self._company_domain(scope),
        ]
        invoices = [*billed_domain, ("invoice_date", ">=", year_ago.date())]
        [(invoice_count, invoiced)] = self.env["account.move"]._read_group(
            invoices, [], ["__count", "amount_untaxed_signed:sum"]
        )
        [(billed, residual, billed_patients)] = self.env["account.move"]._read_group(
            billed_domain,
            [],
            ["amount_total_signed:sum", "amount_residual_signed:sum", "partner_id:count_distinct"],
        )
        paying = [*patients, ("lifetime_invoiced", ">", 0)]
        [(lifetime, paying_count)] = Partner._read_group(paying, [], ["lifetime_invoiced:avg", "__count"])
        # One aggregate over the patients the reader may see, not their rows.
        seen_twice_domain = [*patients, ("first_visit_date", "!=", False), ("last_visit_date", "!=", False)]
        seen_twice = Partner._search(seen_twice_domain)
        self.env.cr.execute(
            seen_twice.select(
                SQL(
                    "AVG(EXTRACT(EPOCH FROM %s - %s)) / 86400 / 365.25",
                    SQL.identifier(seen_twice.table, "last_visit_date"),
                    SQL.identifier(seen_twice.table, "first_visit_date"),
                )
            )
        )
        [years] = self.env.cr.fetchone()
        return {
            "key": "average_patient",
            "title": self.env._("The average patient"),
            "figures": [
                self._figure("patients", self.env._("Patients"), total, None, "number", "res.partner", patients),
                self._figure(
                    "visits_per_year",
                    self.env._("Visits a year"),
                    round(visits / seen, 1) if seen else None,
                    None,
                    "decimal",
                    "calendar.event",
                    visits_domain,
                    self.env._("Visits of the last 12 months"),
                ),
                self._figure(
                    "average_ticket",
                    self.env._("Average invoice"),
                    round(invoiced / invoice_count, 2) if invoice_count else None,
                    None,
                    "monetary",
                    "account.move",
                    invoices,
                    self.env._("Invoices"),
                ),
                self._figure(
                    "lifetime_value",
                    self.env._("Lifetime invoiced"),
                    round(lifetime or 0, 2) if paying_count else None,
                    None,
                    "monetary",
                    "res.partner",
                    paying,
                ),
                self._figure(
                    "lifetime_paid",
                    self.env._("Lifetime paid"),
                    round((billed - residual) / billed_patients, 2) if billed_patients else None,
                    None,
                    "monetary",
                    "account.move",
                    billed_domain,
                    self.env._("Invoices"),
                ),
                self._figure(
                    "lifetime_years",
                    self.env._("Years as a patient"),
                    round(float(years), 1) if years is not None else None,
                    None,
                    "decimal",
                    "res.partner",
                    seen_twice_domain,
                ),
            ],
            "tables": [
                distribution("age_band", self.env._("Age")),
                distribution("gender", self.env._("Gender")),
                distribution("city", self.env._("City")),
                distribution("source_id", self.env._("Acquisition source")),
                distribution("insurer_id", self.env._("Insurer")),
            ],
        }

    # Supervision: per person, actions logged in the period, overdue tasks now, quotes in the air.
    def _section_supervision(self, scope, period):
        since, until = self._utc_bounds(*period)
        actions = [("date", ">=", since), ("date", "<", until), ("user_id", "!=", False)]
        overdue = [
            ("date_deadline", "<", fields.Date.context_today(self)),
            ("res_model", "in", ("res.partner", "sale.order", "calendar.event", "healthcare.recall")),
        ]
        air = [*self._quotes_domain(scope), ("followup_in_the_air", "=", True)]
        if scope["coordinator_id"]:
            actions.append(("user_id", "=", scope["coordinator_id"]))
            overdue.append(("user_id", "=", scope["coordinator_id"]))
        rows = {}
        for user, count in self.env["healthcare.interaction"]._read_group(actions, ["user_id"], ["__count"]):
            rows.setdefault(user, [0, 0, 0])[0] = count
        for user, count in self.env["mail.activity"]._read_group(overdue, ["user_id"], ["__count"]):
            rows.setdefault(user, [0, 0, 0])[1] = count
        for user, count in self.env["sale.order"]._read_group(air, ["user_id"], ["__count"]):
            rows.setdefault(user, [0, 0, 0])[2] = count
        return {
            "key": "supervision",
            "title": self.env._("Supervision"),
            "figures": [],
            "tables": [
                self._figure_table(
                    self.env._("By person"),
                    [self.env._("Actions logged"), self.env._("Overdue tasks"), self.env._("Quotes in the air")],
                    ["number", "number", "number"],
                    [
                        self._row(
                            user.name or self.env._("Nobody"), values, "sale.order", [*air, ("user_id", "=", user.id)]
                        )
                        for user, values in sorted(rows.items(), key=lambda item: item[0].name or "")
                    ],
                )
            ],
        }
