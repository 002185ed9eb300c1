import base64
import json

from odoo.addons.healthcare_crm.tests.common import RpcError
from odoo.tests import tagged

from .consent_form_common import ConsentFormCase, drawn_signature


@tagged("post_install", "-at_install")
class TestConsentFormPublicPage(ConsentFormCase):
    def setUp(self):
        super().setUp()
        self.form = self.send_for_quote()
        self.token = self.form.sudo().token
        self.path = f"/clinic/consent/{self.token}"

    def test_the_patient_reads_and_signs_in_spanish(self):
        page = self.url_open(self.path)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Clínica Dental Sonrisa", page.text, "branded with the clinic")
        self.assertIn("extracción", page.text.lower())
        self.assertIn("He leído el documento: firmar", page.text)
        self.assertIn("portal.signature_form", page.text, "Odoo's own signature form")

        answer = self.sign_over_http(self.token).json()["result"]
        self.assertIn("message", answer, answer)
        self.assertEqual(self.form.state, "signed")
        self.assertEqual(self.form.signed_by, "Rocío Prieto")
        self.assertEqual(self.form.signed_user_agent, "Mozilla/5.0 (iPhone) Test")
        self.assertEqual(self.form.signed_ip, "127.0.0.1")
        self.assertTrue(self.form.pdf_attachment_id.raw.startswith(b"%PDF"))

        self.assertEqual(self.url_open(self.path).status_code, 404, "a used link opens nothing")
        again = self.sign_over_http(self.token, name="Otra Persona").json()["result"]
        self.assertIn("error", again)
        self.assertEqual(self.form.signed_by, "Rocío Prieto", "a second signature changes nothing")

    def test_forged_links_reveal_nothing(self):
        for token in ("x" * 43, "short", self.token[:-1] + ("A" if self.token[-1] != "A" else "B"), "%00" * 20):
            with self.subTest(token=token):
                page = self.url_open(f"/clinic/consent/{token}")
                self.assertEqual(page.status_code, 404)
                self.assertNotIn("Rocío", page.text)
                self.assertNotIn("extracción", page.text.lower())
                self.assertIn("error", self.sign_over_http(token).json()["result"])
        self.assertEqual(self.form.state, "sent")

    def test_malformed_signatures_are_refused_and_write_nothing(self):
        bad_bodies = [
            {"signature": base64.b64encode(b"<svg onload=alert(1)>").decode()},  # not an image
            {"signature": "@@@not base64@@@"},
            {"signature": ""},
            {"name": "", "signature": drawn_signature()},
            {"name": ["Rocío"], "signature": drawn_signature()},
            {"signature": {"image": "x"}},
            {"signature": 12345},
        ]
        for body in bad_bodies:
            with self.subTest(body=str(body)[:60]):
                response = self.sign_over_http(self.token, **body)
                self.assertEqual(response.status_code, 200)
                self.assertIn("error", response.json()["result"])
        # Not JSON at all, or a GET: refused without a 500.
        raw = self.url_open(f"{self.path}/sign", data="not json", headers={"Content-Type": "application/json"})
        self.assertLess(raw.status_code, 500)
        if raw.status_code == 200:
            self.assertIn("error", raw.json())
        self.assertIn(self.url_open(f"{self.path}/sign").status_code, (400, 404, 405))
        self.form.invalidate_recordset()
        self.assertEqual(self.form.state, "sent")
        self.assertFalse(self.form.signed_by)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "healthcare.consent.form"), ("res_id", "=", self.form.id)]
            )
        )

    def test_who_reaches_the_signed_documents(self):
        self.form.sudo()._sign("Rocío Prieto", drawn_signature(), "203.0.113.7", "Mozilla")
        pdf = self.form.pdf_attachment_id
        other = self.env["healthcare.consent.form"]._send(self.other_patient, self.implant)

        # The front desk sends and reads them, over both ways in.
        for way, call in self.both_rpcs():
            with self.subTest(way=way, role="receptionist"):
                read = call(
                    self.receptionist, "healthcare.consent.form", "read", self.form.ids, ["state", "document_hash"]
                )
                self.assertEqual(read[0]["state"], "signed")
                self.assertTrue(call(self.receptionist, "ir.attachment", "read", pdf.ids, ["name"]))

        # Not an employee outside the clinic roles, not an accountant, not the patient's portal user.
        portal = self.role_user("portal", login="consent_portal", partner_id=self.patient.id)
        accountant = self.role_user("employee", login="consent_accountant")
        accountant.groups_id += self.env.ref("account.group_account_invoice")
        for user in (self.role_user("employee", login="consent_employee"), accountant, portal):
            for way, call in self.both_rpcs():
                with self.subTest(way=way, user=user.login):
                    self.assertRpcRefused(
                        call, user, "healthcare.consent.form", "read", (self.form | other).ids, ["body"]
                    )
                    self.assertRpcRefused(call, user, "ir.attachment", "read", pdf.ids, ["datas"])
            self.authenticate(user.login, user.login)
            self.assertIn(self.url_open(f"/web/content/{pdf.id}").status_code, (403, 404))

        # Public: the PDF is not served.
        self.authenticate(None, None)
        response = self.url_open(f"/web/content/{pdf.id}")
        self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")

    def test_no_one_types_or_alters_the_evidence_over_rpc(self):
        forged = {
            "name": "Firmado",
            "patient_id": self.patient.id,
            "body": "<p>Acepto todo</p>",
            "state": "signed",
            "signed_by": self.patient.name,
        }
        manager = self.role_user("manager", login="consent_manager_forge")
        for user in (self.receptionist, manager):
            with self.subTest(user=user.login):
                with self.assertRaises(RpcError):
                    self.call_kw(user, "healthcare.consent.form", "create", [forged])
                with self.assertRaises(RpcError):
                    self.call_kw(user, "healthcare.consent.form", "write", self.form.ids, {"body": "<p>Otro texto</p>"})
                with self.assertRaises(RpcError):
                    self.call_kw(
                        user, "healthcare.consent.form", "write", self.form.ids, {"patient_id": self.other_patient.id}
                    )
        self.form.invalidate_recordset()
        self.assertEqual((self.form.state, self.form.patient_id), ("sent", self.patient))
        self.assertNotIn("Otro texto", self.form.body)
        self.assertFalse(self.env["healthcare.consent.form"].search([("name", "=", "Firmado")]))
        # The document's chatter stays open to the staff who read it.
        self.call_kw(self.receptionist, "healthcare.consent.form", "message_post", self.form.ids, body="Llamar mañana")

    def test_the_receptionist_sends_over_rpc(self):
        quote = self.env["sale.order"].create(
            {
                "partner_id": self.other_patient.id,
                "order_line": [(0, 0, {"product_id": self.product_extraction.id, "product_uom_qty": 1})],
            }
        )
        action = self.call_kw(self.receptionist, "sale.order", "action_send_consent_forms", quote.ids)
        wizard_id = self.call_kw(
            self.receptionist, "healthcare.consent.form.send", "create", [{}], context=action["context"]
        )[0]
        self.call_kw(self.receptionist, "healthcare.consent.form.send", "action_send", [wizard_id])
        self.assertEqual(quote.consent_form_state, "pending")
        employee = self.role_user("employee", login="consent_employee_send")
        with self.assertRaises(RpcError):
            self.call_kw(employee, "healthcare.consent.form.send", "create", [{"patient_id": self.patient.id}])
        self.assertEqual(json.dumps(quote.consent_form_ids.mapped("state")), '["sent"]')
