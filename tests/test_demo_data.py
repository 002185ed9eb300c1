"""The demo data reaches no one: reserved email domains, and no provider or mail server configured."""

import ast
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("healthcare_crm", "healthcare_crm_dental", "healthcare_crm_messaging", "healthcare_crm_portal")
# RFC 2606 / RFC 6761 names: no mail is ever delivered there.
RESERVED_EMAIL = re.compile(r"[^@\s]+@([\w-]+\.)*(example\.(com|org|net)|test|example|invalid|localhost)")
# What would make messages leave: an SMTP server, an SMS or WhatsApp provider, its credentials.
SENDING_MODELS = {"ir.mail_server", "fetchmail.server", "iap.account"}
SENDING_FIELDS = re.compile(r"healthcare_sms_provider|twilio_\w+|whatsapp_(token|phone_number_id|app_secret)\w*")


def demo_files():
    for addon in ADDONS:
        manifest = ast.literal_eval((ROOT / addon / "__manifest__.py").read_text(encoding="utf-8"))
        for name in manifest.get("demo", []):
            yield ROOT / addon / name


def records(path):
    return ElementTree.parse(path).getroot().iter("record")


def test_there_is_demo_data():
    assert len(list(demo_files())) >= 2


@pytest.mark.parametrize("path", list(demo_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_demo_emails_are_on_reserved_domains(path):
    for record in records(path):
        for field in record.iter("field"):
            if "email" in field.get("name", "") and (field.text or "").strip():
                assert RESERVED_EMAIL.fullmatch(field.text.strip()), f"{record.get('id')}: {field.text}"


@pytest.mark.parametrize("path", list(demo_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_demo_configures_no_way_out(path):
    for record in records(path):
        assert record.get("model") not in SENDING_MODELS, record.get("id")
        for field in record.iter("field"):
            assert not SENDING_FIELDS.fullmatch(field.get("name", "")), f"{record.get('id')}: {field.get('name')}"


def test_reserved_email_pattern():
    assert RESERVED_EMAIL.fullmatch("lucia@example.com")
    assert RESERVED_EMAIL.fullmatch("elena@sonrisa.example.com")
    assert RESERVED_EMAIL.fullmatch("ana@clinic.test")
    assert not RESERVED_EMAIL.fullmatch("ana@gmail.com")
    assert not RESERVED_EMAIL.fullmatch("ana@example.com.mx")


def test_demo_has_approved_whatsapp_campaign_templates():
    """A WhatsApp campaign can be tried on the demo: it ships campaign templates already approved."""
    templates = [
        {field.get("name"): (field.text or "").strip() for field in record.iter("field")}
        for path in demo_files()
        for record in records(path)
        if record.get("model") == "healthcare.whatsapp.template"
    ]
    approved = [t["name"] for t in templates if t.get("kind") == "campaign" and t.get("state") == "approved"]
    assert len(approved) >= 2, approved
