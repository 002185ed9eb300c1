from lxml import etree

from odoo.tests import new_test_user, tagged
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .common import PatientCase, RpcCase

# One number as the front desk may type it; the last one is only part of it.
SPELLINGS = ("612345678", "612 345 678", "+34612345678", "0034 612 34 56 78", "61234")
WHOLE_NUMBERS = SPELLINGS[:-1]


class PhoneSearchMixin:
    """Casilda's mobile is 612 345 678; another patient's differs in its last digit, a third's in everything."""

    @classmethod
    def make_patients(cls, partners):
        cls.casilda = partners.create(
            {
                "name": "Casilda Ortuño",
                "is_patient": True,
                "mobile": "612 345 678",
                "email": "casilda.ortuno@example.com",
                "id_document_type": "dni",
                "id_document_number": "48291736Q",
            }
        )
        cls.near = partners.create({"name": "Ramiro Vidal", "is_patient": True, "phone": "+34 612 345 679"})
        cls.far = partners.create({"name": "Marta Gil", "is_patient": True, "mobile": "699 887 766"})
        cls.patients = cls.casilda | cls.near | cls.far

    def assertFinds(self, found, spelling):
        self.assertIn(self.casilda, found, f"{spelling!r} does not find the patient")
        self.assertNotIn(self.far, found, f"{spelling!r} finds another patient's number")
        if spelling in WHOLE_NUMBERS:
            self.assertNotIn(self.near, found, f"{spelling!r} finds a number one digit away")


