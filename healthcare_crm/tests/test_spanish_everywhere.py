import re

from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import html2plaintext

# English words that a Spanish user must not read in what these addons log.
ENGLISH = re.compile(
    r"\b(created|registered|sent|given|withdrawn|source|contact|sales order|quote|patient|"
    r"email|marketing email|in person|form|data processing|phone|website|import)\b",
    re.IGNORECASE,
)


class SpanishCase(TransactionCase):
    """A Spanish database: es_ES active with the terms of Odoo and of the addons loaded, users in es_ES."""

    MODULES = ("base", "mail", "sale", "healthcare_crm")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        installed = cls.env["ir.module.module"].search([("name", "in", cls.MODULES), ("state", "=", "installed")])
        installed._load_module_terms(installed.mapped("name"), ["es_ES"], overwrite=True)
        cls.env.company.country_id = cls.env.ref("base.es")
        cls.receptionist = new_test_user(
            cls.env, login="hc_es_reception", groups="healthcare_crm.group_healthcare_receptionist", lang="es_ES"
        )
        cls.env = cls.env(context=dict(cls.env.context, lang="es_ES"))

    def assertSpanish(self, text):
        self.assertTrue(text)
        self.assertFalse(ENGLISH.findall(text), f"English in {text!r}")


@tagged("post_install", "-at_install")
class TestSpanishEverywhere(SpanishCase):
    def test_the_check_catches_english(self):
        for english in ("Contact creado", "Sales Order creado", "Consent given: Email marketing."):
            with self.assertRaises(AssertionError):
                self.assertSpanish(english)
        self.assertSpanish("Consentimiento otorgado: Marketing por correo electrónico.")

    def test_new_patient_first_chatter_line(self):
        partners = self.env["res.partner"].with_user(self.receptionist).with_context(default_is_patient=True)
        with Form(partners, view="healthcare_crm.view_patient_form") as form:
            form.name = "Lucía Navarro"
        first = form.record.message_ids.sorted("id")[:1]
        self.assertEqual(html2plaintext(first.body), "Paciente registrado")

    def test_new_quote_first_chatter_line(self):
        patient = self.env["res.partner"].create({"name": "Lucía Navarro", "is_patient": True, "lang": "es_ES"})
        order = self.env["sale.order"].create({"partner_id": patient.id})
        first = order.message_ids.sorted("id")[:1]
        self.assertEqual(html2plaintext(first.body), "Presupuesto creado")

    def test_consent_chatter_line(self):
        patient = self.env["res.partner"].create({"name": "Lucía Navarro", "is_patient": True, "lang": "es_ES"})
        consents = self.env["healthcare.consent"].with_user(self.receptionist)
        selection = self.env["healthcare.consent"]._fields
        for purpose in selection["purpose"].get_values(self.env):
            for source in selection["source"].get_values(self.env):
                for state in ("given", "withdrawn"):
                    with self.subTest(purpose=purpose, source=source, state=state):
                        consents.create(
                            {"partner_id": patient.id, "purpose": purpose, "state": state, "source": source}
                        )
                        last = patient.message_ids.sorted("id")[-1:]
                        self.assertSpanish(html2plaintext(last.body))

    def test_apps_shows_the_module_in_spanish(self):
        module = self.env.ref("base.module_healthcare_crm").with_context(lang="es_ES")
        self.assertEqual(module.shortdesc, "CRM Clínica")
        self.assertTrue(module.summary.startswith("CRM de relación con pacientes"), module.summary)

    def test_demo_admin_has_a_spanish_name(self):
        if self.env.ref("base.module_healthcare_crm").demo:
            self.assertEqual(self.env.ref("base.user_admin").name, "Dra. Ana Martín (Dirección)")

    def test_consent_from_the_optout_page_or_a_cron_in_english(self):
        """Nobody records it: the line is in the patient's language, not the public user's English."""
        patient = self.env["res.partner"].create({"name": "Lucía Navarro", "is_patient": True, "lang": "es_ES"})
        for user in (self.env.ref("base.public_user"), self.env.ref("base.user_root")):
            with self.subTest(user=user.login):
                consents = self.env["healthcare.consent"].with_user(user).with_context(lang="en_US").sudo()
                consents.create({"partner_id": patient.id, "purpose": "sms", "state": "withdrawn", "source": "website"})
                last = patient.message_ids.sorted("id")[-1:]
                self.assertEqual(html2plaintext(last.body), "Consentimiento retirado: SMS (origen: Sitio web).")
