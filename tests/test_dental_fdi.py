"""The dental addon's FDI helpers (ISO 3950), which need no Odoo: loaded by path."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("fdi", ROOT / "healthcare_crm_dental" / "models" / "fdi.py")
fdi = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fdi)


def test_teeth():
    assert fdi.PERMANENT_TEETH[:8] == ("11", "12", "13", "14", "15", "16", "17", "18")
    assert fdi.DECIDUOUS_TEETH[-5:] == ("81", "82", "83", "84", "85")
    assert len(set(fdi.ALL_TEETH)) == 52
    assert not fdi.is_tooth("19") and not fdi.is_tooth("56") and not fdi.is_tooth(11)


@pytest.mark.parametrize(
    ("code", "quadrant", "arch", "sextant"),
    [("18", 1, "upper", 1), ("21", 2, "upper", 2), ("36", 3, "lower", 4), ("43", 4, "lower", 5), ("85", 8, "lower", 6)],
)
def test_position_in_the_mouth(code, quadrant, arch, sextant):
    assert fdi.quadrant(code) == quadrant
    assert fdi.arch(code) == arch
    assert fdi.sextant(code) == sextant


def test_surfaces():
    assert fdi.normalize_surfaces(["O", "M"]) == "MO"
    assert fdi.normalize_surfaces("lm") == "ML"
    with pytest.raises(ValueError):
        fdi.normalize_surfaces("MZ")


@pytest.mark.parametrize(
    ("age", "dentition"),
    [(0, "deciduous"), (5, "deciduous"), (6, "mixed"), (12, "mixed"), (13, "permanent"), (None, "permanent")],
)
def test_dentition(age, dentition):
    assert fdi.dentition(age) == dentition
