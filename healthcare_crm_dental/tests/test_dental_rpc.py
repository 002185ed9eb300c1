from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestDentalRpc(RpcCase):
    """The chart over HTTP as each role: the web client's call_kw and an external script's /jsonrpc."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {role: cls.role_user(role, login=f"dental_rpc_{role}") for role in cls.ROLES}
        cls.patient = cls.env["res.partner"].create(
            {"name": "Andrés Gil", "is_patient": True, "birthdate": "2018-03-01"}
        )
        cls.crown = cls.env.ref("healthcare_crm_dental.product_dental_crown")
        cls.filling = cls.env.ref("healthcare_crm_dental.product_dental_composite_filling")
        cls.env["healthcare.dental.tooth.state"].create(
            {"patient_id": cls.patient.id, "tooth": "36", "surface_d": "caries"}
        )

    def test_clinician_reads_and_plans_the_chart(self):
        clinician = self.users["clinician"]
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                chart = call(clinician, "res.partner", "dental_chart_get", [self.patient.id])
                self.assertEqual(chart["patient_id"], self.patient.id)
                self.assertEqual(chart["dentition"], "mixed")
                self.assertTrue(chart["can_edit"])
                self.assertEqual(
                    chart["teeth"],
                    [
                        {
                            "tooth": "36",
                            "condition": "healthy",
                            "surfaces": {"M": "healthy", "D": "caries", "O": "healthy", "V": "healthy", "L": "healthy"},
                        }
                    ],
                )
                crown = next(item for item in chart["catalogue"] if item["id"] == self.crown.id)
                self.assertEqual(
                    crown,
                    {
                        "id": self.crown.id,
                        "name": "Zirconia crown",
                        "area": "tooth",
                        "price": 450.0,
                        "currency_symbol": self.env.company.currency_id.symbol,
                    },
                )
        chart = self.call_kw(
            clinician,
            "res.partner",
            "dental_plan_treatments",
            [self.patient.id],
            [{"tooth": "36", "surfaces": ["D", "O"]}],
            self.filling.id,
            phase=1,
        )
        planned = chart["treatments"]
        self.assertEqual(len(planned), 1)
        self.assertEqual(
            {key: planned[0][key] for key in ("tooth", "surfaces", "quadrant", "status", "area", "phase")},
            {"tooth": "36", "surfaces": "DO", "quadrant": False, "status": "planned", "area": "surface", "phase": 1},
        )
        self.assertIs(planned[0]["sale_line_id"], False)
        action = self.jsonrpc(clinician, "res.partner", "action_dental_create_quote", [self.patient.id])
        self.assertEqual(action["res_model"], "sale.order")
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.order_line.dental_teeth, "36 DO")

    def test_bad_input_over_rpc_is_a_validation_error(self):
        self.assertRpcRefused(
            self.call_kw,
            self.users["clinician"],
            "res.partner",
            "dental_plan_treatments",
            [self.patient.id],
            [{"tooth": "36", "surfaces": ["M"]}],
            self.crown.id,
            error="ValidationError",
        )
        self.assertFalse(self.env["healthcare.dental.treatment"].search([("patient_id", "=", self.patient.id)]))

    def test_other_roles_are_refused_the_chart(self):
        for role in ("receptionist", "manager", "marketing", "employee", "portal"):
            user = self.users[role]
            for via, call in self.both_rpcs():
                with self.subTest(role=role, via=via):
                    self.assertRpcRefused(call, user, "res.partner", "dental_chart_get", [self.patient.id])
                    self.assertRpcRefused(
                        call,
                        user,
                        "res.partner",
                        "dental_plan_treatments",
                        [self.patient.id],
                        [{"tooth": "11"}],
                        self.crown.id,
                    )
                    self.assertRpcRefused(call, user, "healthcare.dental.tooth.state", "search_read", [], ["tooth"])
                    self.assertRpcRefused(call, user, "healthcare.dental.tooth.history", "search_read", [], ["tooth"])
                    self.assertRpcRefused(call, user, "healthcare.dental.treatment", "search_read", [], ["tooth"])

    def test_coordinator_reads_the_teeth_on_the_quote(self):
        self.patient.with_user(self.users["clinician"]).dental_plan_treatments([{"tooth": "46"}], self.crown.id)
        action = self.patient.with_user(self.users["clinician"]).action_dental_create_quote()
        coordinator = self.users["receptionist"]
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                lines = call(
                    coordinator,
                    "sale.order.line",
                    "search_read",
                    [("order_id", "=", action["res_id"])],
                    ["dental_teeth", "dental_phase", "dental_line_outcome"],
                )
                self.assertEqual(
                    [(line["dental_teeth"], line["dental_phase"], line["dental_line_outcome"]) for line in lines],
                    [("46", 1, "open")],
                )
                self.assertRpcRefused(
                    call, coordinator, "sale.order.line", "read", [lines[0]["id"]], ["dental_treatment_ids"]
                )
        self.assertRpcRefused(
            self.call_kw, self.users["marketing"], "healthcare.dental.treatment", "search_read", [], []
        )
