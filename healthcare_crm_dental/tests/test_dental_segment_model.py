from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import DentalCase


@tagged("post_install", "-at_install")
class TestDentalSegmentModel(DentalCase):
    """A marketing user's segment (healthcare_crm_messaging, when installed) on the dental lists:
    the figures are allowed, the teeth are clinical and refused."""

    def setUp(self):
        super().setUp()
        if "healthcare.segment" not in self.env:
            self.skipTest("healthcare_crm_messaging is not installed")
        self.marketing = new_test_user(
            self.env, login="dental_segment_marketing", groups="healthcare_crm.group_healthcare_marketing"
        )

    def test_marketing_segments_pending_work_but_not_teeth(self):
        self.plan(self.implant, [{"tooth": "36"}])
        Segment = self.env["healthcare.segment"].with_user(self.marketing)
        segment = Segment.create(
            {
                "name": "Implantes pendientes de más de 1.000 €",
                "domain": repr(
                    [("dental_pending_product_id", "=", self.implant.id), ("dental_pending_amount", ">=", 1000)]
                ),
            }
        )
        self.assertIn(self.patient, segment._patients())
        self.assertFalse(segment.clinical)
        with self.assertRaises(ValidationError):
            Segment.create({"name": "Dientes", "domain": repr([("dental_treatment_ids.tooth", "=", "36")])})

    def test_open_day_and_hygiene_segments_with_relative_dates(self):
        Segment = self.env["healthcare.segment"].with_user(self.marketing)
        for domain in (
            "[('dental_ortho_open_day', '=', True)]",
            "[('dental_hygiene_due', '=', True)]",
            "[('dental_pending_since', '<=', (context_today() - relativedelta(months=3)).strftime('%Y-%m-%d'))]",
        ):
            with self.subTest(domain=domain):
                segment = Segment.create({"name": domain, "domain": domain})
                self.assertEqual(segment.patient_count, len(segment._patients()))
        hygiene = Segment.create({"name": "Higiene", "domain": "[('dental_hygiene_due', '=', True)]"})
        self.assertIn(self.patient, hygiene._patients())
