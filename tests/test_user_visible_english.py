"""No user-visible English that escapes the .po files: what the addons write in chatter lines,
contact-history summaries and error messages goes through _() / env._(), and server actions
in XML do the same; the demo data's people have Spanish names.

Strings given to _() are translated from es.po (tests/test_translations.py checks it is
complete); a bare literal is shown as written, in English, to a Spanish clinic.
"""

import ast
import re
from pathlib import Path
from xml.etree import ElementTree

import polib

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("healthcare_crm", "healthcare_crm_dental", "healthcare_crm_messaging", "healthcare_crm_portal")
ERRORS = {"UserError", "ValidationError", "AccessError", "RedirectWarning", "MissingError", "AccessDenied"}
# Keyword arguments and dict keys whose value a user reads as is.
SHOWN = {"body", "summary", "subject"}
WORD = re.compile(r"[A-Za-z]{2,}")


def _call_name(node):
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def bare_text(node):
    """The English text of an expression built without _(): a literal, an f-string, "..." % x,
    "...".format(), Markup("...") or a concatenation of these; None when it is translated."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if WORD.search(node.value) else None
    if isinstance(node, ast.JoinedStr):
        text = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
        return text if WORD.search(text) else None
    if isinstance(node, ast.BinOp):  # "..." % values, "a" + "b"
        return bare_text(node.left) or (bare_text(node.right) if isinstance(node.op, ast.Add) else None)
    if isinstance(node, ast.Call):
        name = _call_name(node)
        if name == "format" and isinstance(node.func, ast.Attribute):
            return bare_text(node.func.value)
        if name == "Markup" and node.args:
            return bare_text(node.args[0])
    return None  # _("..."), env._("..."), a variable, a field's value...


def english_in_python(source, filename="<source>"):
    """(line, text) of the English literals shown to users in a Python source."""
    problems = []
    for node in ast.walk(ast.parse(source, filename)):
        candidates = []
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in ERRORS and node.args:
                candidates.append(node.args[0])
            if name in ("message_post", "_message_log", "message_notify", "_message_log_batch"):
                candidates += [kw.value for kw in node.keywords if kw.arg in ("body", "subject")]
            elif name not in ("search", "search_count", "filtered_domain", "_read_group"):
                candidates += [kw.value for kw in node.keywords if kw.arg == "summary"]
        elif isinstance(node, ast.Dict):
            candidates += [
                value
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and key.value in ("summary",)
            ]
        for candidate in candidates:
            if (text := bare_text(candidate)) is not None:
                problems.append((candidate.lineno, text))
    return problems


def english_in_xml(path):
    """English literals in the Python code of server actions and crons shipped as XML."""
    problems = []
    for field in ElementTree.parse(path).getroot().iter("field"):
        if field.get("name") == "code" and (field.text or "").strip():
            code = "\n".join(line.strip() for line in field.text.strip().splitlines())
            problems += english_in_python(code, str(path))
    return problems


def python_files():
    for addon in ADDONS:
        for path in sorted((ROOT / addon).rglob("*.py")):
            # tests assert on text; a manifest's summary is shown by Apps from ir.module.module (see below)
            # and the demo generator writes the Spanish clinic's own data, as demo/*.xml does
            if "tests" not in path.relative_to(ROOT / addon).parts and path.name not in (
                "__manifest__.py",
                "healthcare_demo.py",
            ):
                yield path


def xml_files():
    for addon in ADDONS:
        yield from sorted((ROOT / addon).rglob("*.xml"))


def test_the_scan_catches_bare_english():
    bad = """
from odoo.exceptions import UserError
def f(self, patient):
    patient.message_post(body="Reminder sent")
    patient.message_post(body=f"Consent given: {self.purpose}")
    patient.message_post(body=Markup("<p>%s created</p>") % self.name)
    self.env["healthcare.interaction"].create({"summary": "Quote follow-up sent: %s" % text})
    self._log(summary="Call logged")
    raise UserError("A consent cannot be modified.")
"""
    good = """
from odoo import _
def f(self, patient):
    patient.message_post(body=_("Reminder sent"))
    patient.message_post(body=self.env._("Consent given: %(purpose)s", purpose=self.purpose))
    patient.message_post(body=Markup("<p>%s</p>") % _("Created"))
    self.env["healthcare.interaction"].create({"summary": patient_env._("%(kind)s sent", kind=label)})
    self.env["healthcare.interaction"].create({"summary": message.body or ""})
    self.search([("summary", "ilike", "sent")])
    raise UserError(_("A consent cannot be modified."))
    raise UserError(str(error))
"""
    assert sorted(line for line, _text in english_in_python(bad)) == [4, 5, 6, 7, 8, 9]
    assert english_in_python(good) == []


def test_no_bare_english_in_python():
    problems = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in python_files()
        for line, text in english_in_python(path.read_text(encoding="utf-8"), str(path))
    ]
    assert problems == [], "wrap these in _() and translate them in es.po"


def test_no_bare_english_in_xml_code():
    problems = [f"{path.relative_to(ROOT)}: {text!r}" for path in xml_files() for _line, text in english_in_xml(path)]
    assert problems == [], "wrap these in _() (env._() in server actions) and translate them in es.po"


def test_demo_admin_has_a_spanish_name():
    demo = ElementTree.parse(ROOT / "healthcare_crm" / "demo" / "res_partner_demo.xml").getroot()
    admin = next(record for record in demo.iter("record") if record.get("id") == "base.user_admin")
    name = next(field.text for field in admin.iter("field") if field.get("name") == "name")
    assert name and "Administrator" not in name and "Mitchell" not in name


def test_apps_shows_module_names_and_summaries_in_spanish():
    """Apps reads them from ir.module.module (translatable fields of base.module_<addon>): each
    addon's es.po translates its own, loaded when the addon is installed or its terms updated."""
    for addon in ADDONS:
        manifest = ast.literal_eval((ROOT / addon / "__manifest__.py").read_text(encoding="utf-8"))
        spanish = polib.pofile(str(ROOT / addon / "i18n" / "es.po"))
        for field in ("shortdesc", "summary"):
            text = manifest["name" if field == "shortdesc" else field]
            entry = spanish.find(text)
            assert entry and entry.msgstr, f"{addon}: no Spanish for {text!r}"
            reference = f"model:ir.module.module,{field}:base.module_{addon}"
            assert reference in [name for name, _line in entry.occurrences], f"{addon}: es.po lacks {reference}"
