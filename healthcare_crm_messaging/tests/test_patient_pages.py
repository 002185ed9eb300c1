from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPatientPages(HttpCase):
    """The pages a patient opens from a message look like the clinic, speak the patient's
    language, and a dead link says so without showing anyone's data."""

    def setUp(self):
        super().setUp()
        if not self.env["res.lang"]._lang_get("es_ES").active:
            self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["healthcare_crm_messaging"], ["es_ES"], overwrite=True)
        self.env.company.write(
            {"name": "Clínica Dental Sonrisa", "phone": "+34 910 000 123", "street": "Calle Mayor 7", "city": "Madrid"}
        )
        self.patient = self.env["res.partner"].create({"name": "Rocío Prieto", "is_patient": True, "lang": "es_ES"})
        self.appointment = self.env["calendar.event"].create(
            {
                "name": "Higiene dental",
                "patient_id": self.patient.id,
                "start": fields.Datetime.now() + timedelta(days=2),
                "stop": fields.Datetime.now() + timedelta(days=2, hours=1),
            }
        )
        self.path = self.appointment._patient_url().removeprefix(self.appointment.get_base_url())

    def test_the_appointment_page_shows_the_clinic_in_spanish(self):
        page = self.url_open(self.path)
        self.assertEqual(page.status_code, 200)
        for text in ("Clínica Dental Sonrisa", "+34 910 000 123", "Calle Mayor 7", "Su cita", "Higiene dental"):
            self.assertIn(text, page.text)
        self.assertNotIn("/logo.png", page.text, "Odoo's 'Your logo' placeholder is not shown")
        self.assertNotIn("Your logo", page.text)
        self.assertEqual(page.headers["Cache-Control"], "no-store", "no cache keeps a patient's page")
        self.assertEqual(page.headers["X-Frame-Options"], "SAMEORIGIN", "no other site frames it")

    def test_a_dead_link_is_a_branded_spanish_404_with_no_patient_data(self):
        self.appointment.attendance = "cancelled"  # the link was used
        for path in (self.path, "/clinic/appointment/" + "x" * 43, "/clinic/optout/" + "y" * 43):
            with self.subTest(path=path):
                page = self.url_open(path)
                self.assertEqual(page.status_code, 404)
                self.assertIn("Clínica Dental Sonrisa", page.text)
                self.assertIn("+34 910 000 123", page.text)
                self.assertNotIn("Rocío", page.text)
                self.assertNotIn("Higiene dental", page.text)
        self.env.company.partner_id.lang = "es_ES"
        self.assertIn("Este enlace ya no es válido", self.url_open(self.path).text)


@tagged("post_install", "-at_install")
class TestDeadLinkOfTheDemoClinic(HttpCase):
    """The demo (and test) database's own clinic, as `make demo` builds it: a dead link gives its
    Madrid phone and address, never the US demo company's '+1 555'."""

    def test_a_dead_link_gives_the_demo_clinics_madrid_phone(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.phone, "+34 910 123 456")
        for path in ("/clinic/appointment/" + "x" * 43, "/clinic/optout/" + "y" * 43):
            with self.subTest(path=path):
                page = self.url_open(path)
                self.assertEqual(page.status_code, 404)
                for text in ("Clínica Dental Sonrisa", "+34 910 123 456", "Calle de Alcalá, 120", "Madrid"):
                    self.assertIn(text, page.text)
                for text in ("+1 555", "555-", "San Francisco", "YourCompany"):
                    self.assertNotIn(text, page.text)
