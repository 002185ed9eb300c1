import json
import re

from odoo import Command
from odoo.addons.mail.tests.common import MockEmail
from odoo.tests import HttpCase, new_test_user, tagged

# A 1x1 PNG: the portal's signature pad sends the drawing as base64.
SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="


class QuotePortalCase(HttpCase):
    """Two patients with a quote each on Odoo's sale portal, followed by a Spanish coordinator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["res.lang"]._lang_get("es_ES").active:
            cls.env["res.lang"]._activate_lang("es_ES")
        cls.env.company.write({"portal_confirmation_sign": True, "portal_confirmation_pay": False})
        cls.coordinator = new_test_user(
            cls.env,
            login="quote_coordinator",
            name="Elena Coordinadora",
            groups="healthcare_crm.group_healthcare_receptionist,sales_team.group_sale_salesman",
            lang="es_ES",
            tz="Europe/Madrid",
        )
        cls.product = cls.env["product.product"].create({"name": "Blanqueamiento dental", "list_price": 350})
        cls.patient = cls.env["res.partner"].create(
            {"name": "Sofía Hernández", "is_patient": True, "lang": "es_ES", "email": "sofia@example.com"}
        )
        cls.other_patient = cls.env["res.partner"].create(
            {"name": "Javier Moreno", "is_patient": True, "lang": "es_ES", "email": "javier@example.com"}
        )
        cls.quote = cls.make_quote(cls.patient)
        cls.other_quote = cls.make_quote(cls.other_patient)

    @classmethod
    def make_quote(cls, patient):
        quote = cls.env["sale.order"].create(
            {
                "partner_id": patient.id,
                "user_id": cls.coordinator.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        quote.action_quotation_sent()
        return quote

    def path(self, quote, suffix=None):
        return quote.get_portal_url(suffix=suffix)

    def request(self, method, path, **kwargs):
        """`path` in the patients' language, as their links are (see sale_order_online.py)."""
        prefix = self.quote.access_url.removesuffix(f"/my/orders/{self.quote.id}")
        if path.startswith("/my/"):
            path = prefix + path
        self.env.flush_all()  # the server reads through the test's cursor
        return self.opener.request(method, f"{self.base_url()}{path}", timeout=20, allow_redirects=False, **kwargs)

    def accept(self, quote, access_token, name="Sofía Hernández", signature=SIGNATURE):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"access_token": access_token, "name": name, "signature": signature},
        }
        response = self.request(
            "POST",
            f"/my/orders/{quote.id}/accept",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        return response.json()["result"]

    def csrf(self, quote):
        page = self.request("GET", self.path(quote))
        self.assertEqual(page.status_code, 200, page.text[:300])
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def ask(self, quote, question, access_token=None, **data):
        path = f"/my/orders/{quote.id}/question"
        if access_token is not False:
            path += f"?access_token={access_token or quote.access_token}"
        return self.request("POST", path, data={"csrf_token": self.csrf(quote), "question": question, **data})

    def spanish_on_an_english_website(self):
        website = self.env["website"].search([("company_id", "=", self.quote.company_id.id)], limit=1)
        website.write(
            {
                "language_ids": [Command.link(self.env.ref("base.lang_es").id)],
                "default_lang_id": self.env.ref("base.lang_en").id,
            }
        )
        self.quote.invalidate_recordset(["access_url"])

    def interactions(self, quote):
        return self.env["healthcare.interaction"].search([("sale_order_id", "=", quote.id)])

    def snapshot(self):
        self.env.invalidate_all()
        quotes = self.quote | self.other_quote
        return {
            "states": quotes.mapped("state"),
            "outcomes": quotes.mapped("followup_outcome"),
            "signatures": quotes.mapped("signed_by"),
            "interactions": self.env["healthcare.interaction"].search_count([("sale_order_id", "in", quotes.ids)]),
            "activities": self.env["mail.activity"].search_count(
                [("res_model", "=", "sale.order"), ("res_id", "in", quotes.ids)]
            ),
        }


@tagged("post_install", "-at_install")
class TestQuoteAcceptedOnline(QuotePortalCase):
    def test_signing_online_moves_the_pipeline_logs_it_and_tells_the_coordinator(self):
        self.assertEqual(self.quote.followup_outcome, "open")
        self.assertTrue(self.quote._has_to_be_signed(), "the clinic's quotes are signed online")
        result = self.accept(self.quote, self.quote.access_token)
        self.assertNotIn("error", result, result)
        self.quote.invalidate_recordset()
        self.assertEqual((self.quote.state, self.quote.followup_outcome), ("sale", "accepted"))
        self.assertEqual(self.quote.signed_by, "Sofía Hernández")
        self.assertTrue(self.quote.signature and self.quote.signed_on, "sale keeps the signature and its date")

        interaction = self.interactions(self.quote)
        self.assertEqual(len(interaction), 1)
        self.assertEqual((interaction.channel, interaction.direction), ("web", "inbound"))
        self.assertEqual(interaction.partner_id, self.patient)
        self.assertIn("aceptado en línea con firma", interaction.summary)

        activity = self.quote.activity_ids
        self.assertEqual(activity.user_id, self.coordinator)
        self.assertIn("aceptado en línea con firma", activity.summary)

        # The coordinator sees who signed and the drawing on the quote.
        self.assertTrue(self.quote.with_user(self.coordinator).signature)
        page = self.request("GET", self.path(self.quote, suffix=None) + "&message=sign_ok")
        self.assertIn("Su presupuesto está aceptado", page.text)
        self.assertIn("Presupuesto aceptado", page.text, "still a quote to the patient, not a sales order")

        again = self.accept(self.quote, self.quote.access_token)
        self.assertIn("error", again, "a signed quote is not signed twice")
        self.assertEqual(len(self.interactions(self.quote)), 1)

    def test_signed_with_an_online_payment_pending_stays_open(self):
        self.quote.require_payment = True
        result = self.accept(self.quote, self.quote.access_token)
        self.assertNotIn("error", result, result)
        self.quote.invalidate_recordset()
        self.assertEqual((self.quote.state, self.quote.followup_outcome), ("sent", "open"), "accepted once paid")
        self.assertIn("falta el pago", self.interactions(self.quote).summary)
        self.assertIn("falta el pago", self.quote.activity_ids.summary)

    def test_a_rejected_quote_is_not_offered_to_sign(self):
        rejected = self.env["healthcare.quote.stage"].search([("outcome", "=", "rejected")], limit=1)
        reason = self.env["healthcare.quote.rejection.reason"].search([], limit=1)
        self.quote.write({"followup_stage_id": rejected.id, "rejection_reason_id": reason.id})
        self.assertEqual(self.quote.followup_outcome, "rejected")
        before = self.snapshot()
        self.assertIn("error", self.accept(self.quote, self.quote.access_token))
        self.assertEqual(self.snapshot(), before)

    def test_declining_online_asks_the_coordinator_for_the_reason(self):
        path = self.path(self.quote, suffix="/decline")
        response = self.request(
            "POST", path, data={"csrf_token": self.csrf(self.quote), "decline_message": "Me parece caro"}
        )
        self.assertEqual(response.status_code, 303)
        self.quote.invalidate_recordset()
        self.assertEqual(self.quote.state, "cancel")
        self.assertIn("Me parece caro", self.interactions(self.quote).summary)
        self.assertEqual(self.quote.activity_ids.user_id, self.coordinator)

    def test_the_link_is_unguessable_and_in_the_patient_language(self):
        token = self.quote.access_token
        self.assertRegex(token, r"^[A-Za-z0-9_-]{43}$", "as strong as the appointment page's token")
        self.spanish_on_an_english_website()
        url = self.quote.get_portal_url()
        self.assertTrue(url.startswith(f"/{self.env.ref('base.lang_es').url_code}/my/orders/{self.quote.id}?"), url)
        page = self.request("GET", url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Aceptar y firmar", page.text)
        self.assertIn("¿Tiene alguna pregunta sobre su presupuesto?", page.text)
        self.assertIn("€", page.text)
        # Branded with the clinic, not with the website's placeholder header and footer.
        self.assertIn(self.quote.company_id.name, page.text)
        self.assertNotIn('id="top"', page.text)
        self.assertNotIn('id="bottom"', page.text)


@tagged("post_install", "-at_install")
class TestQuoteSentByEmail(QuotePortalCase, MockEmail):
    def test_the_quote_sent_by_email_opens_its_page_in_spanish(self):
        self.spanish_on_an_english_website()
        action = self.quote.with_user(self.coordinator).action_quotation_send()
        composer = self.env["mail.compose.message"].with_user(self.coordinator).with_context(action["context"])
        with self.mock_mail_gateway():
            composer.create({}).action_send_mail()
        [mail] = [mail for mail in self._new_mails if self.patient in mail.recipient_ids]
        self.assertIn("Aceptar y firmar presupuesto", mail.body_html)
        link = re.search(r'href="[^"]*(/mail/view\?[^"]+)"', mail.body_html).group(1).replace("&amp;", "&")
        self.assertIn(self.quote.access_token, link)
        page = self.request("GET", link)
        self.assertEqual(page.status_code, 303)
        self.assertIn(f"/es/my/orders/{self.quote.id}?access_token={self.quote.access_token}", page.headers["Location"])


@tagged("post_install", "-at_install")
class TestQuoteQuestion(QuotePortalCase):
    def test_question_lands_as_inbound_interaction_with_a_task(self):
        response = self.ask(self.quote, "  ¿Puedo pagarlo en dos plazos?  ")
        self.assertEqual(response.status_code, 303)
        self.assertIn("message=question_sent", response.headers["Location"])
        interaction = self.interactions(self.quote)
        self.assertEqual((interaction.channel, interaction.direction), ("web", "inbound"))
        self.assertEqual(interaction.partner_id, self.patient)
        self.assertIn("¿Puedo pagarlo en dos plazos?", interaction.summary)
        activity = self.quote.activity_ids
        self.assertEqual(activity.user_id, self.coordinator)
        self.assertIn("Responder a la pregunta", activity.summary)
        self.assertIn("¿Puedo pagarlo en dos plazos?", activity.note)
        page = self.request("GET", response.headers["Location"].removeprefix(self.base_url()))
        self.assertIn("Hemos recibido su pregunta", page.text)
        self.assertEqual(self.quote.followup_outcome, "open", "a question answers nothing")

    def test_empty_or_too_long_questions_get_a_clear_message_and_write_nothing(self):
        before = self.snapshot()
        for question, message in (("   ", "Escriba su pregunta."), ("x" * 1001, "Su pregunta es demasiado larga")):
            response = self.ask(self.quote, question)
            self.assertEqual(response.status_code, 400)
            self.assertIn(message, response.text)
            self.assertEqual(self.snapshot(), before)
        response = self.ask(self.quote, "Soy un robot", hc_reference="http://spam.example.com")
        self.assertEqual(response.status_code, 303, "a robot is answered as a person")
        self.assertEqual(self.snapshot(), before, "and writes nothing")


@tagged("post_install", "-at_install")
class TestQuotePortalSafety(QuotePortalCase):
    """Another patient's quote is out of reach: forged tokens, another quote's token, another
    portal user; and whatever odd body reaches the question form, a 4xx and nothing written."""

    def test_forged_or_other_quote_tokens_open_nothing(self):
        before = self.snapshot()
        for token in ("x" * 43, self.other_quote.access_token, "", "é" * 10, self.quote.access_token[:-1]):
            page = self.request("GET", f"/my/orders/{self.quote.id}?access_token={token}")
            self.assertEqual(page.status_code, 303, token)
            self.assertNotIn(f"/my/orders/{self.quote.id}", page.headers["Location"], "sent away to log in")
            self.assertNotIn("Sofía", page.text)
            self.assertIn("error", self.accept(self.quote, token))
            answer = self.ask(self.quote, "¿Hola?", access_token=token or False)
            self.assertEqual(answer.status_code, 404, token)
            self.assertNotIn("Sofía", answer.text)
            self.assertEqual(self.snapshot(), before, token)
        pdf = self.request(
            "GET", f"/my/orders/{self.quote.id}?report_type=pdf&access_token={self.other_quote.access_token}"
        )
        self.assertEqual(pdf.status_code, 303)

    def test_a_portal_patient_sees_only_their_own_quotes(self):
        portal = new_test_user(
            self.env, login="portal_javier", groups="base.group_portal", partner_id=self.other_patient.id
        )
        self.authenticate(portal.login, portal.login)
        quotes = self.request("GET", "/my/quotes")
        self.assertEqual(quotes.status_code, 200)
        self.assertIn(self.other_quote.name, quotes.text)
        self.assertNotIn(self.quote.name, quotes.text)
        own = self.request("GET", f"/my/orders/{self.other_quote.id}")
        self.assertEqual(own.status_code, 200)
        before = self.snapshot()
        other = self.request("GET", f"/my/orders/{self.quote.id}")
        self.assertEqual(other.status_code, 303)
        self.assertIn("error", self.accept(self.quote, None))
        self.assertEqual(self.ask(self.quote, "¿Hola?", access_token=False).status_code, 404)
        self.assertEqual(self.snapshot(), before)
        # Their own quote, from their account: the question reaches their coordinator.
        self.assertEqual(self.ask(self.other_quote, "¿Incluye la revisión?", access_token=False).status_code, 303)
        self.assertEqual(self.interactions(self.other_quote).partner_id, self.other_patient)

    def test_malformed_question_bodies_are_refused(self):
        path = f"/my/orders/{self.quote.id}/question?access_token={self.quote.access_token}"
        csrf = self.csrf(self.quote)
        before = self.snapshot()
        for name, kwargs, status in (
            ("no CSRF token", {"data": {"question": "¿Hola?"}}, 400),
            ("a forged CSRF token", {"data": {"question": "¿Hola?", "csrf_token": "x" * 40}}, 400),
            ("a non-ASCII CSRF token", {"data": {"question": "¿Hola?", "csrf_token": "é" * 40}}, 400),
            ("no question", {"data": {"csrf_token": csrf}}, 400),
            ("a question with only NULs", {"data": {"csrf_token": csrf, "question": "\x00\x00"}}, 400),
            ("a file as the question", {"data": {"csrf_token": csrf}, "files": {"question": ("q.txt", b"hola")}}, 400),
            ("a JSON body", {"json": {"csrf_token": csrf, "question": "¿Hola?"}}, 400),
        ):
            response = self.request("POST", path, **kwargs)
            self.assertEqual(response.status_code, status, f"{name}: {response.text[:200]}")
            self.assertEqual(self.snapshot(), before, name)
        self.assertEqual(self.request("GET", path).status_code, 405, "a question is a POST")
        self.assertEqual(self.snapshot(), before)
