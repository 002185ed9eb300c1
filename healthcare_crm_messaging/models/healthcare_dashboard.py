from odoo import models
from odoo.tools import SQL

SENT = ("sent", "delivered", "read")
MARKETING_PURPOSES = ("email_marketing", "sms", "whatsapp")


class HealthcareDashboard(models.AbstractModel):
    """The messaging figures of the dashboard: the reminders' effect on no-shows, the channels
    and the satisfaction survey's NPS (formulas in docs/dashboard.md)."""

    _inherit = "healthcare.dashboard"

    def _sections(self, scope, dates, previous):
        sections = super()._sections(scope, dates, previous)
        if not scope["full"]:
            return sections
        for section in sections:
            if section["key"] == "no_shows":
                section["figures"] += self._reminder_effect(scope, dates)
        return [
            *sections,
            self._section_channels(scope, dates, previous),
            self._section_satisfaction(dates, previous),
        ]

    # The no-show rate of the period's appointments that got a reminder, and of those that did not.
    def _reminder_effect(self, scope, dates):
        domain = [*self._appointments_domain(scope, dates), ("attendance", "in", ("attended", "no_show"))]
        reminder = [("kind", "=", "reminder"), ("state", "in", SENT)]
        figures = []
        for key, label, operator in (
            ("no_show_rate_reminded", self.env._("No-show rate, reminded"), "any"),
            ("no_show_rate_not_reminded", self.env._("No-show rate, not reminded"), "not any"),
        ):
            group = [*domain, ("healthcare_message_ids", operator, reminder)]
            rate = self._no_show_rate(self._attendance_counts(group))
            figures.append(self._figure(key, label, rate, None, "percent", "calendar.event", group))
        return figures

    # Channels: messages created in the period, per channel; what they reached.
    def _messages_domain(self, scope, dates):
        since, until = self._utc_bounds(*dates)
        return [("create_date", ">=", since), ("create_date", "<", until), *self._company_domain(scope)]

    def _section_channels(self, scope, dates, previous):
        Message = self.env["healthcare.message"]
        domain = self._messages_domain(scope, dates)
        before = Message.search_count(self._messages_domain(scope, previous))
        since, until = self._utc_bounds(*dates)
        answers = [
            ("date", ">=", since),
            ("date", "<", until),
            ("direction", "=", "inbound"),
            ("channel", "=", "other"),
            ("calendar_event_id", "!=", False),
            *self._company_domain(scope),
        ]
        # The page confirms by setting the appointment confirmed (then attended or missed);
        # a cancellation or a request for another time leaves it cancelled or booked as it was.
        confirmed = [*answers, ("calendar_event_id.attendance", "in", ("confirmed", "attended", "no_show"))]
        optouts = [
            ("state", "=", "withdrawn"),
            ("purpose", "in", MARKETING_PURPOSES),
            ("date", ">=", since),
            ("date", "<", until),
            *self._company_domain(scope),
        ]
        return {
            "key": "channels",
            "title": self.env._("Channels"),
            "figures": [
                self._figure(
                    "messages",
                    self.env._("Messages"),
                    Message.search_count(domain),
                    before,
                    "number",
                    "healthcare.message",
                    domain,
                ),
                self._figure(
                    "link_answers",
                    self.env._("Answers from reminder links"),
                    self.env["healthcare.interaction"].search_count(answers),
                    None,
                    "number",
                    "healthcare.interaction",
                    answers,
                ),
                self._figure(
                    "link_confirmations",
                    self.env._("Confirmed from the reminder"),
                    self.env["healthcare.interaction"].search_count(confirmed),
                    None,
                    "number",
                    "healthcare.interaction",
                    confirmed,
                ),
                self._figure(
                    "optouts",
                    self.env._("Opt-outs"),
                    self.env["healthcare.consent"].search_count(optouts),
                    None,
                    "number",
                    "healthcare.consent",
                    optouts,
                ),
            ],
            "tables": [
                self._delivery_table(domain, "channel", self.env._("By channel")),
                self._delivery_table(domain, "kind", self.env._("By kind")),
            ],
        }

    def _answered(self, domain, fname):
        """{value of fname: messages of domain the patient answered within 7 days}: an inbound
        contact logged on the message's channel, or, for an appointment's message, an answer
        from the appointment's page."""
        messages = self.env["healthcare.message"]._search(domain)
        self.env.cr.execute(
            SQL(
                """SELECT m.%(field)s, COUNT(*) FROM healthcare_message m
                    WHERE m.id IN %(messages)s AND EXISTS (
                          SELECT 1 FROM healthcare_interaction i
                           WHERE i.partner_id = m.patient_id AND i.direction = 'inbound'
                             AND i.date >= m.create_date AND i.date < m.create_date + interval '7 days'
                             AND (i.channel = m.channel
                                  OR (i.channel = 'other' AND i.calendar_event_id = m.calendar_event_id)))
                    GROUP BY m.%(field)s""",
                field=SQL.identifier(fname),
                messages=messages.subselect(),
            )
        )
        return dict(self.env.cr.fetchall())

    def _delivery_table(self, domain, fname, title):
        """Per value of fname (channel, kind): messages sent, delivered, read, answered and failed."""
        Message = self.env["healthcare.message"]
        counts = {}
        for value, state, count in Message._read_group(domain, [fname, "state"], ["__count"]):
            counts.setdefault(value, {})[state] = count
        answered = self._answered(domain, fname)
        labels = dict(Message._fields[fname]._description_selection(self.env))
        return self._figure_table(
            title,
            [
                self.env._("Sent"),
                self.env._("Delivered"),
                self.env._("Read"),
                self.env._("Answered"),
                self.env._("Failed"),
            ],
            ["number"] * 5,
            [
                self._row(
                    labels.get(value, value),
                    [
                        sum(states.get(state, 0) for state in SENT),
                        states.get("delivered", 0) + states.get("read", 0),
                        states.get("read", 0),
                        answered.get(value, 0),
                        states.get("failed", 0),
                    ],
                    "healthcare.message",
                    [*domain, (fname, "=", value)],
                )
                for value, states in sorted(counts.items())
            ],
        )

    # Satisfaction: the NPS question of the post-visit survey, answers of the period.
    def _nps_lines(self, dates):
        since, until = self._utc_bounds(*dates)
        question = self.env.ref("healthcare_crm_messaging.survey_question_nps", raise_if_not_found=False)
        if not question:
            return self.env["survey.user_input.line"]
        return (
            self.env["survey.user_input.line"]
            .sudo()
            .search_fetch(
                [
                    ("question_id", "=", question.id),
                    ("skipped", "=", False),
                    ("create_date", ">=", since),
                    ("create_date", "<", until),
                ],
                ["value_scale", "user_input_id"],
            )
        )

    @staticmethod
    def _nps(scores):
        if not scores:
            return None
        promoters = sum(1 for score in scores if score >= 9)
        detractors = sum(1 for score in scores if score <= 6)
        return round(100.0 * (promoters - detractors) / len(scores), 1)

    def _section_satisfaction(self, dates, previous):
        lines = self._nps_lines(dates)
        scores = lines.mapped("value_scale")
        detractors = lines.filtered(lambda line: line.value_scale <= 6)
        comments = (
            self.env["survey.user_input.line"]
            .sudo()
            .search_fetch(
                [
                    ("user_input_id", "in", detractors.user_input_id.ids),
                    ("answer_type", "=", "text_box"),
                    ("value_text_box", "!=", False),
                ],
                ["value_text_box", "user_input_id"],
            )
        )
        answered_by = [("id", "in", lines.user_input_id.partner_id.ids)]
        bands = (
            (self.env._("Promoters (9-10)"), [score for score in scores if score >= 9]),
            (self.env._("Passives (7-8)"), [score for score in scores if 7 <= score <= 8]),
            (self.env._("Detractors (0-6)"), [score for score in scores if score <= 6]),
        )
        return {
            "key": "satisfaction",
            "title": self.env._("Satisfaction"),
            "figures": [
                self._figure(
                    "nps",
                    self.env._("NPS"),
                    self._nps(scores),
                    self._nps(self._nps_lines(previous).mapped("value_scale")),
                    "number",
                    "res.partner",
                    answered_by,
                    self.env._("Patients who answered"),
                ),
                self._figure(
                    "nps_answers",
                    self.env._("Answers"),
                    len(scores),
                    None,
                    "number",
                    "res.partner",
                    answered_by,
                    self.env._("Patients who answered"),
                ),
            ],
            "tables": [
                self._figure_table(
                    self.env._("Answers"),
                    [self.env._("Patients"), self.env._("Share")],
                    ["number", "percent"],
                    [self._row(label, [len(band), self._ratio(len(band), len(scores))]) for label, band in bands],
                ),
                self._figure_table(
                    self.env._("What detractors said"),
                    [],
                    [],
                    [
                        self._row(f"{line.user_input_id.partner_id.name or ''}: {line.value_text_box}", [])
                        for line in comments
                    ],
                ),
            ],
        }
