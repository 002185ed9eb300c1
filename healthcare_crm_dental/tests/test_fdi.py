from odoo.tests import BaseCase, tagged

from ..models import fdi


@tagged("post_install", "-at_install")
class TestFdi(BaseCase):
    """ISO 3950 numbering as the chart and the quote use it."""

    def test_permanent_and_deciduous_teeth(self):
        self.assertEqual(len(fdi.PERMANENT_TEETH), 32)
        self.assertEqual(len(fdi.DECIDUOUS_TEETH), 20)
        for code in ("11", "18", "28", "36", "48", "51", "55", "65", "75", "85"):
            self.assertTrue(fdi.is_tooth(code), code)
        for code in ("10", "19", "56", "90", "0", "", "361", 36, None):
            self.assertFalse(fdi.is_tooth(code), code)

    def test_quadrant_arch_and_sextant(self):
        self.assertEqual(fdi.quadrant("36"), 3)
        self.assertEqual(fdi.quadrant("75"), 7)
        self.assertEqual(fdi.permanent_quadrant("75"), 3)
        self.assertEqual(fdi.arch("26"), "upper")
        self.assertEqual(fdi.arch("46"), "lower")
        self.assertEqual(fdi.arch("63"), "upper")
        self.assertTrue(fdi.is_deciduous("55"))
        self.assertFalse(fdi.is_deciduous("16"))
        self.assertEqual(
            [fdi.sextant(code) for code in ("17", "13", "23", "26", "36", "31", "43", "46")], [1, 2, 2, 3, 4, 5, 5, 6]
        )
        self.assertEqual(fdi.teeth_of_quadrant(2, deciduous=True), ("61", "62", "63", "64", "65"))
        with self.assertRaises(ValueError):
            fdi.quadrant("19")

    def test_surfaces_in_canonical_order(self):
        self.assertEqual(fdi.normalize_surfaces(["O", "M"]), "MO")
        self.assertEqual(fdi.normalize_surfaces("lvodm"), "MDOVL")
        self.assertEqual(fdi.normalize_surfaces("OO"), "O")
        self.assertEqual(fdi.normalize_surfaces([]), "")
        with self.assertRaises(ValueError):
            fdi.normalize_surfaces("MX")

    def test_dentition_by_age(self):
        self.assertEqual(fdi.dentition(3), "deciduous")
        self.assertEqual(fdi.dentition(5), "deciduous")
        self.assertEqual(fdi.dentition(6), "mixed")
        self.assertEqual(fdi.dentition(12), "mixed")
        self.assertEqual(fdi.dentition(13), "permanent")
        self.assertEqual(fdi.dentition(None), "permanent")
