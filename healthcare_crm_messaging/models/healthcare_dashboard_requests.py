from odoo import models


class HealthcareDashboard(models.AbstractModel):
    """The patient requests' figures of the manager's dashboard: opened, overdue, solved at
    first contact."""

    _inherit = "healthcare.dashboard"

    def _sections(self, scope, dates, previous):
        sections = super()._sections(scope, dates, previous)
        if not scope["full"]:
            return sections
        return [*sections, self._section_requests(scope, dates)]

    def _section_requests(self, scope, dates):
        since, until = self._utc_bounds(*dates)
        Request = self.env["healthcare.request"]
        opened = [("opened_at", ">=", since), ("opened_at", "<", until), *self._company_domain(scope)]
        closed = [("closed_at", ">=", since), ("closed_at", "<", until), *self._company_domain(scope)]
        overdue = [*opened, ("sla_expired", "=", True)]
        first = [*closed, ("first_contact_resolution", "=", True)]
        closed_count = Request.search_count(closed)
        return {
            "key": "requests",
            "title": self.env._("Patient Requests"),
            "figures": [
                self._figure(
                    "requests_opened",
                    self.env._("Requests"),
                    Request.search_count(opened),
                    None,
                    "number",
                    "healthcare.request",
                    opened,
                ),
                self._figure(
                    "requests_overdue",
                    self.env._("Overdue"),
                    Request.search_count(overdue),
                    None,
                    "number",
                    "healthcare.request",
                    overdue,
                ),
                self._figure(
                    "first_contact_resolution",
                    self.env._("Solved at first contact"),
                    self._ratio(Request.search_count(first), closed_count),
                    None,
                    "percent",
                    "healthcare.request",
                    first,
                ),
            ],
            "tables": [],
        }