@tagged("post_install", "-at_install")
class TestPatientSearchBox(PhoneSearchMixin, PatientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.make_patients(cls.env["res.partner"])
        cls.action = cls.env.ref("healthcare_crm.action_patients")

    def search_box(self, text, field_index=0):
        """What the Patients search box finds for `text`: the search view's field (the first
        one is where the box searches by default) with its filter_domain evaluated on `text`,
        within the action's domain, as the receptionist."""
        partners = self.env["res.partner"].with_user(self.receptionist)
        arch = partners.get_view(self.action.search_view_id.id, "search")["arch"]
        field = etree.fromstring(arch).xpath("//field")[field_index]
        if field.get("filter_domain"):
            domain = safe_eval(field.get("filter_domain"), {"self": text})
        else:
            domain = [(field.get("name"), field.get("operator", "ilike"), text)]
        return partners.search(safe_eval(self.action.domain) + domain)

    def test_the_search_box_finds_a_phone_however_typed(self):
        for spelling in SPELLINGS:
            with self.subTest(spelling=spelling):
                self.assertFinds(self.search_box(spelling), spelling)

    def test_the_phone_field_finds_a_phone_however_typed(self):
        arch = self.env["res.partner"].get_view(self.action.search_view_id.id, "search")["arch"]
        names = [field.get("name") for field in etree.fromstring(arch).xpath("//field")]
        for spelling in SPELLINGS:
            with self.subTest(spelling=spelling):
                self.assertFinds(self.search_box(spelling, names.index("phone_search")), spelling)

    def test_the_search_box_finds_code_document_email_and_name(self):
        for text in (self.casilda.patient_code, "48291736Q", "48291736q", "casilda.ortuno@example", "Ortuño"):
            with self.subTest(text=text):
                self.assertEqual(self.search_box(text) & self.patients, self.casilda)

    def test_too_few_digits_or_other_text_match_no_phone(self):
        self.assertFalse(self.search_box("6123") & self.patients, "four digits are not searched in phones")
        self.assertFalse(self.search_box("612 345 67x") & self.patients)

    def test_a_number_read_in_the_patient_country(self):
        mexican = self.new_patient("Diego Ruiz", country_id=self.env.ref("base.mx"), mobile="55 1234 5678")
        patients = self.patients | mexican
        self.assertEqual(self.search_box("+52 55 1234 5678") & patients, mexican)
        self.assertEqual(self.search_box("55 1234 5678") & patients, mexican, "part of the E.164 digits")

    def test_digits_in_a_customer_field_find_the_patient(self):
        quote = self.env["sale.order"].create({"partner_id": self.casilda.id})
        for spelling in SPELLINGS:
            with self.subTest(spelling=spelling):
                domain = [("partner_id", "ilike", spelling), ("id", "=", quote.id)]
                self.assertEqual(self.env["sale.order"].search(domain), quote)

    def test_an_empty_search_does_not_invite_to_register_a_first_patient(self):
        help_text = self.action.with_context(lang="en_US").help
        self.assertNotIn("first patient", help_text)
        self.assertNotIn("o_view_nocontent_smiling_face", help_text)
        self.assertIn("No patient found", help_text)
        self.assertIn("phone", help_text)

    def test_search_box_columns_have_trigram_indexes(self):
        self.env.cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'res_partner' AND indexdef ILIKE %s",
            ["%gin_trgm_ops%"],
        )
        indexes = dict(self.env.cr.fetchall())
        expected = {
            "res_partner__mobile_digits_index",
            "res_partner__phone_digits_index",
            "res_partner_complete_name_trgm_index",
            "res_partner_email_trgm_index",
            "res_partner_patient_code_trgm_index",
            "res_partner_id_document_number_trgm_index",
        }
        self.assertLessEqual(expected, set(indexes), indexes)

    def bitmap_scans_only(self):
        """With sequential and plain index scans off, the planner can only answer through
        bitmap scans on indexes that match every branch of the search: a branch no index
        serves would leave it a sequential scan."""
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("SET LOCAL enable_indexscan = off")
        self.env.cr.execute("SET LOCAL enable_indexonlyscan = off")
        self.addCleanup(self.env.cr.execute, "RESET enable_seqscan; RESET enable_indexscan; RESET enable_indexonlyscan")

    def plan(self, domain, user=None):
        query = self.env["res.partner"].with_user(user or self.env.user)._search(domain)
        self.env.cr.execute(SQL("EXPLAIN %s", query.select()))
        return "\n".join(row[0] for row in self.env.cr.fetchall())

    def test_searches_use_the_indexes(self):
        partners = self.env["res.partner"]
        self.bitmap_scans_only()
        arch = partners.get_view(self.action.search_view_id.id, "search")["arch"]
        filter_domain = etree.fromstring(arch).xpath("//field")[0].get("filter_domain")
        cases = {
            "Ortuño": ["complete_name", "patient_code", "id_document_number", "email"],
            "61234": ["complete_name", "patient_code", "id_document_number", "email", "digits"],
            "+34 612 345 678": ["e164"],
        }
        for text, indexed in cases.items():
            with self.subTest(text=text):
                plan = self.plan(safe_eval(filter_domain, {"self": text}))
                self.assertNotIn("Seq Scan", plan)
                for name in indexed:
                    self.assertIn(name, plan)

    def test_name_search_uses_the_indexes(self):
        """What any many2one searches (Odoo's name, email, reference, tax and company ids, then
        the patient code and the phones) is served by indexes, whatever is typed."""
        self.bitmap_scans_only()
        partners = self.env["res.partner"]
        texts = ("Ortuño", "García López", "casilda.ortuno@", "48291736Q", "61234", "612 345 678", "+34612345678")
        for text in texts:
            with self.subTest(text=text):
                plan = self.plan(partners._search_display_name("ilike", text))
                self.assertNotIn("Seq Scan", plan)
                for name in ("complete_name_trgm", "email_trgm", "ref_trgm", "vat_trgm", "company_registry_trgm"):
                    self.assertIn(name, plan)

    def test_an_employee_outside_the_clinic_searches_through_indexes(self):
        """Their record rule (not a patient, or themselves) is an index condition too: their
        contact list and any many2one search read no partner table from end to end."""
        employee = new_test_user(self.env, login="hc_plain_employee", groups="base.group_user")
        self.bitmap_scans_only()
        partners = self.env["res.partner"]
        for domain in ([], partners._search_display_name("ilike", "García López")):
            with self.subTest(domain=domain):
                plan = self.plan(domain, employee)
                self.assertIn("is_patient", plan, "the record rule applies")
                self.assertNotIn("Seq Scan on res_partner", plan)

    def test_the_duplicate_check_is_served_by_btree_indexes(self):
        """Opening a patient looks for others with the same numbers, email or document: equalities
        on btree indexes, not a trigram scan of every address ending in example.com."""
        self.bitmap_scans_only()
        domain = self.casilda._duplicate_patients_domain()
        self.assertIn(("email_normalized", "=", "casilda.ortuno@example.com"), domain)
        plan = self.plan(domain)
        self.assertNotIn("Seq Scan", plan)
        self.assertNotIn("trgm", plan)
        for name in ("mobile_e164_index", "phone_e164_index", "email_normalized_index", "id_document_number_index"):
            self.assertIn(name, plan)

    def test_the_duplicate_check_ignores_case_and_spaces_in_the_email(self):
        twin = self.env["res.partner"].create(
            {"name": "Casilda O.", "is_patient": True, "email": " Casilda.Ortuno@Example.com "}
        )
        self.assertEqual(twin.duplicate_patient_ids, self.casilda)


@tagged("post_install", "-at_install")
class TestPhoneNameSearchRpc(PhoneSearchMixin, RpcCase):
    """Digits typed in any many2one (a quote's customer, an appointment's patient) find the patient."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.es")
        cls.receptionist = cls.role_user("receptionist")
        cls.make_patients(cls.env["res.partner"])

    def test_name_search_finds_a_phone_however_typed(self):
        for spelling in SPELLINGS:
            with self.subTest(spelling=spelling):
                found = self.call_kw(self.receptionist, "res.partner", "name_search", name=spelling, limit=8)
                self.assertFinds(self.env["res.partner"].browse([row[0] for row in found]), spelling)

    def test_name_search_keeps_odoo_search_for_text(self):
        for text in ("Ortuño", "casilda.ortuno@", self.casilda.patient_code):
            with self.subTest(text=text):
                found = self.call_kw(self.receptionist, "res.partner", "name_search", name=text, limit=8)
                self.assertEqual([row[0] for row in found], [self.casilda.id])
