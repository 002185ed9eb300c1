from datetime import timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.tests import tagged
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval

from .common import DentalCase


@tagged("post_install", "-at_install")
class TestDentalSegments(DentalCase):
    """The dental lists a coordinator or marketing filters patients by: pending work (amount, age
    of the plan, treatment), the orthodontic open day and hygiene overdue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ortho_visit = cls.env.ref("healthcare_crm_dental.appointment_type_ortho_first_visit")
        cls.hygiene_visit = cls.env.ref("healthcare_crm.appointment_type_hygiene")
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    def new_patient(self, name):
        return self.env["res.partner"].create({"name": name, "is_patient": True})

    def visit(self, patient, kind, days, attendance="attended"):
        return self.env["calendar.event"].create(
            {
                "name": kind.name,
                "patient_id": patient.id,
                "appointment_type_id": kind.id,
                "practitioner_id": self.clinician.id,
                "start": fields.Datetime.now() + timedelta(days=days),
                "stop": fields.Datetime.now() + timedelta(days=days, hours=1),
                "attendance": attendance,
            }
        )

    def quote(self, patient, days_ago=0):
        return self.env["sale.order"].create(
            {
                "partner_id": patient.id,
                "date_order": fields.Datetime.now() - timedelta(days=days_ago),
                "order_line": [fields.Command.create({"product_id": self.hygiene.id})],
            }
        )

    def found(self, domain, patients):
        return self.env["res.partner"].search([("id", "in", patients.ids), *domain])

    def test_pending_work_follows_the_treatments(self):
        self.plan(self.implant, [{"tooth": "36"}, {"tooth": "46"}], phase=2)
        self.plan(self.filling, [{"tooth": "25", "surfaces": ["O"]}])
        self.assertEqual(self.patient.dental_pending_amount, 2470.0)
        self.assertEqual(self.patient.dental_pending_since, self.today)
        # Quoted on a quote dated 100 days ago: the plan is as old as the quote that presented it.
        order = self.env["sale.order"].browse(self.chart().action_dental_create_quote(phase=2)["res_id"])
        order.date_order = fields.Datetime.now() - timedelta(days=100)
        self.assertEqual(self.patient.dental_pending_since, self.today - timedelta(days=100))
        three_months = [("dental_pending_since", "<=", self.today - relativedelta(months=3))]
        self.assertEqual(self.found(three_months, self.patient), self.patient)
        self.assertEqual(self.found([("dental_pending_product_id", "=", self.implant.id)], self.patient), self.patient)
        self.assertEqual(self.found([("dental_pending_product_id", "ilike", "implant")], self.patient), self.patient)
        self.assertFalse(self.found([("dental_pending_product_id", "=", self.crown.id)], self.patient))
        # Accepted work is still to be done; the rejected and the performed are not.
        lines = order.order_line
        lines[0].action_dental_reject()
        self.assertEqual(self.patient.dental_pending_amount, 1270.0)
        lines[1].action_dental_accept()
        self.assertEqual(self.patient.dental_pending_amount, 1270.0)
        lines[1].with_user(self.clinician).action_dental_done()
        self.assertEqual(self.patient.dental_pending_amount, 70.0)
        self.assertEqual(self.patient.dental_pending_since, self.today)
        self.assertFalse(self.found([("dental_pending_product_id", "=", self.implant.id)], self.patient))
        self.treatments().filtered(lambda t: t.status == "planned").unlink()
        self.assertEqual((self.patient.dental_pending_amount, self.patient.dental_pending_since), (0.0, False))
        self.assertFalse(self.found([("dental_pending_amount", ">", 0)], self.patient))

    def test_orthodontic_open_day(self):
        invited = self.new_patient("Invitada")
        self.visit(invited, self.ortho_visit, days=-300)
        self.quote(invited)
        too_old = self.new_patient("Hace tres años")
        self.visit(too_old, self.ortho_visit, days=-3 * 365)
        self.quote(too_old)
        accepted = self.new_patient("Ya aceptó")
        self.visit(accepted, self.ortho_visit, days=-30)
        self.quote(accepted).action_followup_accept()
        missed = self.new_patient("No vino")
        self.visit(missed, self.ortho_visit, days=-30, attendance="no_show")
        self.quote(missed)
        no_quote = self.new_patient("Sin presupuesto")
        self.visit(no_quote, self.ortho_visit, days=-30)
        other_visit = self.new_patient("Otra visita")
        self.visit(other_visit, self.hygiene_visit, days=-30)
        self.quote(other_visit)
        everyone = invited | too_old | accepted | missed | no_quote | other_visit
        self.assertEqual(self.found([("dental_ortho_open_day", "=", True)], everyone), invited)
        self.assertEqual(self.found([("dental_ortho_open_day", "=", False)], everyone), everyone - invited)
        self.assertEqual(everyone.filtered("dental_ortho_open_day"), invited)

    def test_no_hygiene_in_twelve_months(self):
        visited = self.new_patient("Limpieza en la clínica")
        self.visit(visited, self.hygiene_visit, days=-60)
        cleaned = self.new_patient("Limpieza registrada")
        old = self.new_patient("Limpieza hace 13 meses")
        never = self.new_patient("Nunca")
        booked = self.new_patient("Cita sin venir")
        self.visit(booked, self.hygiene_visit, days=-20, attendance="no_show")
        for patient, months in ((cleaned, 2), (old, 13)):
            treatment = self.env["healthcare.dental.treatment"].create(
                {"patient_id": patient.id, "product_id": self.hygiene.id, "status": "planned"}
            )
            treatment._perform(date=self.today - relativedelta(months=months))
        everyone = visited | cleaned | old | never | booked
        self.assertEqual(self.found([("dental_hygiene_due", "=", True)], everyone), old | never | booked)
        self.assertEqual(self.found([("dental_hygiene_due", "=", False)], everyone), visited | cleaned)
        self.assertEqual(everyone.filtered("dental_hygiene_due"), old | never | booked)

    def test_each_list_is_one_query(self):
        self.env.flush_all()
        Partner = self.env["res.partner"]
        for domain in (
            [("dental_hygiene_due", "=", True)],
            [("dental_ortho_open_day", "=", True)],
            [("dental_pending_product_id", "=", self.implant.id), ("dental_pending_amount", ">=", 1000)],
            [("dental_pending_since", "<=", self.today - relativedelta(months=3))],
        ):
            with self.subTest(domain=domain), self.assertQueryCount(1):
                Partner.search(domain)

    def test_the_search_filters_as_the_front_desk_uses_them(self):
        """The filters of the patient search, evaluated as the web client does, as a receptionist."""
        self.plan(self.implant, [{"tooth": "36"}])
        order = self.env["sale.order"].browse(self.chart().action_dental_create_quote()["res_id"])
        order.date_order = fields.Datetime.now() - timedelta(days=120)
        invited = self.new_patient("Invitada")
        self.visit(invited, self.ortho_visit, days=-30)
        self.quote(invited)
        Partner = self.env["res.partner"].with_user(self.receptionist)
        arch = Partner.get_views([(self.env.ref("healthcare_crm.view_patient_search").id, "search")])["views"][
            "search"
        ]["arch"]
        filters = {node.get("name"): node.get("domain") for node in etree.fromstring(arch).iter("filter")}
        context = {
            "context_today": lambda: fields.Date.context_today(Partner),
            "relativedelta": relativedelta,
            "datetime": safe_datetime,
            "uid": self.receptionist.id,
        }
        everyone = self.patient | invited

        def found(name):
            return Partner.search([("id", "in", everyone.ids), *safe_eval(filters[name], context)])

        self.assertEqual(found("dental_pending"), self.patient)
        self.assertEqual(found("dental_pending_1000"), self.patient)
        self.assertEqual(found("dental_pending_3_months"), self.patient)
        self.assertEqual(found("dental_ortho_open_day"), invited)
        self.assertEqual(found("dental_hygiene_due"), everyone)
        action = self.env.ref("healthcare_crm_dental.action_dental_lists").sudo()
        self.assertEqual(safe_eval(action.context)["search_default_dental_pending"], 1)
