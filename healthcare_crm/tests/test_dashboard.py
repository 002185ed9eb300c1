from datetime import date, datetime, timedelta

import pytz

from odoo.tests import tagged

from .common import RpcCase

MADRID = pytz.timezone("Europe/Madrid")
MARCH = {"date_from": "2025-03-01", "date_to": "2025-03-31"}


def madrid(*args):
    """A local Madrid time as the naive UTC moment Odoo stores."""
    return MADRID.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestDashboard(RpcCase):
    """The dashboard's figures against values counted by hand on a clinic of its own (a second
    company, so that the demo's records stay out), over JSON-RPC as each role reads them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clinic = cls.env["res.company"].create({"name": "Clínica Norte", "country_id": cls.env.ref("base.es").id})
        clinic_env = cls.env["res.partner"].with_company(cls.clinic)
        cls.manager = cls.role_user("manager", login="dash_manager", company=cls.clinic, tz="Europe/Madrid")
        cls.coordinator = cls.role_user("receptionist", login="dash_coord", company=cls.clinic, tz="Europe/Madrid")
        cls.colleague = cls.role_user("receptionist", login="dash_colleague", company=cls.clinic)
        cls.ortega = cls.role_user("clinician", login="dash_ortega", company=cls.clinic)
        cls.ruiz = cls.role_user("clinician", login="dash_ruiz", company=cls.clinic)
        patients = clinic_env.create(
            [
                {"name": f"Paciente {n}", "is_patient": True, "gender": "female" if n < 4 else "male", "city": "Toledo"}
                for n in range(6)
            ]
        )
        cls.patients = patients

        # March 2025 (Madrid): Ortega 3 attended, 1 no-show; Ruiz 1 attended, 1 no-show, 1 cancelled.
        # The first at 00:30 on 1 March, which is still February in UTC.
        visits = [
            (cls.ortega, madrid(2025, 3, 1, 0, 30), "attended"),
            (cls.ortega, madrid(2025, 3, 5, 10), "attended"),
            (cls.ortega, madrid(2025, 3, 12, 10), "attended"),
            (cls.ortega, madrid(2025, 3, 19, 10), "no_show"),
            (cls.ruiz, madrid(2025, 3, 6, 12), "attended"),
            (cls.ruiz, madrid(2025, 3, 13, 12), "no_show"),
            (cls.ruiz, madrid(2025, 3, 20, 12), "cancelled"),
            (cls.ruiz, madrid(2025, 4, 1, 0, 30), "no_show"),  # April in Madrid, March in UTC
        ]
        cls.env["calendar.event"].create(
            [
                {
                    "name": "Revisión",
                    "patient_id": patients[n % 6].id,
                    "practitioner_id": practitioner.id,
                    "start": start,
                    "stop": start + timedelta(minutes=30),
                    "attendance": attendance,
                }
                for n, (practitioner, start, attendance) in enumerate(visits)
            ]
        )

        # Two cancelled in March by the front desk: one two hours before (late), one three days before.
        for day, hours_before in ((24, 2), (26, 72)):
            start = madrid(2025, 3, day, 10)
            event = cls.env["calendar.event"].create(
                {
                    "name": "Revisión",
                    "patient_id": patients[5].id,
                    "practitioner_id": cls.ruiz.id,
                    "start": start,
                    "stop": start + timedelta(minutes=30),
                }
            )
            event.write({"attendance": "cancelled", "cancelled_at": start - timedelta(hours=hours_before)})
        # Paciente 0 had come in June 2023, then not for over 18 months until 1 March: reactivated.
        cls.env["calendar.event"].create(
            {
                "name": "Revisión",
                "patient_id": patients[0].id,
                "practitioner_id": cls.ortega.id,
                "start": madrid(2023, 6, 1, 10),
                "stop": madrid(2023, 6, 1, 10, 30),
                "attendance": "attended",
            }
        )
        # All registered in March 2025; Paciente 5 on Paciente 4's recommendation.
        patients[5].referred_by_id = patients[4]
        cls.env.cr.execute(
            "UPDATE res_partner SET create_date = %s WHERE id IN %s", [madrid(2025, 3, 2, 9), tuple(patients.ids)]
        )

        # Quotes of March: q1 accepted 1,000 (coordinator), q2 rejected 500 (coordinator),
        # q3 accepted 2,000 (colleague), q4 open 300 (coordinator), q5 rejected then reopened 400.
        product = cls.env["product.product"].create({"name": "Tratamiento", "type": "service", "taxes_id": False})
        Order = cls.env["sale.order"].with_company(cls.clinic)
        stage = {
            outcome: cls.env["healthcare.quote.stage"].search([("outcome", "=", outcome)], limit=1)
            for outcome in ("open", "accepted", "rejected")
        }
        reason = cls.env["healthcare.quote.rejection.reason"].search([], limit=1)

        def quote(patient, user, amount, day):
            order = Order.create(
                {
                    "partner_id": patient.id,
                    "user_id": user.id,
                    "order_line": [(0, 0, {"product_id": product.id, "price_unit": amount, "tax_id": False})],
                }
            )
            order.date_order = madrid(2025, 3, day, 10)
            return order

        cls.q1 = quote(patients[0], cls.coordinator, 1000, 3)
        cls.q2 = quote(patients[1], cls.coordinator, 500, 4)
        cls.q3 = quote(patients[2], cls.colleague, 2000, 5)
        cls.q4 = quote(patients[3], cls.coordinator, 300, 6)
        cls.q5 = quote(patients[4], cls.coordinator, 400, 7)
        (cls.q1 | cls.q3).write({"followup_stage_id": stage["accepted"].id})
        (cls.q2 | cls.q5).write({"followup_stage_id": stage["rejected"].id, "rejection_reason_id": reason.id})
        cls.q5.write({"followup_stage_id": stage["open"].id})  # the patient thinks again
        cls.q1.decision_date = date(2025, 3, 13)  # 10 days
        cls.q2.decision_date = date(2025, 3, 8)  # 4 days
        cls.q3.decision_date = date(2025, 3, 6)  # 1 day
        cls.reason = reason

    def dashboard(self, user, period="custom", **kwargs):
        values = {**(MARCH if period == "custom" else {}), **kwargs}
        return self.call_kw(
            user, "healthcare.dashboard", "get_dashboard", period, context={"tz": "Europe/Madrid"}, **values
        )

    @staticmethod
    def figures(dashboard, section):
        found = next(s for s in dashboard["sections"] if s["key"] == section)
        return {figure["key"]: (figure["value"], figure["previous"]) for figure in found["figures"]}, found

    def test_attendance_figures(self):
        dashboard = self.dashboard(self.manager, company_ids=[self.clinic.id])
        figures, section = self.figures(dashboard, "no_shows")
        self.assertEqual(figures["attended"], (4, 0))
        self.assertEqual(figures["no_shows"], (2, 0))
        self.assertEqual(figures["cancelled"], (3, 0))
        self.assertEqual(figures["late_cancellations"], (1, 0), "cancelled two hours before; not three days before")
        self.assertEqual(figures["no_show_rate"], (33.3, None), "2 / (4 + 2); February had none")
        rows = {row["label"]: row["values"] for row in section["tables"][0]["rows"]}
        self.assertEqual(rows, {self.ortega.name: [3, 1, 25.0], self.ruiz.name: [1, 1, 50.0]})
        by_type = {row["label"]: row["values"] for row in section["tables"][1]["rows"]}
        self.assertEqual(by_type, {"Not set": [4, 2, 33.3]})
        by_ruiz = self.dashboard(self.manager, company_ids=[self.clinic.id], practitioner_id=self.ruiz.id)
        self.assertEqual(self.figures(by_ruiz, "no_shows")[0]["no_show_rate"], (50.0, None))

    def test_quote_figures(self):
        dashboard = self.dashboard(self.manager, company_ids=[self.clinic.id])
        figures, section = self.figures(dashboard, "quotes")
        self.assertEqual(figures["delivered"], (5, 0))
        self.assertEqual(figures["delivered_amount"], (4200.0, 0))
        self.assertEqual(figures["acceptance_count"], (66.7, None), "q1 and q3 of q1, q2, q3; q5 reopened")
        self.assertEqual(figures["acceptance_amount"], (85.7, None), "3,000 of 3,500")
        self.assertEqual(figures["days_to_decision"], (5.0, None), "(10 + 4 + 1) / 3")
        self.assertEqual(figures["in_the_air"][0], 2, "q4 and q5: open, with no next task")
        reasons = section["tables"][1]["rows"]
        self.assertEqual([(row["label"], row["values"]) for row in reasons], [(self.reason.name, [1])])
        by_user = {row["label"]: row["values"] for row in section["tables"][2]["rows"]}
        self.assertEqual(by_user, {self.coordinator.name: [1, 1, 50.0], self.colleague.name: [1, 0, 100.0]})
        by_treatment = {row["label"]: row["values"] for row in section["tables"][3]["rows"]}
        self.assertEqual(by_treatment, {"Tratamiento": [2, 1, 66.7]})
        # Each figure opens its records: the accepted quotes of March.
        action = next(f for f in section["figures"] if f["key"] == "acceptance_count")["action"]
        found = self.call_kw(self.manager, action["res_model"], "search", action["domain"])
        self.assertEqual(sorted(found), sorted((self.q1 | self.q3).ids))

    def test_a_period_without_decisions_or_appointments(self):
        dashboard = self.dashboard(
            self.manager, company_ids=[self.clinic.id], date_from="2025-02-01", date_to="2025-02-28"
        )
        quotes = self.figures(dashboard, "quotes")[0]
        self.assertEqual(quotes["delivered"], (0, 0))
        self.assertEqual((quotes["acceptance_count"][0], quotes["days_to_decision"][0]), (None, None))
        self.assertEqual(self.figures(dashboard, "no_shows")[0]["no_show_rate"][0], None)

    def test_the_previous_period_is_compared(self):
        dashboard = self.dashboard(
            self.manager, company_ids=[self.clinic.id], date_from="2025-04-01", date_to="2025-04-30"
        )
        self.assertEqual(dashboard["previous"], {"from": "2025-03-02", "to": "2025-03-31"})
        self.assertEqual(self.figures(dashboard, "no_shows")[0]["no_shows"], (1, 2))

    def test_coordinators_see_their_own_quotes_only(self):
        dashboard = self.dashboard(self.coordinator, coordinator_id=self.colleague.id)
        self.assertEqual([section["key"] for section in dashboard["sections"]], ["quotes", "supervision"])
        figures = self.figures(dashboard, "quotes")[0]
        self.assertEqual(figures["delivered"], (4, 0), "q1, q2, q4, q5: not the colleague's, asked or not")
        self.assertEqual(figures["acceptance_amount"], (66.7, None), "1,000 of 1,500")

    def test_nobody_else_opens_it(self):
        for role in ("employee", "portal"):
            user = self.role_user(role, login=f"dash_{role}", company=self.clinic)
            for via, call in self.both_rpcs():
                with self.subTest(role=role, via=via):
                    self.assertRpcRefused(call, user, "healthcare.dashboard", "get_dashboard", "this_month")

    def test_a_custom_period_needs_its_dates_in_order(self):
        error = self.assertRpcRefused(
            self.call_kw,
            self.manager,
            "healthcare.dashboard",
            "get_dashboard",
            "custom",
            date_from="2025-03-31",
            date_to="2025-03-01",
            error="UserError",
        )
        self.assertIn("start date", error.message)

    def test_the_average_patient(self):
        figures, section = self.figures(self.dashboard(self.manager, company_ids=[self.clinic.id]), "average_patient")
        self.assertEqual(figures["patients"][0], 6)
        genders = {row["label"]: row["values"] for row in section["tables"][1]["rows"]}
        self.assertEqual(genders, {"Female": [4, 66.7], "Male": [2, 33.3]})
        cities = {row["label"]: row["values"] for row in section["tables"][2]["rows"]}
        self.assertEqual(cities, {"Toledo": [6, 100.0]})
        # Their visits were in March 2025, over a year ago, and nothing is invoiced yet.
        self.assertEqual((figures["visits_per_year"][0], figures["lifetime_value"][0]), (None, None))

    def test_retention_reactivation_and_referrals(self):
        dashboard = self.dashboard(self.manager, company_ids=[self.clinic.id])
        recalls, section = self.figures(dashboard, "recalls")
        self.assertEqual(recalls["reactivated"][0], 1, "Paciente 0, back after June 2023")
        self.assertEqual(recalls["retention"][0], 100.0, "seen from April 2023 to March 2024, and again since")
        action = next(f for f in section["figures"] if f["key"] == "retention")["action"]
        self.assertEqual(self.call_kw(self.manager, "res.partner", "search", action["domain"]), self.patients[:1].ids)
        figures, growth = self.figures(dashboard, "growth")
        self.assertEqual(figures["new_patients"], (6, 0))
        self.assertEqual([(row["label"], row["values"]) for row in growth["tables"][1]["rows"]], [("March 2025", [6])])
        referrals = [(row["label"], row["values"]) for row in growth["tables"][2]["rows"]]
        self.assertEqual(referrals, [(self.patients[4].display_name, [1])])

    def test_recalls_booked_within_30_days(self):
        rule = self.env.ref("healthcare_crm.recall_rule_hygiene")
        Recall, Event = self.env["healthcare.recall"], self.env["calendar.event"]
        recalls = Recall.create(
            [
                {"patient_id": patient.id, "rule_id": rule.id, "due_date": date(2025, 3, 5)}
                for patient in self.patients[:3]
            ]
        )
        # Booked 5 days after it was due, booked 3 months after, never booked.
        for recall, booked_on in zip(recalls[:2], (datetime(2025, 3, 10, 9), datetime(2025, 6, 5, 9)), strict=True):
            start = booked_on + timedelta(days=7)
            event = Event.create(
                {
                    "name": "Higiene",
                    "patient_id": recall.patient_id.id,
                    "start": start,
                    "stop": start + timedelta(hours=1),
                }
            )
            recall.write({"appointment_id": event.id, "state": "booked"})
            self.env.cr.execute("UPDATE calendar_event SET create_date = %s WHERE id = %s", [booked_on, event.id])
        figures, section = self.figures(self.dashboard(self.manager, company_ids=[self.clinic.id]), "recalls")
        self.assertEqual(figures["recalls_due"][0], 3)
        self.assertEqual(figures["recalls_booked"][0], 33.3, "one of three booked within 30 days of its due date")
        action = next(f for f in section["figures"] if f["key"] == "recalls_booked")["action"]
        self.assertEqual(self.call_kw(self.manager, "healthcare.recall", "search", action["domain"]), recalls[:1].ids)
