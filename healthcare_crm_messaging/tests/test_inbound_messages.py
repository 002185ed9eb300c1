import base64
import time
from datetime import timedelta

from psycopg2.errors import UniqueViolation

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import InboundCase

# The smallest files their types are recognised by: what a phone would send, in miniature.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@tagged("post_install", "-at_install")
class TestInboundMessages(InboundCase):
    def test_whatsapp_text_lands_in_the_chatter_the_history_and_the_desk(self):
        patient = self.patient(mobile="699 100 501")
        response = self.post_whatsapp(
            [self.text("34699100501", "Hola, ¿puedo cambiar mi cita?")], contacts=[("34699100501", "Lucía")]
        )
        self.assertEqual(response.status_code, 200)
        message = self.received(patient)
        self.assertEqual(
            (message.channel, message.sender, message.body, message.is_read, message.answer),
            ("whatsapp", "+34699100501", "Hola, ¿puedo cambiar mi cita?", False, False),
        )
        post = patient.message_ids.filtered(lambda m: "cambiar mi cita" in (m.body or ""))
        self.assertEqual(post.author_id, patient, "posted as the patient, not as a staff user")
        self.assertFalse(post.notified_partner_ids, "a note: nobody is emailed the patient's words")
        [interaction] = self.history(patient)
        self.assertEqual(
            (interaction.channel, interaction.outcome, interaction.summary, interaction.user_id),
            ("whatsapp", "replied", "Hola, ¿puedo cambiar mi cita?", self.env["res.users"]),
        )
        [activity] = patient.activity_ids
        self.assertEqual(activity.summary, "Answer the messages of Lucía Navarro")
        self.assertIn("cambiar mi cita", str(activity.note))
        self.assertTrue(patient.whatsapp_last_inbound)
        self.assertFalse(self.whatsapp.messages, "no automatic answer to a question")

        self.post_whatsapp([self.text("34699100501", "¿Hola?")])
        self.assertEqual(len(self.received(patient)), 2)
        self.assertEqual(len(patient.activity_ids), 1, "one open to-do per patient is enough")

    def test_whatsapp_files_are_fetched_and_kept_as_attachments(self):
        patient = self.patient(mobile="699 100 502")
        self.whatsapp.media.update(
            {
                "MEDIA-IMG": (PNG, "image/png"),
                "MEDIA-PDF": (PDF, "application/pdf"),
                "MEDIA-ZIP": (b"PK\x03\x04" + b"\x00" * 30, "application/zip"),
                "MEDIA-FAKE": (b"<html><script>alert(1)</script></html>", "image/jpeg"),
            }
        )
        base = {"from": "34699100502", "timestamp": str(int(time.time()))}
        self.post_whatsapp(
            [
                {
                    **base,
                    "id": "wamid.IMG",
                    "type": "image",
                    "image": {"id": "MEDIA-IMG", "mime_type": "image/png", "caption": "La encía"},
                },
                {
                    **base,
                    "id": "wamid.PDF",
                    "type": "document",
                    "document": {"id": "MEDIA-PDF", "mime_type": "application/pdf", "filename": "informe.pdf"},
                },
                {
                    **base,
                    "id": "wamid.ZIP",
                    "type": "document",
                    "document": {"id": "MEDIA-ZIP", "mime_type": "application/zip"},
                },
                {**base, "id": "wamid.FAKE", "type": "image", "image": {"id": "MEDIA-FAKE", "mime_type": "image/jpeg"}},
                {
                    **base,
                    "id": "wamid.LOC",
                    "type": "location",
                    "location": {"latitude": 40.4168, "longitude": -3.7038, "name": "Puerta del Sol"},
                },
            ]
        )
        image, document, archive, fake, location = self.received(patient)
        self.assertEqual((image.message_type, image.body), ("image", "La encía"))
        self.assertEqual(image.attachment_ids.raw, PNG)
        self.assertEqual(image.attachment_ids.mimetype, "image/png")
        self.assertEqual((document.attachment_ids.name, document.attachment_ids.raw), ("informe.pdf", PDF))
        self.assertEqual(
            (document.attachment_ids.res_model, document.attachment_ids.res_id), ("res.partner", patient.id)
        )
        self.assertFalse(archive.attachment_ids)
        self.assertIn("File not kept: files of type application/zip are not kept", archive.body)
        self.assertFalse(fake.attachment_ids, "a 'photo' that is HTML is not kept")
        self.assertIn("File not kept", fake.body)
        self.assertEqual(location.body, "Puerta del Sol (40.4168, -3.7038)")
        post = patient.message_ids.filtered(lambda m: "La encía" in (m.body or ""))
        self.assertEqual(post.attachment_ids, image.attachment_ids, "the photo is in the chatter too")
        self.assertIn("Image: La encía", self.history(patient)[0].summary)
        self.assertIn("/MEDIA-IMG", self.whatsapp.media_requests, "the file's URL asked first, as the API wants")

    def test_files_over_the_size_limit_are_not_kept(self):
        self.env["ir.config_parameter"].set_param("healthcare_crm_messaging.inbound_media_max_bytes", "100")
        patient = self.patient(mobile="699 100 503")
        self.whatsapp.media["MEDIA-BIG"] = (PDF + b"0" * 200, "application/pdf")
        self.post_whatsapp(
            [
                {
                    "from": "34699100503",
                    "id": "wamid.BIG",
                    "timestamp": str(int(time.time())),
                    "type": "document",
                    "document": {"id": "MEDIA-BIG", "mime_type": "application/pdf"},
                }
            ]
        )
        message = self.received(patient)
        self.assertFalse(message.attachment_ids)
        self.assertIn("larger than", message.body)

    def test_sms_with_media_and_a_twiml_answer(self):
        patient = self.patient(mobile="699 100 504")
        photo = self.twilio.add_media(PNG, "image/png")
        response = self.post_sms("+34699100504", "Mire esta foto", media=[(photo, "image/png")])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"].split(";")[0], "text/xml")
        self.assertIn("<Response></Response>", response.text)
        message = self.received(patient)
        self.assertEqual((message.channel, message.body, message.attachment_ids.raw), ("sms", "Mire esta foto", PNG))
        [interaction] = self.history(patient)
        self.assertEqual(interaction.channel, "sms")
        self.assertFalse(patient.whatsapp_last_inbound, "an SMS opens no WhatsApp window")

        # The account's credentials go only to the Twilio API: a media URL elsewhere is not fetched.
        self.post_sms("+34699100504", "Otra", media=[(f"{self.whatsapp.url}/files/x", "image/png")])
        self.assertFalse(self.received(patient)[1].attachment_ids)
        self.assertFalse(self.whatsapp.media_requests)

    def test_the_number_finds_the_patient_before_other_contacts(self):
        contact = self.env["res.partner"].create({"name": "Proveedor", "mobile": "+34 699 100 505"})
        older = self.patient("Ana Antigua", phone="+34699100505")
        newer = self.patient("Ana Nueva", mobile="699100505")
        self.post_whatsapp([self.text("34699100505", "Hola")])
        self.assertTrue(self.received(newer), "the most recent patient with the number")
        self.assertFalse(self.received(older) or self.received(contact))

        other = self.env["res.partner"].create({"name": "Sin ser paciente", "phone": "+34 911 222 333"})
        self.post_sms("+34911222333", "Hola")
        self.assertTrue(self.received(other), "a contact that is not a patient, when no patient has the number")

    def test_an_unknown_number_opens_a_prospect_the_desk_makes_a_patient(self):
        self.post_whatsapp(
            [self.text("34699100506", "Quería pedir precio de una limpieza"), self.text("34699100506", "Gracias")],
            contacts=[("34699100506", "Marta G.")],
        )
        prospect = self.env["res.partner"].search([("mobile_e164", "=", "+34699100506")])
        self.assertEqual(
            (prospect.name, prospect.is_prospect, prospect.is_patient, prospect.country_id.code),
            ("Marta G.", True, False, "ES"),
        )
        self.assertEqual(len(self.received(prospect)), 2, "one prospect for the number, however many messages")
        self.assertIn(prospect, self.env["res.partner"].search([("is_prospect", "=", True)]))

        self.post_sms("+34699100507", "Hola")
        self.assertEqual(self.env["res.partner"].search([("mobile_e164", "=", "+34699100507")]).name, "+34699100507")

        prospect.action_make_patient()
        self.assertEqual((prospect.is_patient, prospect.is_prospect), (True, False))
        self.assertTrue(prospect.patient_code)
        self.post_whatsapp([self.text("34699100506", "¿Y mañana?")])
        self.assertEqual(len(self.received(prospect)), 3, "the same person, now a patient")

    def test_a_provider_retry_writes_nothing_twice(self):
        patient = self.patient(mobile="699 100 508")
        message = self.text("34699100508", "Hola", message_id="wamid.RETRY")
        for __ in range(2):
            self.assertEqual(self.post_whatsapp([message, message]).status_code, 200)
        sms = {"sid": "SMRETRY0000000000000000000000000"}
        for __ in range(2):
            self.assertEqual(self.post_sms("+34699100508", "Hola por SMS", **sms).status_code, 200)
        self.assertEqual(len(self.received(patient)), 2)
        self.assertEqual(len(self.history(patient)), 2)
        self.assertEqual(len(patient.message_ids.filtered(lambda m: m.author_id == patient)), 2)
        self.assertEqual(len(patient.activity_ids), 1)
        with self.assertRaises(UniqueViolation), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.received(patient)[0].copy()  # the unique key behind the check

    def test_whatsapp_window_opens_with_the_last_message(self):
        patient = self.patient(mobile="699 100 509")
        self.assertFalse(patient._whatsapp_free_text_allowed())
        yesterday = time.time() - 26 * 3600
        self.post_whatsapp([self.text("34699100509", "Hola", timestamp=yesterday)])
        self.assertFalse(patient._whatsapp_free_text_allowed(), "written 26 hours ago: the window has closed")
        self.post_whatsapp([self.text("34699100509", "¿Siguen ahí?")])
        last = patient.whatsapp_last_inbound
        self.assertTrue(patient._whatsapp_free_text_allowed())
        self.assertTrue(patient._whatsapp_free_text_allowed(last + timedelta(hours=23, minutes=59)))
        self.assertFalse(patient._whatsapp_free_text_allowed(last + timedelta(hours=24)))
        self.post_whatsapp([self.text("34699100509", "Antiguo", timestamp=yesterday)])
        self.assertEqual(patient.whatsapp_last_inbound, last, "a late delivery of an older message keeps the window")
        future = time.time() + 3600
        self.post_whatsapp([self.text("34699100509", "Del futuro", timestamp=future)])
        self.assertLessEqual(patient.whatsapp_last_inbound, fields.Datetime.now(), "no window beyond our clock")

    def test_a_batch_costs_no_query_per_message_beyond_its_own_writes(self):
        patients = [self.patient(f"Paciente {n}", mobile=f"699 200 {n:03d}") for n in range(15)]
        self.post_whatsapp([self.text("34699200000", "Hola")])  # warm the caches and routes

        def cost(numbers):
            self.env.flush_all()
            before = self.cr.sql_log_count
            response = self.post_whatsapp([self.text(f"34699200{n:03d}", "Gracias") for n in numbers])
            self.assertEqual(response.status_code, 200)
            return self.cr.sql_log_count - before

        two, four, eight = cost(range(1, 3)), cost(range(3, 7)), cost(range(7, 15))
        per_message = (four - two) / 2
        # The lookups (stored ids, senders, reminded appointments) are one query for the whole
        # batch: only each message's own writes (its row, chatter note, history line, to-do)
        # grow with it, the same for every message.
        self.assertEqual(eight - four, 4 * per_message, (two, four, eight))
        self.assertTrue(0 < per_message <= PER_MESSAGE_QUERIES, (two, four, eight))
        self.assertLessEqual(two - 2 * per_message, BATCH_QUERIES, "the request and the batch's lookups")
        self.assertTrue(all(self.received(p) for p in patients[1:]))


# What one more message in a batch may cost: its row, the chatter note (mail's queries), the
# contact history line and the desk's to-do (22 when measured); and what a batch costs beside
# its messages: the signature, stored ids, senders, reminded appointments (25 when measured).
PER_MESSAGE_QUERIES = 25
BATCH_QUERIES = 30
