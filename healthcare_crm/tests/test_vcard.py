import base64
import re
from datetime import date

import vobject

from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

# Three cards as phones and address books write them: vCard 3.0 and 4.0, accents, several phone types.
THREE_CARDS = """BEGIN:VCARD
VERSION:3.0
FN:Lucía Fernández Ruiz
N:Fernández Ruiz;Lucía;;;
TEL;TYPE=CELL:+34 612 345 678
TEL;TYPE=WORK,VOICE:+34 915 555 123
EMAIL;TYPE=INTERNET:lucia.fernandez@example.com
BDAY:1985-04-12
ADR;TYPE=HOME:;Piso 3;Calle Mayor 5;Madrid;Madrid;28013;ES
NOTE:Prefiere citas por la mañana
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Núñez Ibáñez;José Ángel;;;
TEL;TYPE=WORK:933 000 111
EMAIL:jose.nunez@example.com
BDAY:19700102
ADR:;;Avinguda Diagonal 100;Barcelona;B;08019;Spain
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:María José Peña
TEL;TYPE=cell:+52 55 1234 5678
EMAIL:mj.pena@example.mx
BDAY:1992-11-30
GENDER:F
ADR;TYPE=home:;;Av. Paseo de la Reforma 222;Ciudad de México;Ciudad de México;06600;México
END:VCARD
"""

GOOD_CARD = """BEGIN:VCARD
VERSION:3.0
FN:Ana Torres Vega
TEL;TYPE=CELL:+34 600 111 222
END:VCARD
"""


def digits(number):
    """Only the digits: this branch stores phones as written, the phone branch as E.164."""
    return re.sub(r"\D", "", number or "")


def vcf(text):
    return base64.b64encode(text.encode("utf-8"))


