"""Each addon ships a .pot and a complete Spanish .po that uses the glossary's terms."""

import csv
import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("healthcare_crm", "healthcare_crm_dental", "healthcare_crm_messaging")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def glossary():
    with (ROOT / "i18n" / "glossary.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def po(addon, name):
    return polib.pofile(str(ROOT / addon / "i18n" / name))


def glossary_problems(entries, terms, lang="es"):
    """Entries whose English text uses a glossary term that the translation does not."""
    problems = []
    for entry in entries:
        text = PLACEHOLDER.sub("", entry.msgid)  # %(patient)s names a value, it is no wording
        for term in terms:
            if re.search(rf"\b{re.escape(term['en'])}\b", text, re.IGNORECASE):
                if term[lang].lower() not in entry.msgstr.lower():
                    problems.append(f"{entry.msgid!r} -> {entry.msgstr!r}: expected {term[lang]!r}")
    return problems


def test_glossary_is_complete():
    rows = glossary()
    assert len(rows) >= 10
    for row in rows:
        for lang in ("en", "es", "es_MX", "pt_BR"):
            assert row[lang].strip(), f"glossary: {row['en']} has no {lang}"


def test_glossary_check_catches_a_wrong_term():
    terms = [{"en": "Quote", "es": "presupuesto"}, {"en": "Patient", "es": "paciente"}]
    good = polib.POEntry(msgid="Patient Quote", msgstr="Presupuesto del paciente")
    bad = polib.POEntry(msgid="Quote", msgstr="Cotización")
    unrelated = polib.POEntry(msgid="Patients", msgstr="Clientes")  # 'Patient' as a whole word only
    placeholder = polib.POEntry(msgid="Phone of %(patient)s", msgstr="Teléfono de %(patient)s")
    assert glossary_problems([good, unrelated, placeholder], terms) == []
    assert len(glossary_problems([bad], terms)) == 1


@pytest.mark.parametrize("addon", ADDONS)
def test_pot_and_spanish_po_exist(addon):
    assert (ROOT / addon / "i18n" / f"{addon}.pot").is_file()
    assert (ROOT / addon / "i18n" / "es.po").is_file()


@pytest.mark.parametrize("addon", ADDONS)
def test_spanish_po_is_complete(addon):
    spanish = po(addon, "es.po")
    assert not spanish.untranslated_entries(), [e.msgid for e in spanish.untranslated_entries()]
    assert not spanish.fuzzy_entries(), [e.msgid for e in spanish.fuzzy_entries()]
    template = {e.msgid for e in po(addon, f"{addon}.pot") if not e.obsolete}
    translated = {e.msgid for e in spanish if not e.obsolete}
    assert template - translated == set(), "es.po lacks terms of the .pot: run tools/hcrm.sh i18n"


@pytest.mark.parametrize("addon", ADDONS)
def test_spanish_po_keeps_placeholders(addon):
    for entry in po(addon, "es.po").translated_entries():
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(PLACEHOLDER.findall(entry.msgstr)), entry.msgid


@pytest.mark.parametrize("addon", ADDONS)
def test_spanish_po_uses_the_glossary(addon):
    assert glossary_problems(po(addon, "es.po").translated_entries(), glossary()) == []


@pytest.mark.parametrize("addon", ADDONS)
@pytest.mark.parametrize("name", ["es.po", "{addon}.pot"])
def test_every_entry_names_its_module(addon, name):
    """Odoo's .po reader fails on an entry without `#. module:`, and Odoo then drops every
    Python translation of the addon without a word: patients get their messages in English."""
    path = ROOT / addon / "i18n" / name.format(addon=addon)
    if not path.exists():
        pytest.skip(f"{path.name} not shipped")
    missing = [entry.msgid for entry in polib.pofile(str(path)) if "module:" not in (entry.comment or "")]
    assert not missing, f"{path.name}: entries without '#. module: {addon}': {missing[:5]}"
