from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.tests import tagged

DENTAL_MODELS = ("healthcare.dental.tooth.state", "healthcare.dental.tooth.history", "healthcare.dental.treatment")


@tagged("post_install", "-at_install")
class TestDentalMultiCompany(RpcCase):
    """Two clinics of a group: each one's clinicians reach only their own patients' charts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.north = cls.env.company
        cls.south = cls.env["res.company"].create({"name": "Clínica Sur", "country_id": cls.env.ref("base.es").id})
        cls.north_dentist = cls.role_user("clinician", login="dental_mc_north", company=cls.north)
        cls.south_dentist = cls.role_user("clinician", login="dental_mc_south", company=cls.south)
        cls.patient = (
            cls.env["res.partner"].with_user(cls.north_dentist).create({"name": "Elena Ruiz", "is_patient": True})
        )
        crown = cls.env.ref("healthcare_crm_dental.product_dental_crown")
        cls.patient.with_user(cls.north_dentist).dental_plan_treatments([{"tooth": "11"}], crown.id)
        cls.env["healthcare.dental.tooth.state"].with_user(cls.north_dentist).create(
            {"patient_id": cls.patient.id, "tooth": "21", "condition": "caries"}
        )

    def test_chart_belongs_to_the_patient_company(self):
        for model in DENTAL_MODELS:
            records = self.env[model].search([("patient_id", "=", self.patient.id)])
            self.assertTrue(records, model)
            self.assertEqual(records.company_id, self.north, model)

    def test_other_company_clinicians_reach_nothing(self):
        domain = [("patient_id", "=", self.patient.id)]
        for model in DENTAL_MODELS:
            with self.subTest(model=model):
                self.assertEqual(self.jsonrpc(self.south_dentist, model, "search_read", domain, ["id"]), [])
                self.assertTrue(self.jsonrpc(self.north_dentist, model, "search_read", domain, ["id"]))
        self.assertRpcRefused(self.call_kw, self.south_dentist, "res.partner", "dental_chart_get", [self.patient.id])
