from odoo.tests import tagged

from .common import TwoClinicsCase

PERIO_MODELS = ("healthcare.dental.perio.chart", "healthcare.dental.perio.tooth")


@tagged("post_install", "-at_install")
class TestPerioMultiCompany(TwoClinicsCase):
    """Two clinics of a group: each one's clinicians reach only their own patients' periodontal charts."""

    LOGIN_PREFIX = "perio_mc"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chart = (
            cls.env["healthcare.dental.perio.chart"].with_user(cls.north_dentist).create({"patient_id": cls.patient.id})
        )

    def test_chart_belongs_to_the_patient_company(self):
        self.assertEqual(self.chart.company_id, self.north)
        self.assertEqual(self.chart.tooth_ids.company_id, self.north)

    def test_other_company_clinicians_reach_nothing(self):
        self.assertOnlyNorthReaches(PERIO_MODELS)
        self.assertRpcRefused(
            self.call_kw, self.south_dentist, "healthcare.dental.perio.chart", "read", [self.chart.id], ["date"]
        )
