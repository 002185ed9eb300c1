from odoo.tests import tagged

from .common import TwoClinicsCase

DENTAL_MODELS = ("healthcare.dental.tooth.state", "healthcare.dental.tooth.history", "healthcare.dental.treatment")


@tagged("post_install", "-at_install")
class TestDentalMultiCompany(TwoClinicsCase):
    """Two clinics of a group: each one's clinicians reach only their own patients' charts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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
        self.assertOnlyNorthReaches(DENTAL_MODELS)
        self.assertRpcRefused(self.call_kw, self.south_dentist, "res.partner", "dental_chart_get", [self.patient.id])
