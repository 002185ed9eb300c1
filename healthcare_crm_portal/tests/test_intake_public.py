import base64
import io
import re

import qrcode
from PIL import Image

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .intake_common import IntakeMixin

FILLED = {
    "name": "Nuria Campos Gil",
    "birthdate": "1988-04-12",
    "id_document_type": "dni",
    "id_document_number": "50123456q",
    "street": "Calle Mayor 10",
    "zip": "28013",
    "city": "Madrid",
    "mobile": "611 222 333",
    "email": "nuria@example.com",
    "insurance_policy_number": "POL-123",
    "emergency_contact_name": "Pedro Campos",
    "emergency_contact_phone": "600 111 222",
    "emergency_contact_relation": "Hermano",
    "health_allergies": "yes",
    "health_allergies_details": "Penicilina",
    "health_conditions": "no",
    "health_conditions_details": "should not be kept: the answer is no",
    "health_medications": "no",
    "health_anticoagulants": "no",
    "health_pregnancy": "na",
    "health_surgery": "no",
}


@tagged("post_install", "-at_install")
class TestIntakePublicPage(IntakeMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_clinic()
        cls.env.company.write({"name": "Clínica Tour Sonrisa", "phone": "+34 910 000 000"})
        cls.env.company.partner_id.lang = "es_ES"
        cls.other = cls.env["res.partner"].create(
            {"name": "Otro Paciente Ajeno", "is_patient": True, "email": "otro@example.com", "city": "Soria"}
        )

    def setUp(self):
        super().setUp()
        self.intake = self.pending()
        self.path = self.intake.public_url.removeprefix(self.intake.get_base_url())

    def send(self, path=None, **data):
        page = self.url_open(self.path)
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(path or self.path, data={"csrf_token": csrf, **data})

    def state(self):
        self.env.invalidate_all()
        return (self.intake.state, self.intake.declared_name, self.patient.city)

    def test_the_patient_fills_in_the_form_in_spanish(self):
        page = self.url_open(self.path)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Formulario de admisión", page.text)
        self.assertIn("Clínica Tour Sonrisa", page.text)
        self.assertIn('value="Nuria Campos"', page.text, "pre-filled with the patient's own data")
        self.assertIn("Aseguradora Tour", page.text)
        self.assertNotIn("Otro Paciente", page.text)
        done = self.send(**FILLED, insurer_id=str(self.insurer.id))
        self.assertEqual(done.status_code, 200, done.text)
        self.assertIn("Hemos recibido su formulario de admisión", done.text)
        self.assertEqual(self.intake.state, "submitted")
        self.assertEqual(self.intake.declared_id_document_number, "50123456Q")
        self.assertEqual(self.intake.declared_insurer_id, self.insurer)
        self.assertEqual(self.intake.submit_ip, "127.0.0.1")
        self.assertTrue(self.intake.submit_user_agent)
        self.assertEqual(self.intake.sudo().health_allergies_details, "Penicilina")
        self.assertFalse(self.intake.sudo().health_conditions_details)
        self.assertEqual(self.patient.city, "Alcalá", "the patient changes only when the desk applies it")

        used = self.url_open(self.path)
        self.assertEqual(used.status_code, 404, "a used link opens nothing")
        self.assertIn("Este enlace ya no es válido", used.text)
        self.assertNotIn("Nuria", used.text)

    def test_bad_answers_are_shown_in_spanish_and_nothing_is_kept(self):
        bad = {
            **FILLED,
            "birthdate": "2999-01-01",
            "id_document_number": "50123456A",
            "mobile": "12",
            "email": "nuria@",
            "health_allergies_details": "",
            "health_surgery": "maybe",
            "insurer_id": "999999",
        }
        page = self.send(**bad)
        self.assertEqual(page.status_code, 400)
        for message in (
            "Indique una fecha de nacimiento real.",
            "Díganos cuáles, por favor.",
            "Responda a esta pregunta.",
            "Elija su aseguradora de la lista.",
            "Indique un correo electrónico válido",
        ):
            self.assertIn(message, page.text)
        self.assertIn('value="Calle Mayor 10"', page.text, "what was typed is kept on the page")
        self.assertEqual(self.state(), ("sent", False, "Alcalá"))
        self.assertEqual(self.url_open(self.path).status_code, 200, "the link still works")

    def test_forged_links_reveal_nothing(self):
        for path in (
            "/clinic/admission/" + "x" * 43,
            "/clinic/admission/short",
            "/clinic/admission/" + "é" * 43,
            "/clinic/admission/" + "a" * 500,
            "/clinic/admission/" + "a%00" + "x" * 40,
        ):
            with self.subTest(path=path):
                page = self.url_open(path)
                self.assertEqual(page.status_code, 404)
                self.assertIn("Este enlace ya no es válido", page.text)
                self.assertNotIn("Nuria", page.text)
        # A path that is no token at all is website's: a redirect or a 404, never a form.
        dots = self.url_open("/clinic/admission/" + "..%2F" * 10, allow_redirects=False)
        self.assertIn(dots.status_code, (301, 404))
        landed = self.url_open("/clinic/admission/" + "..%2F" * 10)
        self.assertNotIn("o_intake_form", landed.text)
        self.assertNotIn("Nuria", landed.text)
        other = self.pending(self.other)
        other_page = self.url_open(other.public_url.removeprefix(other.get_base_url()))
        self.assertIn("Otro Paciente Ajeno", other_page.text)
        self.assertNotIn("Nuria", other_page.text, "one patient's link shows only that patient")
        self.assertEqual(self.send(path="/clinic/admission/" + "x" * 43, **FILLED).status_code, 404)
        self.assertEqual(self.state(), ("sent", False, "Alcalá"))

    def test_malformed_bodies_change_nothing(self):
        # No CSRF token, a forged one, a file as token.
        self.assertEqual(self.url_open(self.path, data=FILLED).status_code, 400)
        self.assertEqual(self.url_open(self.path, data={**FILLED, "csrf_token": "forged"}).status_code, 400)
        self.assertEqual(
            self.url_open(self.path, data=FILLED, files={"csrf_token": ("x.bin", b"\xff\x00")}).status_code, 400
        )
        # Files instead of answers, NUL bytes, a huge name: answered, never a 500.
        page = self.url_open(self.path)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            self.path,
            data={**FILLED, "csrf_token": csrf, "name": "\x00"},
            files={"health_allergies": ("a.bin", b"\xff\xfe")},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Indique su nombre completo.", response.text)
        self.assertEqual(self.url_open(self.path, data={"csrf_token": csrf}).status_code, 400)
        self.assertEqual(self.state(), ("sent", False, "Alcalá"))
        long_name = self.send(**{**FILLED, "name": "N" * 5000})
        self.assertEqual(long_name.status_code, 200)
        self.assertEqual(len(self.intake.declared_name), 256)

    def test_the_appointment_page_offers_the_form(self):
        page = self.url_open(self.appointment._patient_url().removeprefix(self.appointment.get_base_url()))
        self.assertIn(self.intake.public_url, page.text)
        self.send(**FILLED)
        page = self.url_open(self.appointment._patient_url().removeprefix(self.appointment.get_base_url()))
        self.assertNotIn("/clinic/admission/", page.text, "a sent form is not offered again")

    def test_the_desk_prints_the_link_as_a_qr_code(self):
        action = self.patient.with_user(self.desk).action_print_intake_qr()
        self.assertEqual(action["report_name"], "healthcare_crm_portal.report_intake_qr")
        self.assertEqual(action["context"]["active_ids"], [self.intake.id], "the waiting form, not a new one")
        self.assertEqual(
            self.appointment.with_user(self.desk).action_print_intake_qr()["context"]["active_ids"], [self.intake.id]
        )
        reports = self.env["ir.actions.report"].with_user(self.desk)
        html = reports._render_qweb_html("healthcare_crm_portal.report_intake_qr", [self.intake.id])[0].decode()
        self.assertIn("Formulario de admisión", html, "in the patient's language")
        self.assertIn(self.intake.public_url, html)
        tag = re.search(r'<img[^>]*class="o_intake_qr_code"[^>]*>', html).group(0)
        src = re.search(r'src="data:image/png;base64,([^"]+)"', tag).group(1)
        printed = Image.open(io.BytesIO(base64.b64decode(src)))
        expected = qrcode.make(self.intake.public_url, border=2).get_image().convert(printed.mode)
        self.assertEqual(printed.size, expected.size)
        self.assertEqual(list(printed.getdata()), list(expected.getdata()), "the code is the form's link")
        pdf, kind = reports.with_context(force_report_rendering=True)._render_qweb_pdf(
            "healthcare_crm_portal.report_intake_qr", [self.intake.id]
        )
        self.assertEqual((kind, pdf[:4]), ("pdf", b"%PDF"))

        self.submitted()
        with self.assertRaises(UserError):
            self.patient.with_user(self.desk).action_print_intake_qr()
