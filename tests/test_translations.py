"""Each addon ships a .pot and a complete Spanish .po that uses the glossary's terms."""

import ast
import csv
import re
from pathlib import Path
from xml.etree import ElementTree

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("healthcare_crm", "healthcare_crm_dental", "healthcare_crm_messaging", "healthcare_crm_portal")
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


@pytest.mark.parametrize("addon", ADDONS)
def test_every_translation_is_in_the_pot(addon):
    """Odoo reads es.po merged with the addon's .pot: an entry the .pot lacks becomes obsolete
    and is dropped without a word, so the term stays in English."""
    folder = ROOT / addon / "i18n"
    pot = {entry.msgid for entry in polib.pofile(str(folder / f"{addon}.pot"))}
    missing = [entry.msgid for entry in polib.pofile(str(folder / "es.po")) if entry.msgid not in pot]
    assert not missing, f"{addon}: in es.po but not in {addon}.pot (run tools/hcrm.sh i18n): {missing[:5]}"
    # Odoo takes the references from the .pot: the module's name and summary, which its export
    # leaves out, must stay there or Apps shows them in English.
    pot_refs = {
        (entry.msgid, ref) for entry in polib.pofile(str(folder / f"{addon}.pot")) for ref, __ in entry.occurrences
    }
    lost = [
        ref
        for entry in polib.pofile(str(folder / "es.po"))
        for ref, __ in entry.occurrences
        if ref.startswith("model:ir.module.module") and (entry.msgid, ref) not in pot_refs
    ]
    assert not lost, f"{addon}.pot lost {lost} (restore them after tools/hcrm.sh i18n)"


# Translatable fields of the records the addons' XML files create, beyond the addons' own
# models (read from their Python below): Odoo's fields with translate=True that these files fill.
CORE_TRANSLATABLE = {
    "ir.actions.act_window": {"name", "help"},
    "ir.actions.server": {"name"},
    "ir.actions.report": {"name", "print_report_name"},
    "ir.cron": {"name"},
    "ir.ui.menu": {"name"},
    "ir.module.category": {"name", "description"},
    "res.groups": {"name", "comment"},
    "res.partner.category": {"name"},
    "res.partner.title": {"name", "shortcut"},
    "product.product": {"name", "description", "description_sale", "description_purchase"},
    "product.template": {"name", "description", "description_sale", "description_purchase"},
    "mail.activity.type": {"name", "summary", "default_note"},
    "mail.template": {"name", "description", "subject", "body_html"},
    "sms.template": {"name", "body"},
    "survey.survey": {"title", "description", "description_done"},
    "survey.question": {"title", "description", "scale_min_label", "scale_mid_label", "scale_max_label"},
    "survey.question.answer": {"value"},
    "utm.stage": {"name"},
}
# Records Odoo stores in another model under a derived id: a product.product's name is its
# template's, an ir.cron's name its server action's.
STORED_AS = {
    "product.product": ("product.template", "_product_template"),
    "ir.cron": ("ir.actions.server", "_ir_actions_server"),
}
SPACES = re.compile(r"\s+")


def addon_translatable_fields(addon):
    """{model: {field}} of the fields an addon declares with translate=... (not False)."""
    fields = {}
    for path in sorted((ROOT / addon).rglob("*.py")):
        if "tests" in path.relative_to(ROOT / addon).parts:
            continue
        for cls in (n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.ClassDef)):
            names = {}
            for stmt in cls.body:
                if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant):
                    names[stmt.targets[0].id if isinstance(stmt.targets[0], ast.Name) else None] = stmt.value.value
            model = names.get("_name") or names.get("_inherit")
            if not isinstance(model, str):
                continue
            for stmt in cls.body:
                if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call):
                    for kw in stmt.value.keywords:
                        if kw.arg == "translate" and not (isinstance(kw.value, ast.Constant) and not kw.value.value):
                            fields.setdefault(model, set()).add(stmt.targets[0].id)
    return fields