@tagged("post_install", "-at_install")
class TestVcardImport(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = new_test_user(
            cls.env, login="hc_vcard_reception", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        cls.Partner = cls.env["res.partner"].with_context(active_test=False)

    def _import(self, content):
        """Run the wizard as the front desk does; `content` is the file's text or bytes."""
        wizard = self.env["healthcare.vcard.import"].with_user(self.receptionist)
        with Form(wizard, view="healthcare_crm.view_healthcare_vcard_import_form") as form:
            form.vcard_file = base64.b64encode(content) if isinstance(content, bytes) else vcf(content)
        return form.record.action_import()

    def test_three_cards_become_three_patients(self):
        action = self._import(THREE_CARDS)
        patients = self.Partner.browse(action["domain"][0][2])
        self.assertEqual(len(patients), 3)
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(action["views"][0], (self.env.ref("healthcare_crm.view_patient_list").id, "list"))
        self.assertTrue(all(patients.mapped("is_patient")))
        self.assertEqual(patients.create_uid, self.receptionist)
        codes = patients.mapped("patient_code")
        self.assertTrue(all(re.fullmatch(r"PAC-\d{5}", code) for code in codes), codes)
        self.assertEqual(len(set(codes)), 3)

        lucia, jose, maria = patients.sorted("id")
        spain, mexico = self.env.ref("base.es"), self.env.ref("base.mx")
        self.assertEqual(lucia.name, "Lucía Fernández Ruiz")
        self.assertEqual(digits(lucia.mobile), "34612345678")
        self.assertEqual(digits(lucia.phone), "34915555123")
        self.assertEqual(lucia.email, "lucia.fernandez@example.com")
        self.assertEqual(lucia.birthdate, date(1985, 4, 12))
        self.assertEqual(
            (lucia.street, lucia.street2, lucia.city, lucia.zip), ("Calle Mayor 5", "Piso 3", "Madrid", "28013")
        )
        self.assertEqual(lucia.country_id, spain)
        self.assertEqual(lucia.state_id, self.env.ref("base.state_es_m"))
        self.assertIn("mañana", lucia.comment)

        self.assertEqual(jose.name, "José Ángel Núñez Ibáñez", "built from N when there is no FN")
        self.assertFalse(jose.mobile)
        self.assertEqual(digits(jose.phone), "933000111")
        self.assertEqual(jose.birthdate, date(1970, 1, 2))
        self.assertEqual(jose.country_id, spain, "country found by its name")
        self.assertEqual(jose.state_id.code, "B")

        self.assertEqual(maria.name, "María José Peña")
        self.assertEqual(digits(maria.mobile), "525512345678")
        self.assertFalse(maria.phone)
        self.assertEqual(maria.birthdate, date(1992, 11, 30))
        self.assertEqual(maria.gender, "female")
        self.assertEqual(maria.country_id, mexico, "'México' is Mexico, accents aside")
        self.assertEqual(maria.state_id.name, "Ciudad de México")
        self.assertEqual(maria.city, "Ciudad de México")

    def test_a_bad_card_imports_nothing(self):
        bad_second_cards = {
            "bad birthdate": "BEGIN:VCARD\nVERSION:3.0\nFN:Pedro Gómez\nBDAY:12/04/1985\nEND:VCARD\n",
            "impossible birthdate": "BEGIN:VCARD\nVERSION:3.0\nFN:Pedro Gómez\nBDAY:1985-02-30\nEND:VCARD\n",
            "future birthdate": "BEGIN:VCARD\nVERSION:3.0\nFN:Pedro Gómez\nBDAY:2999-01-01\nEND:VCARD\n",
            "impossible phone": "BEGIN:VCARD\nVERSION:3.0\nFN:Pedro Gómez\nTEL;TYPE=CELL:12\nEND:VCARD\n",
            "unparseable line": "BEGIN:VCARD\nVERSION:3.0\nFN:Pedro Gómez\nthis is not a property\nEND:VCARD\n",
            "never closed": "BEGIN:VCARD\nVERSION:3.0\nFN:Pedro Gómez\nTEL:600\n",
        }
        for problem, second in bad_second_cards.items():
            with self.subTest(problem):
                before = self.Partner.search_count([])
                with self.assertRaisesRegex(UserError, r"Card 2 \(Pedro Gómez\)"):
                    self._import(GOOD_CARD + second + GOOD_CARD.replace("Ana Torres", "Luis Moreno"))
                self.assertEqual(self.Partner.search_count([]), before)
                self.assertFalse(self.Partner.search([("name", "in", ["Ana Torres Vega", "Luis Moreno Vega"])]))

    def test_a_card_without_name_is_named_by_its_position(self):
        nameless = "BEGIN:VCARD\nVERSION:3.0\nTEL;TYPE=CELL:+34 600 000 000\nEND:VCARD\n"
        before = self.Partner.search_count([])
        with self.assertRaisesRegex(UserError, r"Card 2 cannot be imported: it has no name"):
            self._import(GOOD_CARD + nameless)
        self.assertEqual(self.Partner.search_count([]), before)

    def test_the_error_gives_the_line_in_the_file(self):
        broken = "BEGIN:VCARD\nVERSION:3.0\nFN:Pedro Gómez\nnonsense\nEND:VCARD\n"
        with self.assertRaisesRegex(UserError, r"line 9 of the file"):
            self._import(GOOD_CARD + broken)

    def test_not_a_vcard_is_refused_clearly(self):
        for content, message in (
            ("\r\n\r\n", "holds no vCard"),
            ("Nombre;Teléfono\nLucía;612345678\n", "holds no vCard"),
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a vCard"),
            ("Hola\n" + GOOD_CARD, "does not start with BEGIN:VCARD"),
        ):
            with self.subTest(content=content[:12]), self.assertRaisesRegex(UserError, message):
                self._import(content)
        # The form asks for a file; a call without one gets the same answer.
        wizard = self.env["healthcare.vcard.import"].with_user(self.receptionist).create({})
        with self.assertRaisesRegex(UserError, "holds no vCard"):
            wizard.action_import()

    def test_birthdays_without_year_and_windows_files(self):
        no_year = (
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Sin Año\r\nBDAY:--0412\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Apple Sin Año\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Muñoz;Begoña\r\nTEL;CELL:+34 699 000 111\r\nEND:VCARD\r\n"
        ).encode("cp1252")
        action = self._import(no_year)
        patients = self.Partner.browse(action["domain"][0][2]).sorted("id")
        self.assertEqual(patients.mapped("name"), ["Sin Año", "Apple Sin Año", "Begoña Muñoz"])
        self.assertFalse(any(patients.mapped("birthdate")))
        self.assertEqual(digits(patients[2].mobile), "34699000111")

    def test_import_menu_for_the_front_desk(self):
        menu = self.env.ref("healthcare_crm.menu_healthcare_vcard_import")
        self.assertEqual(menu.parent_id, self.env.ref("healthcare_crm.menu_patients_root"))
        visible = self.env["ir.ui.menu"].with_user(self.receptionist)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        employee = new_test_user(self.env, login="hc_vcard_employee", groups="base.group_user", lang="en_US")
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(employee)._visible_menu_ids())


@tagged("post_install", "-at_install")
class TestVcardExport(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = new_test_user(
            cls.env, login="hc_vcard_export", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        cls.employee = new_test_user(cls.env, login="hc_vcard_employee", groups="base.group_user", lang="en_US")
        Partner = cls.env["res.partner"].with_user(cls.receptionist)
        cls.lucia = Partner.create(
            {
                "name": "Lucía Fernández Ruiz",
                "is_patient": True,
                "mobile": "+34 612 345 678",
                "phone": "+34 915 555 123",
                "email": "lucia.fernandez@example.com",
                "birthdate": date(1985, 4, 12),
                "street": "Calle Mayor 5",
                "city": "Madrid",
                "zip": "28013",
                "country_id": cls.env.ref("base.es").id,
                "gender": "female",
                "comment": "<p>Prefiere citas por la mañana</p>",
            }
        )
        cls.jose = Partner.create(
            {"name": "José Ángel Núñez", "is_patient": True, "mobile": "+52 55 1234 5678", "email": "jose@example.mx"}
        )
        cls.patients = cls.lucia | cls.jose

    def _get(self, ids):
        return self.url_open(f"/healthcare_crm/vcard?ids={ids}")

    def test_export_round_trip(self):
        self.authenticate("hc_vcard_export", "hc_vcard_export")
        response = self._get(",".join(str(pid) for pid in self.patients.ids))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/vcard"))
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertIn("patients.vcf", response.headers["Content-Disposition"])

        cards = {card.fn.value: card for card in vobject.readComponents(response.content.decode("utf-8"))}
        self.assertEqual(set(cards), {"Lucía Fernández Ruiz", "José Ángel Núñez"})
        lucia = cards["Lucía Fernández Ruiz"]
        self.assertEqual(lucia.version.value, "3.0")
        phones = {line.params["TYPE"][0]: line.value for line in lucia.contents["tel"]}
        self.assertEqual(phones, {"CELL": self.lucia.mobile, "VOICE": self.lucia.phone})
        self.assertEqual(lucia.email.value, "lucia.fernandez@example.com")
        self.assertEqual(lucia.bday.value, "1985-04-12")
        self.assertEqual(lucia.adr.value.street, "Calle Mayor 5")
        self.assertEqual(lucia.adr.value.city, "Madrid")
        self.assertEqual(lucia.contents["x-patient-code"][0].value, self.lucia.patient_code)
        self.assertEqual(lucia.n.value.given, "Lucía")
        self.assertEqual(lucia.n.value.family, "Fernández Ruiz")
        jose = cards["José Ángel Núñez"]
        self.assertEqual([line.value for line in jose.contents["tel"]], [self.jose.mobile])
        self.assertNotIn("bday", jose.contents)

        # What Odoo exports, Odoo imports back: the same people, as new patients.
        wizard = (
            self.env["healthcare.vcard.import"]
            .with_user(self.receptionist)
            .create({"vcard_file": base64.b64encode(response.content), "vcard_filename": "patients.vcf"})
        )
        copies = self.env["res.partner"].browse(wizard.action_import()["domain"][0][2]).sorted("name")
        originals = self.patients.sorted("name")
        fields = ["name", "mobile", "phone", "email", "birthdate", "street", "city", "zip", "country_id", "gender"]
        self.assertEqual(
            copies.read(fields, load=None),
            [dict(values, id=copy.id) for values, copy in zip(originals.read(fields, load=None), copies, strict=True)],
        )
        self.assertNotEqual(copies.mapped("patient_code"), originals.mapped("patient_code"))

    def test_export_action_points_to_the_controller(self):
        action = self.env.ref("healthcare_crm.action_server_healthcare_vcard_export")
        result = (
            action.with_user(self.receptionist)
            .with_context(active_model="res.partner", active_ids=self.patients.ids, active_id=self.lucia.id)
            .run()
        )
        self.assertEqual(result["type"], "ir.actions.act_url")
        self.assertEqual(result["url"], f"/healthcare_crm/vcard?ids={self.lucia.id},{self.jose.id}")
        bindings = self.env["ir.actions.actions"].with_user(self.receptionist).get_bindings("res.partner")
        self.assertIn(action.id, [binding["id"] for binding in bindings["action"]])
        bindings = self.env["ir.actions.actions"].with_user(self.employee).get_bindings("res.partner")
        self.assertNotIn(action.id, [binding["id"] for binding in bindings.get("action", [])])

    @mute_logger("odoo.http")
    def test_bad_ids_are_a_bad_request(self):
        self.authenticate("hc_vcard_export", "hc_vcard_export")
        for ids in ("abc", f"{self.lucia.id},x", "", "-3", "1;DROP TABLE"):
            with self.subTest(ids=ids):
                response = self._get(ids)
                self.assertEqual(response.status_code, 400)
                self.assertIn("ids=7,12", response.text)
        self.assertEqual(self._get("999999999").status_code, 404)

    @mute_logger("odoo.http")
    def test_no_export_without_the_right_to_read(self):
        # An employee outside the Clinic CRM groups gets no patient data.
        self.authenticate("hc_vcard_employee", "hc_vcard_employee")
        response = self._get(self.lucia.id)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("Lucía", response.text)
        self.assertNotIn("612", response.text)

        # A receptionist may not export a patient of a clinic (company) she does not work for.
        other_clinic = self.env["res.company"].create({"name": "Clínica Dental Norte"})
        stranger = self.env["res.partner"].create(
            {"name": "Paciente de Otra Clínica", "is_patient": True, "company_id": other_clinic.id}
        )
        self.authenticate("hc_vcard_export", "hc_vcard_export")
        response = self._get(f"{self.lucia.id},{stranger.id}")
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("Otra Clínica", response.text)
        self.assertNotIn("Lucía", response.text)

    def test_anonymous_visitors_are_sent_to_the_login(self):
        response = self._get(self.lucia.id)
        self.assertNotIn("BEGIN:VCARD", response.text)
        self.assertIn("/web/login", response.url)
