"""Each addon's manifest parses, says what an OCA-style 18.0 addon says, and lists files that exist."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("healthcare_crm", "healthcare_crm_dental", "healthcare_crm_messaging", "healthcare_crm_portal")
DEPENDS = {
    "healthcare_crm_dental": {"healthcare_crm"},
    "healthcare_crm_messaging": {"healthcare_crm", "mass_mailing", "sms", "survey"},
    "healthcare_crm_portal": {"healthcare_crm_messaging", "website", "portal"},
}


def manifest(addon):
    return ast.literal_eval((ROOT / addon / "__manifest__.py").read_text(encoding="utf-8"))


def test_the_four_addons_are_the_only_ones():
    found = {path.parent.name for path in ROOT.glob("*/__manifest__.py")}
    assert found == set(ADDONS)


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_keys(addon):
    data = manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", data["version"])
    assert data["license"] == "LGPL-3"
    for key in ("name", "summary", "category", "depends", "author", "website"):
        assert data.get(key), f"{addon}: manifest has no {key}"
    assert isinstance(data.get("data"), list), f"{addon}: manifest has no data list"
    assert set(data["depends"]) >= DEPENDS.get(addon, set())


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_files_exist(addon):
    data = manifest(addon)
    for key in ("data", "demo"):
        for name in data.get(key, []):
            assert (ROOT / addon / name).is_file(), f"{addon}: {key} file {name} is missing"
    for bundle, patterns in data.get("assets", {}).items():
        for pattern in patterns:
            assert pattern.startswith(addon + "/"), f"{addon}: asset {pattern} of {bundle} is not the addon's"
            assert list(ROOT.glob(pattern)), f"{addon}: asset {pattern} of {bundle} matches no file"


@pytest.mark.parametrize("addon", ADDONS)
def test_addon_layout(addon):
    base = ROOT / addon
    assert (base / "static/description/icon.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for fragment in ("DESCRIPTION.md", "USAGE.md", "CONFIGURE.md"):
        assert (base / "readme" / fragment).read_text(encoding="utf-8").strip(), f"{addon}: readme/{fragment}"


@pytest.mark.parametrize("addon", ADDONS)
def test_xml_data_files_are_all_listed(addon):
    """An XML file in data/, views/, security/ or demo/ that the manifest forgets is never loaded."""
    data = manifest(addon)
    listed = set(data.get("data", [])) | set(data.get("demo", []))
    base = ROOT / addon
    for folder in ("data", "views", "security", "demo", "wizards", "reports"):
        for path in (base / folder).glob("*.xml"):
            assert str(path.relative_to(base)) in listed, f"{addon}: {path.relative_to(base)} is not in the manifest"
