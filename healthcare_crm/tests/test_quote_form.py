import ast

from lxml import etree

from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import RpcCase

NOISE_PAGES = ("other_information", "optional_products", "customer_signature")


def invisible_for(node, record):
    """Evaluates a node's `invisible` expression on `record`, as the web client does."""
    expression = node.get("invisible")
    if not expression:
        return False
    names = {n.id for n in ast.walk(ast.parse(expression, mode="eval")) if isinstance(n, ast.Name)}
    values = {}
    for name in names - {"True", "False", "None"}:
        value = record[name]
        values[name] = value.id if hasattr(value, "_name") and record._fields[name].type == "many2one" else value
    return bool(safe_eval(expression, values))


@tagged("post_install", "-at_install")
class TestQuoteForm(TransactionCase):
    """The quote form as the clinic's coordinator sees it on a patient's quote."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = new_test_user(
            cls.env, login="hc_quote_form_desk", groups="healthcare_crm.group_healthcare_receptionist", lang="en_US"
        )
        cls.patient = cls.env["res.partner"].create({"name": "Marta Quintana", "is_patient": True})
        cls.company = cls.env["res.partner"].create({"name": "Proveedor Dental SL", "is_company": True})
        cls.implant = cls.env["product.product"].create({"name": "Implante dental", "list_price": 1200.0})

    def quote(self, partner):
        with Form(self.env["sale.order"].with_user(self.receptionist)) as form:
            form.partner_id = partner
            with form.order_line.new() as line:
                line.product_id = self.implant
        return form.record

    def arch(self, lang="en_US"):
        orders = self.env["sale.order"].with_user(self.receptionist).with_context(lang=lang)
        return etree.fromstring(orders.get_views([(False, "form")])["views"]["form"]["arch"])

    def test_partner_is_the_patient(self):
        quote = self.quote(self.patient)
        self.assertTrue(quote.is_patient_quote)
        arch = self.arch()
        patient_fields = arch.xpath("//field[@name='partner_id'][@string='Patient']")
        self.assertEqual(len(patient_fields), 1, "one partner field is labelled Patient")
        self.assertFalse(invisible_for(patient_fields[0], quote))
        customer_fields = arch.xpath("//group[@name='partner_details']/field[@name='partner_id'][not(@string)]")
        self.assertTrue(invisible_for(customer_fields[0], quote), "Odoo's Customer field is hidden")

        order = self.quote(self.company)
        self.assertFalse(order.is_patient_quote)
        self.assertTrue(invisible_for(patient_fields[0], order))
        self.assertFalse(invisible_for(customer_fields[0], order), "a company's order keeps Customer")

    def test_a_patients_quotes_button_opens_the_pipeline_list(self):
        quote = self.quote(self.patient)
        action = self.patient.with_user(self.receptionist).action_view_sale_order()
        self.assertEqual(action["id"], self.env.ref("healthcare_crm.action_quote_pipeline").id)
        self.assertEqual(action["views"][0][1], "list", "a list of the patient's quotes, not a kanban")
        self.assertEqual(self.env["sale.order"].search(action["domain"]), quote)
        self.assertEqual(action["display_name"], "Quotes of Marta Quintana")
        # Sales' own button for a company (and for staff outside the clinic) is left as Odoo has it.
        self.assertEqual(
            self.company.action_view_sale_order()["id"], self.env.ref("sale.act_res_partner_2_sale_order").id
        )

    def test_partner_is_paciente_in_spanish(self):
        self.env["res.lang"]._activate_lang("es_ES")
        self.env["ir.module.module"]._load_module_terms(["healthcare_crm"], ["es_ES"], overwrite=True)
        arch = self.arch("es_ES")
        self.assertTrue(arch.xpath("//field[@name='partner_id'][@string='Paciente']"), "Paciente in Spanish")

    def test_follow_up_stage_is_the_status_and_noise_pages_are_hidden(self):
        quote = self.quote(self.patient)
        arch = self.arch()
        stage_bar = arch.xpath("//header/field[@name='followup_stage_id'][@widget='statusbar']")
        self.assertTrue(stage_bar)
        self.assertFalse(invisible_for(stage_bar[0], quote), "the follow-up stage is the status bar")
        state_bar = arch.xpath("//header/field[@name='state'][@widget='statusbar']")[0]
        self.assertTrue(invisible_for(state_bar, quote), "Odoo's sale status is secondary")
        state_badge = arch.xpath("//sheet//field[@name='state']")
        self.assertTrue(state_badge and not invisible_for(state_badge[0], quote), "the sale status still shows")
        outcome = arch.xpath("//sheet//field[@name='followup_outcome'][@widget='badge']")
        self.assertTrue(outcome and not invisible_for(outcome[0], quote), "the outcome is a badge")
        for name in NOISE_PAGES:
            with self.subTest(page=name):
                page = arch.xpath(f"//page[@name='{name}']")
                if name == "customer_signature":  # debug mode only (base.group_no_one): not sent to the desk
                    self.assertFalse(page)
                    combined = self.env.ref("sale.view_order_form").get_combined_arch()
                    page = etree.fromstring(combined).xpath(f"//page[@name='{name}']")
                self.assertTrue(page, f"{name} is on Odoo's form")
                self.assertTrue(invisible_for(page[0], quote), f"{name} is hidden on a patient's quote")
        for name in ("order_lines", "followup"):
            self.assertFalse(invisible_for(arch.xpath(f"//page[@name='{name}']")[0], quote))
        self.assertFalse(
            invisible_for(arch.xpath("//page[@name='other_information']")[0], self.quote(self.company)),
            "a company's order keeps Other Info",
        )

    def test_confirm_buttons_are_hidden_on_a_rejected_quote(self):
        quote = self.quote(self.patient)
        confirms = self.arch().xpath("//header/button[@name='action_confirm']")
        self.assertTrue(any(not invisible_for(button, quote) for button in confirms))
        quote.write(
            {
                "followup_stage_id": self.env.ref("healthcare_crm.quote_stage_rejected").id,
                "rejection_reason_id": self.env.ref("healthcare_crm.rejection_reason_price").id,
            }
        )
        self.assertTrue(all(invisible_for(button, quote) for button in confirms))


@tagged("post_install", "-at_install")
class TestQuoteFormRpc(RpcCase):
    """What the form's buttons do, called as the web client calls them for the receptionist."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.receptionist = cls.role_user("receptionist", login="rpc_quote_desk")
        cls.colleague = cls.role_user("receptionist", login="rpc_quote_colleague")
        cls.patient = cls.env["res.partner"].create({"name": "Sergio Lozano", "is_patient": True})
        implant = cls.env["product.product"].create({"name": "Implante dental", "list_price": 1200.0})
        cls.quote = cls.env["sale.order"].create(
            {
                "partner_id": cls.patient.id,
                "user_id": cls.receptionist.id,
                "order_line": [(0, 0, {"product_id": implant.id})],
            }
        )
        cls.price = cls.env.ref("healthcare_crm.rejection_reason_price")

    def reject(self):
        action = self.call_kw(self.receptionist, "sale.order", "action_followup_reject", [self.quote.id])
        context = {"lang": "en_US", **action["context"]}
        self.assertEqual(context["active_ids"], [self.quote.id])
        saved = self.call_kw(
            self.receptionist,
            action["res_model"],
            "web_save",
            [],
            {"rejection_reason_id": self.price.id, "rejection_note": "Lo pensará"},
            specification={"order_ids": {}},
            context=context,
        )
        self.assertEqual(saved[0]["order_ids"], [self.quote.id], "the dialog lists the quote it was opened from")
        self.call_kw(self.receptionist, action["res_model"], "action_reject", [saved[0]["id"]], context=context)
        self.quote.invalidate_recordset()

    def test_rejecting_cancels_open_activities(self):
        self.quote.activity_schedule(
            "mail.mail_activity_data_call", summary="Llamar a Sergio", user_id=self.receptionist.id
        )
        self.quote.activity_schedule(
            "mail.mail_activity_data_todo", summary="Enviar financiación", user_id=self.colleague.id
        )
        self.assertEqual(len(self.quote.activity_ids), 2)
        self.reject()
        self.assertEqual(self.quote.followup_outcome, "rejected")
        self.assertFalse(self.quote.activity_ids, "no open activity is left on a rejected quote")
        self.assertFalse(
            self.env["mail.activity"].search([("res_model", "=", "sale.order"), ("res_id", "=", self.quote.id)])
        )
        notes = " ".join(self.quote.message_ids.mapped("body"))
        self.assertIn("Llamar a Sergio", notes, "the chatter says which activities were cancelled")
        self.assertIn("Enviar financiación", notes)

    def test_a_rejected_quote_cannot_be_confirmed(self):
        self.reject()
        self.env["ir.module.module"]._load_module_terms(["healthcare_crm"], ["es_ES"], overwrite=True)
        error = self.assertRpcRefused(
            self.call_kw,
            self.receptionist,
            "sale.order",
            "action_confirm",
            [self.quote.id],
            context={"lang": "es_ES"},
            error="UserError",
        )
        self.assertIn("rechazado", error.message)
        self.assertIn(self.quote.name, error.message)
        self.quote.invalidate_recordset()
        self.assertEqual(self.quote.state, "draft")
        self.assertEqual(self.quote.followup_outcome, "rejected")
        self.assertRpcRefused(
            self.call_kw, self.receptionist, "sale.order", "action_followup_accept", [self.quote.id], error="UserError"
        )

    def test_log_action_dialog_is_titled_log_action(self):
        action = self.call_kw(
            self.receptionist, "sale.order", "action_log_followup", [self.quote.id], context={"lang": "en_US"}
        )
        self.assertEqual(action["name"], "Log Action")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["context"]["default_sale_order_id"], self.quote.id)
        action = self.call_kw(
            self.receptionist, "sale.order", "action_log_followup", [self.quote.id], context={"lang": "es_ES"}
        )
        self.assertEqual(action["name"], "Registrar acción")
