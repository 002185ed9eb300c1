"""The knowledge base: approved answers found by any word, sent to the patient on their channel
(fake Twilio and WhatsApp), and sent once after the treatment they are about."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_whatsapp import WhatsappCase


@tagged("post_install", "-at_install")
class TestKnowledgeBase(WhatsappCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.articles = cls.env["healthcare.kb.article"]
        cls.implant = cls.env["product.product"].create({"name": "Implante unitario", "list_price": 1200.0})
        cls.aftercare = cls.articles.create(
            {
                "name": "Cuidados tras el implante unitario",
                "category": "aftercare",
                "body": "Aplique frío y coma blando durante 48 horas.",
                "product_ids": [(6, 0, cls.implant.ids)],
            }
        )
        cls.aftercare.action_approve()
        cls.financing = cls.articles.create(
            {"name": "Pago en cuotas sin intereses", "category": "financing", "body": "Hasta 12 meses sin intereses."}
        )
        cls.financing.action_approve()
        cls.draft = cls.articles.create(
            {"name": "Cuotas para ortodoncia (borrador)", "category": "financing", "body": "Pendiente de revisar."}
        )

    def test_search_by_any_word_approved_only(self):
        found = {answer["id"]: answer for answer in self.articles.search_answers("cuotas intereses")}
        self.assertIn(self.financing.id, found)
        self.assertNotIn(self.draft.id, found, "a draft is not offered")
        self.assertEqual(found[self.financing.id]["body"], "Hasta 12 meses sin intereses.")
        self.assertEqual(found[self.financing.id]["category"], "Financing")
        by_treatment = self.articles.search_answers("unitario")
        self.assertIn(self.aftercare.id, [answer["id"] for answer in by_treatment])
        names = self.articles.name_search("unitario frío")  # the dialogs' many2one searches the text too
        self.assertEqual([name[0] for name in names], self.aftercare.ids)

    def test_editing_an_answer_needs_a_new_approval(self):
        article = self.financing.copy({"name": "Pago aplazado"})
        article.action_approve()
        self.assertTrue(article.approved)
        article.body = "Hasta 24 meses."
        self.assertFalse(article.approved)
        self.assertFalse(article.approved_by_id)

    def test_send_by_sms_and_logged(self):
        patient = self.patient(mobile="+34 699 200 300", preferred_channel="sms")
        message = self.financing._send_to(patient)
        self.assertEqual((message.kind, message.channel, message.state), ("article", "sms", "sent"))
        sms = self.sent_to("+34699200300")
        self.assertEqual(len(sms), 1)
        self.assertIn("Hasta 12 meses sin intereses.", sms[0]["Body"])
        self.assertIn("Pago en cuotas sin intereses", patient.interaction_ids[0].summary)
        # Sent again on purpose: a second message.
        self.financing._send_to(patient)
        self.assertEqual(len(self.sent_to("+34699200300")), 2)

    def test_send_by_whatsapp_inside_the_window(self):
        patient = self.patient(mobile="+34 699 200 301", preferred_channel="whatsapp")
        patient.whatsapp_last_inbound = fields.Datetime.now() - timedelta(hours=1)
        message = self.financing._send_to(patient)
        self.assertEqual((message.channel, message.state), ("whatsapp", "sent"))
        self.assertEqual(self.whatsapp.messages[-1]["type"], "text")
        self.assertIn("Hasta 12 meses", self.whatsapp.messages[-1]["text"]["body"])
        # Outside the window no template carries an answer: it goes by SMS.
        patient.whatsapp_last_inbound = fields.Datetime.now() - timedelta(hours=30)
        self.assertEqual(self.financing._send_to(patient).channel, "sms")

    def test_a_draft_is_not_sent(self):
        patient = self.patient(mobile="+34 699 200 302", preferred_channel="sms")
        with self.assertRaisesRegex(UserError, "not approved"):
            self.draft._send_to(patient)
        self.assertFalse(self.sent_to("+34699200302"))

    def treated(self, patient, product, hours=-3):
        quote = self.env["sale.order"].create(
            {"partner_id": patient.id, "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})]}
        )
        visit = self.appointment(patient, hours=hours)
        visit.sale_order_id = quote
        return visit

    def test_answer_sent_once_after_the_treatment(self):
        patient = self.patient(mobile="+34 699 200 303", preferred_channel="sms")
        visit = self.treated(patient, self.implant)
        other = self.treated(
            self.patient("Pedro Sin Implante", mobile="+34 699 200 304"),
            self.env["product.product"].create({"name": "Revisión"}),
        )
        self.articles._cron_send_after_treatment()
        self.assertFalse(self.sent_to("+34699200303"), "not before the patient is seen")
        visit.action_mark_attended()
        other.action_mark_attended()
        self.articles._cron_send_after_treatment()
        self.articles._cron_send_after_treatment()
        sms = self.sent_to("+34699200303")
        self.assertEqual(len(sms), 1, "once")
        self.assertIn("Aplique frío", sms[0]["Body"])
        message = self.sent(patient).filtered(lambda m: m.kind == "article")
        self.assertEqual(message.key, f"article:{visit.id}:{self.aftercare.id}")
        self.assertEqual(message.calendar_event_id, visit)
        self.assertFalse(self.sent_to("+34699200304"), "no answer for that treatment")

    def test_after_treatment_respects_the_blacklist(self):
        patient = self.patient(mobile="+34 699 200 305", preferred_channel="sms")
        self.env["phone.blacklist"].sudo().add("+34699200305")
        self.treated(patient, self.implant).action_mark_attended()
        self.articles._cron_send_after_treatment()
        self.assertFalse(self.sent_to("+34699200305"))
