"""An approved answer chosen in the inbox's reply box goes to the patient as free text inside
WhatsApp's 24-hour window (fake WhatsApp on 127.0.0.1)."""

from odoo.tests import Form, new_test_user, tagged

from .common import InboundCase


@tagged("post_install", "-at_install")
class TestInboxAnswers(InboundCase):
    def test_an_approved_answer_fills_the_reply(self):
        desk = new_test_user(self.env, login="kb_inbox_desk", groups="healthcare_crm.group_healthcare_receptionist")
        answer = self.env["healthcare.kb.article"].create(
            {"name": "Pago en cuotas", "category": "financing", "body": "Hasta 12 meses sin intereses."}
        )
        answer.action_approve()
        self.patient(mobile="+34699300500")
        self.post_whatsapp([self.text("34699300500", "¿Se puede pagar a plazos?")])
        conversation = self.env["healthcare.conversation"].search([("partner_id.mobile_e164", "=", "+34699300500")])
        action = conversation.with_user(desk).action_reply()
        form = Form(self.env[action["res_model"]].with_user(desk).with_context(**action["context"]))
        self.assertEqual(form.mode, "text")
        form.kb_article_id = answer
        self.assertEqual(form.body, "Pago en cuotas\n\nHasta 12 meses sin intereses.")
        form.save().action_send()
        sent = [m for m in self.whatsapp.messages if m["type"] == "text"]
        self.assertEqual(sent[-1]["text"]["body"], "Pago en cuotas\n\nHasta 12 meses sin intereses.")
