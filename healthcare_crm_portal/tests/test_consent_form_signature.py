import base64
import hashlib
import io

from PIL import Image

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .consent_form_common import ConsentFormCase, drawn_signature


@tagged("post_install", "-at_install")
class TestConsentFormSignature(ConsentFormCase):
    def test_the_quote_sends_its_treatments_consents_by_link(self):
        forms = self.send_for_quote()
        self.assertEqual(forms.template_id, self.extraction, "the quote's treatment picks its template")
        self.assertEqual(forms.state, "sent")
        self.assertEqual(forms.sent_by_id, self.receptionist)
        self.assertEqual(forms.body, self.extraction.body, "the text as sent is kept")
        self.assertEqual(len(forms.sudo().token), 43, "as unguessable as the appointment page's")
        message = forms.message_id
        self.assertEqual((message.kind, message.channel, message.sale_order_id), ("consent_form", "email", self.quote))
        self.assertIn(f"/clinic/consent/{forms.sudo().token}", message.body)
        self.assertEqual(self.quote.consent_form_state, "pending")

        self.extraction.body = "<p>Otro texto</p>"
        self.assertNotEqual(forms.body, self.extraction.body, "editing the template changes no document sent")

    def test_the_appointment_sends_its_types_consents(self):
        appointment_type = self.env.ref("healthcare_crm.appointment_type_treatment")
        generic = self.env.ref("healthcare_crm_portal.consent_form_template_generic")
        event = self.env["calendar.event"].create(
            {"name": "Tratamiento", "patient_id": self.patient.id, "appointment_type_id": appointment_type.id}
        )
        action = event.with_user(self.receptionist).action_send_consent_forms()
        wizard = Form(self.env[action["res_model"]].with_user(self.receptionist).with_context(**action["context"]))
        self.assertEqual(wizard.patient_id, self.patient)
        self.assertIn(generic, wizard.template_ids[:])
        self.assertEqual(wizard.channel_hint, "Email")
        wizard.save().action_send()
        self.assertEqual(event.consent_form_state, "pending")
        self.assertEqual(event.consent_form_ids.message_id.calendar_event_id, event)

    def test_a_patient_no_channel_reaches_gets_nothing(self):
        unreachable = self.env["res.partner"].create({"name": "Paula Gil", "is_patient": True})
        action = unreachable.with_user(self.receptionist).action_send_consent_forms()
        wizard = Form(self.env[action["res_model"]].with_user(self.receptionist).with_context(**action["context"]))
        wizard.template_ids.add(self.implant)
        record = wizard.save()
        with self.assertRaisesRegex(UserError, "No channel reaches"):
            record.action_send()
        self.assertFalse(self.env["healthcare.consent.form"].search([("patient_id", "=", unreachable.id)]))

    def test_signing_stores_the_evidence_and_the_pdf(self):
        form = self.send_for_quote()
        signature = drawn_signature()
        attachment = form.sudo()._sign("Rocío Prieto Gómez", signature, "203.0.113.7", "Mozilla/5.0 (iPhone)")

        self.assertEqual(form.state, "signed")
        self.assertEqual(
            (form.signed_by, form.signed_ip, form.signed_user_agent),
            ("Rocío Prieto Gómez", "203.0.113.7", "Mozilla/5.0 (iPhone)"),
        )
        self.assertTrue(form.signed_on)
        self.assertFalse(form.sudo().token, "the link is used")
        # The hash is of what the patient read and how they signed: recomputed from the body, it matches.
        content = form._signed_content()
        self.assertTrue(content.startswith(form.body.encode()))
        self.assertIn(hashlib.sha256(base64.b64decode(signature)).hexdigest().encode(), content)
        self.assertEqual(form.document_hash, hashlib.sha256(content).hexdigest())
        # The PDF: a real one, on the document, its own hash kept, shown in the patient's chatter.
        self.assertEqual(form.pdf_attachment_id, attachment)
        self.assertEqual((attachment.res_model, attachment.res_id), ("healthcare.consent.form", form.id))
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        self.assertEqual(form.pdf_sha256, hashlib.sha256(attachment.raw).hexdigest())
        note = self.patient.message_ids.filtered(lambda m: attachment in m.attachment_ids)
        self.assertEqual(len(note), 1)
        self.assertIn(form.document_hash, note.body)
        # The quote shows it, the sender is told, the contact history has it.
        self.assertEqual(self.quote.consent_form_state, "signed")
        activity = form.activity_ids
        self.assertEqual(activity.user_id, self.receptionist)
        interaction = self.env["healthcare.interaction"].search(
            [("partner_id", "=", self.patient.id), ("direction", "=", "inbound")]
        )
        self.assertEqual(interaction.sale_order_id, self.quote)

    def test_a_signed_document_cannot_be_signed_again_or_changed(self):
        form = self.send_for_quote()
        form.sudo()._sign("Rocío Prieto", drawn_signature(), "203.0.113.7", "Mozilla")
        evidence = (form.signed_by, form.document_hash, form.pdf_attachment_id)
        with self.assertRaisesRegex(UserError, "already signed"):
            form.sudo()._sign("Otra Persona", drawn_signature(), "198.51.100.1", "curl")
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            form.sudo().write({"body": "<p>Texto cambiado</p>"})
        with self.assertRaisesRegex(UserError, "waiting for signature"):
            form.with_user(self.receptionist).action_cancel()
        with self.assertRaises(UserError):
            form.sudo().unlink()
        self.assertEqual((form.signed_by, form.document_hash, form.pdf_attachment_id), evidence)

    def test_a_signature_that_is_not_an_image_is_refused(self):
        form = self.send_for_quote()
        for bad in ("", "not base64!", base64.b64encode(b"%PDF-1.4 not an image").decode(), "A" * (2 * 1024 * 1024)):
            with self.subTest(signature=bad[:20]), self.assertRaises(UserError):
                form.sudo()._sign("Rocío Prieto", bad, "203.0.113.7", "Mozilla")
        png = base64.b64decode(drawn_signature())
        blank, huge = io.BytesIO(), io.BytesIO()
        Image.new("RGBA", (400, 150), (255, 255, 255, 0)).save(blank, format="PNG")
        Image.new("RGBA", (6000, 6000), (255, 255, 255, 0)).save(huge, format="PNG")
        for name, bad in (
            ("a PNG's header alone", png[:60]),
            ("a blank canvas", blank.getvalue()),
            ("a canvas no phone draws", huge.getvalue()),
        ):
            with self.subTest(name), self.assertRaises(UserError):
                form.sudo()._sign("Rocío Prieto", base64.b64encode(bad).decode(), "203.0.113.7", "Mozilla")
        with self.assertRaisesRegex(UserError, "full name"):
            form.sudo()._sign("   ", drawn_signature(), "203.0.113.7", "Mozilla")
        self.assertEqual(form.state, "sent")
        self.assertFalse(form.signature)

    def test_withdrawn_consents_leave_the_quote_without_pending_consent(self):
        form = self.send_for_quote()
        form.with_user(self.receptionist).action_cancel()
        self.assertEqual(form.state, "cancelled")
        self.assertFalse(form.sudo().token)
        self.assertEqual(self.quote.consent_form_state, "none")
        self.assertFalse(
            self.env["sale.order"].search([("id", "=", self.quote.id), ("consent_form_state", "=", "pending")])
        )

    def test_the_quote_and_appointment_forms_show_the_consent(self):
        forms = self.send_for_quote()
        quote_form = Form(self.quote.with_user(self.receptionist), view="sale.view_order_form")
        self.assertEqual(quote_form.consent_form_state, "pending")
        forms.sudo()._sign("Rocío Prieto", drawn_signature(), "203.0.113.7", "Mozilla")
        quote_form = Form(self.quote.with_user(self.receptionist), view="sale.view_order_form")
        self.assertEqual(quote_form.consent_form_state, "signed")
        # An accountant still opens the quote: the consent button is not theirs, and nothing fails.
        accountant = self.role_user("employee", login="consent_form_accountant")
        accountant.groups_id += self.env.ref("account.group_account_invoice") | self.env.ref(
            "sales_team.group_sale_salesman_all_leads"
        )
        accountant_form = Form(self.quote.with_user(accountant), view="sale.view_order_form")
        self.assertNotIn("consent_form_state", accountant_form._view["fields"])

        event = self.env["calendar.event"].create({"name": "Extracción", "patient_id": self.patient.id})
        self.env["healthcare.consent.form"]._send(self.patient, self.implant, event=event)
        event_form = Form(event.with_user(self.receptionist), view="healthcare_crm.view_appointment_form")
        self.assertEqual(event_form.consent_form_state, "pending")
        pending = (
            self.env["calendar.event"].with_user(self.receptionist).search([("consent_form_state", "=", "pending")])
        )
        self.assertIn(event, pending)
