"""Every model an addon declares in Python has at least one line in its ir.model.access.csv."""

import ast
import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("healthcare_crm", "healthcare_crm_dental", "healthcare_crm_messaging", "healthcare_crm_portal")
MODEL_BASES = {"Model", "TransientModel"}


def declared_models(source):
    """Names of the models (not mere extensions) that the classes of a Python source declare."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {getattr(base, "attr", getattr(base, "id", None)) for base in node.bases}
        if not bases & MODEL_BASES:
            continue
        attrs = {
            target.id: stmt.value
            for stmt in node.body
            if isinstance(stmt, ast.Assign)
            for target in stmt.targets
            if isinstance(target, ast.Name)
        }
        name = attrs.get("_name")
        if not isinstance(name, ast.Constant):
            continue
        inherit = attrs.get("_inherit")
        inherited = ast.literal_eval(inherit) if inherit is not None else []
        if name.value not in ([inherited] if isinstance(inherited, str) else inherited):
            names.append(name.value)
    return names


def access_models(addon):
    path = ROOT / addon / "security" / "ir.model.access.csv"
    if not path.exists():
        return set()
    with path.open(encoding="utf-8") as handle:
        return {row["model_id:id"].split(".")[-1] for row in csv.DictReader(handle)}


def test_declared_models_are_found():
    source = """
from odoo import models
class Interaction(models.Model):
    _name = "healthcare.interaction"
class Wizard(models.TransientModel):
    _name = "healthcare.log.wizard"
class Partner(models.Model):
    _inherit = "res.partner"
class Mixin(models.AbstractModel):
    _name = "healthcare.mixin"
class Copy(models.Model):
    _name = "healthcare.copy"
    _inherit = ["mail.thread"]
"""
    assert declared_models(source) == ["healthcare.interaction", "healthcare.log.wizard", "healthcare.copy"]


@pytest.mark.parametrize("addon", ADDONS)
def test_every_model_has_access(addon):
    models = [
        name
        for path in (ROOT / addon).rglob("*.py")
        if "tests" not in path.parts
        for name in declared_models(path.read_text(encoding="utf-8"))
    ]
    granted = access_models(addon)
    missing = [name for name in models if "model_" + name.replace(".", "_") not in granted]
    assert not missing, f"{addon}: no access line for {missing}"
