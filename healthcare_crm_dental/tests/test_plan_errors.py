from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DentalCase


@tagged("post_install", "-at_install")
class TestPlanErrors(DentalCase):
    """What the odontogram may send wrong is refused in the user's language, and nothing is kept."""

    def assertRefused(self, product, selections, message, lang="en_US"):
        before = self.treatments()
        with self.assertRaises(UserError) as caught:
            self.chart().with_context(lang=lang).dental_plan_treatments(selections, product.id)
        self.assertIn(message, str(caught.exception))
        self.assertEqual(self.treatments(), before, "nothing was written")

    def test_bad_selections_write_nothing(self):
        # The first tooth is right: the whole selection is refused, not the rest of it.
        self.assertRefused(self.crown, [{"tooth": "11"}, {"tooth": "19"}], "19 is not a tooth")
        self.assertRefused(self.crown, [{"tooth": "11"}, {"tooth": "21", "surfaces": ["M"]}], "not on surfaces")
        self.assertRefused(self.crown, [{"surfaces": []}], "choose the tooth")
        self.assertRefused(self.crown, [], "Select the teeth")
        self.assertRefused(self.filling, [{"tooth": "36", "surfaces": []}], "choose its surfaces")
        self.assertRefused(self.filling, [{"tooth": "36", "surfaces": ["M", "X"]}], "M, D, O, V and L")
        self.assertFalse(self.env["healthcare.dental.tooth.state"].search([("patient_id", "=", self.patient.id)]))

    def test_errors_are_spanish_for_a_spanish_user(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["healthcare_crm_dental"], ["es_ES"], overwrite=True)
        self.assertRefused(self.crown, [{"tooth": "19"}], "19 no es una pieza dental", lang="es_ES")
        self.assertRefused(self.crown, [{"tooth": "21", "surfaces": ["M"]}], "no sobre caras", lang="es_ES")
        with self.assertRaises(UserError) as caught:
            self.chart().with_context(lang="es_ES").action_dental_create_quote()
        self.assertIn("No queda ningún tratamiento planificado", str(caught.exception))

    def test_not_a_treatment_of_the_catalogue(self):
        other = self.env["product.product"].create({"name": "Cepillo", "list_price": 5})
        self.assertRefused(other, [{"tooth": "11"}], "dental catalogue")
