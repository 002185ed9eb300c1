from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestPerioRpc(RpcCase):
    """The periodontal chart is clinical data: clinicians read and write it over HTTP, every
    other role is refused, and the dental lists give the front desk and marketing figures only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {role: cls.role_user(role, login=f"perio_rpc_{role}") for role in cls.ROLES}
        cls.patient = cls.env["res.partner"].create({"name": "Elena Prieto", "is_patient": True})
        cls.chart = cls.env["healthcare.dental.perio.chart"].create(
            {"patient_id": cls.patient.id, "date": "2026-03-01"}
        )
        cls.implant = cls.env.ref("healthcare_crm_dental.product_dental_implant")
        cls.patient.with_user(cls.users["clinician"]).dental_plan_treatments([{"tooth": "36"}], cls.implant.id)
        cls.other = cls.env["res.partner"].create({"name": "Iván Prieto", "is_patient": True})
        cls.other.with_user(cls.users["clinician"]).dental_plan_treatments(
            [{"tooth": "11"}], cls.env.ref("healthcare_crm_dental.product_dental_crown").id
        )

    def test_clinician_reads_and_writes_the_chart(self):
        clinician = self.users["clinician"]
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                rows = call(
                    clinician,
                    "healthcare.dental.perio.tooth",
                    "search_read",
                    [("chart_id", "=", self.chart.id), ("tooth", "=", "36")],
                    ["pd_mb", "bop_mb"],
                )
                self.assertEqual(len(rows), 1)
                call(clinician, "healthcare.dental.perio.tooth", "write", [rows[0]["id"]], {"pd_mb": 5, "bop_mb": True})
                [chart] = call(
                    clinician,
                    "healthcare.dental.perio.chart",
                    "read",
                    [self.chart.id],
                    ["sites_4mm", "bleeding_percent"],
                )
                self.assertEqual((chart["sites_4mm"], chart["bleeding_percent"]), (1, 0.5))
        self.call_kw(clinician, "healthcare.dental.perio.chart", "start_from_last", self.patient.id)
        copied = self.env["healthcare.dental.perio.chart"].search([("patient_id", "=", self.patient.id)], limit=1)
        self.assertEqual(copied.tooth_ids.filtered(lambda row: row.tooth == "36").pd_mb, 5)

    def test_other_roles_are_refused_the_chart(self):
        for role in ("receptionist", "manager", "marketing", "employee", "portal"):
            user = self.users[role]
            for via, call in self.both_rpcs():
                with self.subTest(role=role, via=via):
                    for model in ("healthcare.dental.perio.chart", "healthcare.dental.perio.tooth"):
                        self.assertRpcRefused(call, user, model, "search_read", [], ["patient_id"])
                    self.assertRpcRefused(
                        call, user, "healthcare.dental.perio.chart", "create", {"patient_id": self.patient.id}
                    )
                    self.assertRpcRefused(
                        call, user, "healthcare.dental.perio.chart", "start_from_last", self.patient.id
                    )
                    self.assertRpcRefused(
                        call,
                        user,
                        "healthcare.dental.perio.compare",
                        "create",
                        {"chart_before_id": self.chart.id, "chart_after_id": self.chart.id},
                    )
        self.assertEqual(
            self.env["healthcare.dental.perio.chart"].search_count([("patient_id", "=", self.patient.id)]), 1
        )

    def test_front_desk_and_marketing_filter_on_figures_not_teeth(self):
        for role in ("receptionist", "marketing"):
            user = self.users[role]
            for via, call in self.both_rpcs():
                with self.subTest(role=role, via=via):
                    found = call(
                        user,
                        "res.partner",
                        "search_read",
                        [("dental_pending_product_id", "=", self.implant.id), ("dental_pending_amount", ">=", 1000)],
                        ["dental_pending_amount", "dental_pending_since"],
                    )
                    found = {row["id"]: row for row in found}
                    self.assertIn(self.patient.id, found)
                    self.assertNotIn(self.other.id, found)  # a crown pending, not an implant
                    self.assertEqual(found[self.patient.id]["dental_pending_amount"], 1200.0)
                    self.assertTrue(found[self.patient.id]["dental_pending_since"])
                    self.assertRpcRefused(
                        call, user, "res.partner", "read", [self.patient.id], ["dental_treatment_ids"]
                    )
                    self.assertRpcRefused(
                        call, user, "res.partner", "read", [self.patient.id], ["dental_perio_chart_ids"]
                    )
                    self.assertRpcRefused(
                        call,
                        user,
                        "healthcare.dental.treatment",
                        "search_read",
                        [("patient_id", "=", self.patient.id)],
                        ["tooth"],
                    )

    def test_patient_form_and_search_per_role(self):
        form = self.env.ref("healthcare_crm.view_patient_form").id
        search = self.env.ref("healthcare_crm.view_patient_search").id
        for role in ("clinician", "receptionist", "marketing"):
            with self.subTest(role=role):
                views = self.call_kw(
                    self.users[role], "res.partner", "get_views", [[form, "form"], [search, "search"]]
                )["views"]
                # The smart button is the clinicians'; the dental lists are everyone's filters.
                self.assertEqual("dental_perio_chart_count" in views["form"]["arch"], role == "clinician")
                self.assertIn('name="dental_hygiene_due"', views["search"]["arch"])
                self.assertIn('name="dental_ortho_open_day"', views["search"]["arch"])
