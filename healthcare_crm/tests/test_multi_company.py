from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import RpcCase

PATIENT_MODELS = ("calendar.event", "healthcare.interaction", "healthcare.consent", "healthcare.recall")


@tagged("post_install", "-at_install")
class TestMultiCompany(RpcCase):
    """Two clinics of a group in one database: each one's staff reach only their own patients."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.north = cls.env.company
        cls.south = cls.env["res.company"].create({"name": "Clínica Sur", "country_id": cls.env.ref("base.es").id})
        cls.north_desk = cls.role_user("receptionist", login="mc_north", company=cls.north)
        cls.south_desk = cls.role_user("receptionist", login="mc_south", company=cls.south)
        cls.patient = (
            cls.env["res.partner"].with_user(cls.north_desk).create({"name": "Elena Ruiz", "is_patient": True})
        )
        start = fields.Datetime.now() - timedelta(days=1)
        cls.records = {
            "calendar.event": cls.env["calendar.event"].create(
                {"name": "Higiene", "patient_id": cls.patient.id, "start": start, "stop": start + timedelta(hours=1)}
            ),
            "healthcare.interaction": cls.env["healthcare.interaction"].create(
                {"partner_id": cls.patient.id, "summary": "Pide cita para su hija"}
            ),
            "healthcare.consent": cls.env["healthcare.consent"].create(
                {"partner_id": cls.patient.id, "purpose": "sms", "state": "given"}
            ),
            "healthcare.recall": cls.env["healthcare.recall"].create(
                {
                    "patient_id": cls.patient.id,
                    "rule_id": cls.env.ref("healthcare_crm.recall_rule_hygiene").id,
                    "due_date": fields.Date.today() + timedelta(days=30),
                }
            ),
        }

    def test_patient_data_belongs_to_the_patient_company(self):
        self.assertEqual(self.patient.company_id, self.north, "registered by the north desk")
        for model, record in self.records.items():
            self.assertEqual(record.company_id, self.north, model)

    def test_other_company_staff_reach_nothing(self):
        for via, call in self.both_rpcs():
            with self.subTest(via=via, model="res.partner"):
                self.assertEqual(call(self.south_desk, "res.partner", "search", [("id", "=", self.patient.id)]), [])
                self.assertRpcRefused(call, self.south_desk, "res.partner", "read", [self.patient.id], ["name"])
            for model, record in self.records.items():
                with self.subTest(via=via, model=model):
                    self.assertEqual(call(self.south_desk, model, "search", [("id", "=", record.id)]), [])
                    self.assertRpcRefused(call, self.south_desk, model, "read", [record.id], ["display_name"])
                    # Not through a related path either.
                    patient_field = (
                        "partner_id" if model in ("healthcare.interaction", "healthcare.consent") else "patient_id"
                    )
                    self.assertEqual(
                        call(self.south_desk, model, "search_count", [(f"{patient_field}.name", "ilike", "Elena")]), 0
                    )

    def test_own_company_staff_reach_everything(self):
        for model, record in self.records.items():
            with self.subTest(model=model):
                self.assertEqual(self.call_kw(self.north_desk, model, "search", [("id", "=", record.id)]), [record.id])

    def test_the_no_show_report_counts_each_company_apart(self):
        """Both ways the report is read (the monthly counts for whole months, the appointments for
        a patient filter) count only the manager's own company; receptionists are refused both."""
        north_manager = self.role_user("manager", login="mc_north_manager", company=self.north, tz="Europe/Madrid")
        south_manager = self.role_user("manager", login="mc_south_manager", company=self.south, tz="Europe/Madrid")
        self.env["ir.config_parameter"].set_param("healthcare_crm.report_tz", "Europe/Madrid")
        self.env["healthcare.appointment.stat"]._rebuild()
        north_total = self.env["calendar.event"].search_count(
            [("patient_id", "!=", False), ("company_id", "=", self.north.id)]
        )
        kwargs = {"context": {"tz": "Europe/Madrid"}, "lazy": False}
        for via, call in self.both_rpcs():
            for extra in ([], [("patient_id", "!=", False)]):
                with self.subTest(via=via, counts="appointments" if extra else "monthly"):
                    groups = call(
                        north_manager,
                        "healthcare.appointment.report",
                        "read_group",
                        extra,
                        ["appointment_count:sum"],
                        [],
                        **kwargs,
                    )
                    self.assertEqual(groups[0]["__count"], north_total)
                    groups = call(
                        south_manager,
                        "healthcare.appointment.report",
                        "read_group",
                        extra,
                        ["appointment_count:sum"],
                        [],
                        **kwargs,
                    )
                    self.assertEqual(groups[0]["__count"], 0, "the south clinic has no appointments")
            with self.subTest(via=via, user="receptionist"):
                for model in ("healthcare.appointment.report", "healthcare.appointment.stat"):
                    self.assertRpcRefused(call, self.north_desk, model, "read_group", [], ["appointment_count:sum"], [])
