from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.tests import tagged

PERIO_MODELS = ("healthcare.dental.perio.chart", "healthcare.dental.perio.tooth")


@tagged("post_install", "-at_install")
class TestPerioMultiCompany(RpcCase):
    """Two clinics of a group: each one's clinicians reach only their own patients' periodontal charts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.north = cls.env.company
        cls.south = cls.env["res.company"].create({"name": "Clínica Sur", "country_id": cls.env.ref("base.es").id})
        cls.north_dentist = cls.role_user("clinician", login="perio_mc_north", company=cls.north)
        cls.south_dentist = cls.role_user("clinician", login="perio_mc_south", company=cls.south)
        cls.patient = (
            cls.env["res.partner"].with_user(cls.north_dentist).create({"name": "Elena Ruiz", "is_patient": True})
        )
        cls.chart = (
            cls.env["healthcare.dental.perio.chart"].with_user(cls.north_dentist).create({"patient_id": cls.patient.id})
        )

    def test_chart_belongs_to_the_patient_company(self):
        self.assertEqual(self.chart.company_id, self.north)
        self.assertEqual(self.chart.tooth_ids.company_id, self.north)

    def test_other_company_clinicians_reach_nothing(self):
        domain = [("patient_id", "=", self.patient.id)]
        for model in PERIO_MODELS:
            with self.subTest(model=model):
                self.assertEqual(self.jsonrpc(self.south_dentist, model, "search_read", domain, ["id"]), [])
                self.assertTrue(self.jsonrpc(self.north_dentist, model, "search_read", domain, ["id"]))
        self.assertRpcRefused(
            self.call_kw, self.south_dentist, "healthcare.dental.perio.chart", "read", [self.chart.id], ["date"]
        )