def _texts(element):
    """The visible texts of a field's value: its text, or each text of its HTML."""
    texts = [element.text or ""] + [t for child in element for t in (*_texts(child), child.tail or "")]
    return [SPACES.sub(" ", text).strip() for text in texts if re.search(r"[A-Za-zÀ-ÿ]", text or "")]


def xml_translatable_values(addon, translatable):
    """(file, reference, text) of every translatable value the addon's data and demo files set,
    with the reference Odoo's .po gives it (model:model,field:module.xmlid)."""
    manifest = ast.literal_eval((ROOT / addon / "__manifest__.py").read_text(encoding="utf-8"))
    for name in manifest.get("data", []) + manifest.get("demo", []):
        if not name.endswith(".xml"):
            continue
        for element in ElementTree.parse(ROOT / addon / name).getroot().iter():
            xmlid = element.get("id") or ""
            if "." in xmlid and not xmlid.startswith(f"{addon}."):
                continue  # another module's record: its .po translates it
            xmlid = xmlid.split(".")[-1]
            if element.tag == "menuitem" and element.get("name"):
                yield name, f"ir.ui.menu,name:{addon}.{xmlid}", [SPACES.sub(" ", element.get("name")).strip()]
            if element.tag != "record":
                continue
            model = element.get("model")
            stored_model, suffix = STORED_AS.get(model, (model, ""))
            for field in element.findall("field"):
                if field.get("name") in translatable.get(model, ()) and not field.get("eval") and not field.get("ref"):
                    texts = _texts(field)
                    if texts:
                        yield name, f"{stored_model},{field.get('name')}:{addon}.{xmlid}{suffix}", texts


def untranslated_xml_values(addon, spanish):
    """What an addon's XML records show in English because es.po has no Spanish for it there."""
    translatable = {model: set(names) for model, names in CORE_TRANSLATABLE.items()}
    for model, names in addon_translatable_fields(addon).items():
        translatable.setdefault(model, set()).update(names)
    by_reference = {}
    for entry in spanish:
        if entry.obsolete:
            continue
        for occurrence, _line in entry.occurrences:
            kind, _sep, reference = occurrence.partition(":")
            if kind in ("model", "model_terms"):
                by_reference.setdefault(reference, []).append(entry)
    problems = []
    for name, reference, texts in xml_translatable_values(addon, translatable):
        entries = [e for e in by_reference.get(reference, []) if e.msgstr.strip()]
        for text in texts:
            if not any(text in SPACES.sub(" ", entry.msgid) for entry in entries):
                problems.append(f"{name}: {reference}: {text!r}")
    return problems


def test_untranslated_xml_value_is_caught():
    spanish = po("healthcare_crm", "es.po")
    assert untranslated_xml_values("healthcare_crm", spanish) == []
    stage = next(e for e in spanish if any("healthcare.quote.stage,name:" in o for o, _l in e.occurrences))
    stage.msgstr = ""
    assert [p for p in untranslated_xml_values("healthcare_crm", spanish) if "healthcare.quote.stage" in p]
    spanish = po("healthcare_crm", "es.po")
    spanish.remove(next(e for e in spanish if any(o.startswith("model:ir.ui.menu,") for o, _l in e.occurrences)))
    assert [p for p in untranslated_xml_values("healthcare_crm", spanish) if "ir.ui.menu" in p]


@pytest.mark.parametrize("addon", ADDONS)
def test_xml_records_are_translated(addon):
    """Every translatable value the addon's data and demo files give a record (stage, reason,
    condition, appointment type, recall rule, action, menu, group, template subject and body,
    survey...) has its Spanish in es.po under that record, where Odoo looks for it."""
    problems = untranslated_xml_values(addon, po(addon, "es.po"))
    assert problems == [], "translate these in es.po (tools/hcrm.sh i18n exports them)"
