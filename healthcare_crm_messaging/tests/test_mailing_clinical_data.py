from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.exceptions import ValidationError
from odoo.tests import tagged

MAILING_BASE = {"subject": "Novedades", "body_html": "<p>Hola</p>", "mailing_type": "mail"}
CONDITION_FILTER = "[('is_patient', '=', True), ('condition_ids.name', 'ilike', 'diabetes')]"


@tagged("post_install", "-at_install")
class TestMailingClinicalData(RpcCase):
    """Mailings are sent by the system user: neither their filter nor their content may reach
    a clinical field unless a clinician wrote them, whatever the mailing model or path."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketing = cls.role_user("marketing", login="mail_marketing")
        cls.clinician = cls.role_user("clinician", login="mail_clinician")
        cls.clinician.groups_id += cls.env.ref("mass_mailing.group_mass_mailing_user")
        # Template editors too, as every employee is unless the clinic restricts template rendering:
        # Odoo would then let them write any expression.
        cls.marketing.groups_id += cls.env.ref("mail.group_mail_template_editor")
        cls.model_ids = {
            model: cls.env["ir.model"]._get_id(model)
            for model in ("res.partner", "sale.order", "calendar.event", "account.move")
        }

    def mailing(self, user, model, via=None, **values):
        values = {**MAILING_BASE, "mailing_model_id": self.model_ids[model], **values}
        return (via or self.call_kw)(user, "mailing.mailing", "create", values)

    def test_filters_through_a_related_path_are_refused(self):
        domains = {
            "sale.order": "[('partner_id.allergies', '!=', False)]",
            "calendar.event": "[('partner_ids.clinical_notes', 'ilike', 'fobia')]",
            "account.move": "[('partner_id', 'any', [('condition_ids', '!=', False)])]",
            "res.partner": "[('referred_by_id.medication_ids.name', 'ilike', 'sintrom')]",
        }
        for via, call in self.both_rpcs():
            for model, domain in domains.items():
                with self.subTest(via=via, model=model):
                    error = self.assertRpcRefused(
                        self.mailing, self.marketing, model, via=call, mailing_domain=domain, error="ValidationError"
                    )
                    self.assertIn("cannot read", error.message)
                with self.subTest(via=via, model=model, what="saved filter"):
                    self.assertRpcRefused(
                        call,
                        self.marketing,
                        "mailing.filter",
                        "create",
                        {"name": "Alérgicos", "mailing_domain": domain, "mailing_model_id": self.model_ids[model]},
                        error="ValidationError",
                    )
        self.assertFalse(self.env["mailing.mailing"].search([("subject", "=", "Novedades")]))
        # The clinician may: it is their data.
        self.assertTrue(self.mailing(self.clinician, "sale.order", mailing_domain=domains["sale.order"]))

    def test_refusal_names_the_fields_as_a_spanish_author_reads_them(self):
        """The SMS mailing form's refusal names the fields as the filter editor labels them, in
        the author's language, not as "condition_ids.name"; outside a web request too."""
        author = self.role_user("marketing", login="mail_marketing_es")
        author.lang = "es_ES"
        values = {
            **MAILING_BASE,
            "mailing_model_id": self.model_ids["res.partner"],
            "mailing_type": "sms",
            "body_plaintext": "Hola",
            "mailing_domain": CONDITION_FILTER,
        }
        refusal = "filtra por datos que usted no puede leer (Enfermedades crónicas > Nombre)"
        # As the web client calls it, with the user's language in the context.
        error = self.assertRpcRefused(
            self.call_kw,
            author,
            "mailing.mailing",
            "create",
            values,
            context={"lang": "es_ES"},
            error="ValidationError",
        )
        self.assertIn(refusal, error.message)
        self.assertNotIn("condition_ids", error.message)
        mailings = self.env["mailing.mailing"].with_user(author).with_context(lang="es_ES")
        with self.assertRaises(ValidationError) as caught:
            mailings.create(values)
        self.assertIn(refusal, str(caught.exception))

    def test_clinical_placeholders_are_refused_to_non_clinicians(self):
        contents = [
            {"body_html": '<p>Hola <t t-out="object.allergies"/></p>'},
            {"body_html": '<p t-if="object.condition_ids">Tiene diabetes</p>'},
            {"subject": "{{ object.clinical_notes }}"},
            {"subject": "{{ object.sudo().allergies }}"},
            {"subject": "{{ object['aller' + 'gies'] }}"},
        ]
        for via, call in self.both_rpcs():
            for values in contents:
                with self.subTest(via=via, values=values):
                    self.assertRpcRefused(
                        self.mailing, self.marketing, "res.partner", via=call, error="ValidationError", **values
                    )
            with self.subTest(via=via, model="sale.order"):
                self.assertRpcRefused(
                    self.mailing,
                    self.marketing,
                    "sale.order",
                    via=call,
                    subject="{{ object.partner_id.allergies }}",
                    error="ValidationError",
                )
            with self.subTest(via=via, channel="sms"):
                self.assertRpcRefused(
                    self.mailing,
                    self.marketing,
                    "res.partner",
                    via=call,
                    mailing_type="sms",
                    body_plaintext="Hola {{ object.clinical_notes }}",
                    error="ValidationError",
                )
        placeholders = self.mailing(
            self.marketing, "res.partner", subject="Hola {{ object.name }}", body_html='<p><t t-out="object.name"/></p>'
        )
        self.assertTrue(placeholders, "placeholders on readable fields stay allowed")

    def test_a_clinician_mailing_cannot_be_sent_by_marketing(self):
        mailing_id = self.mailing(self.clinician, "res.partner", subject="Su alergia: {{ object.allergies }}")
        self.assertRpcRefused(
            self.call_kw,
            self.marketing,
            "mailing.mailing",
            "action_put_in_queue",
            [mailing_id],
            error="ValidationError",
        )
        self.assertEqual(self.env["mailing.mailing"].browse(mailing_id).state, "draft")

    def test_mail_templates_too(self):
        values = {
            "name": "Recordatorio",
            "model_id": self.model_ids["res.partner"],
            "subject": "Hola",
            "body_html": '<p><t t-out="object.clinical_notes"/></p>',
        }
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                self.assertRpcRefused(call, self.marketing, "mail.template", "create", values, error="ValidationError")
        template_id = self.call_kw(self.marketing, "mail.template", "create", {**values, "body_html": "<p>Hola</p>"})
        self.assertRpcRefused(
            self.call_kw,
            self.marketing,
            "mail.template",
            "write",
            [template_id],
            {"subject": "{{ object.allergies }}"},
            error="ValidationError",
        )

    def test_segments_through_a_related_path(self):
        for via, call in self.both_rpcs():
            with self.subTest(via=via):
                self.assertRpcRefused(
                    call,
                    self.marketing,
                    "healthcare.segment",
                    "create",
                    {"name": "Referidos alérgicos", "domain": "[('referred_by_id.allergies', '!=', False)]"},
                    error="ValidationError",
                )
