from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..models.healthcare_appointment_type_booking import SlotTaken, booking_clauses
from .booking_common import BookingSetup


@tagged("post_install", "-at_install")
class TestBookingFlow(BookingSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking(cls.env)
        cls.env.company.country_id = cls.env.ref("base.es")
        # The public user books, as on /reservar.
        cls.public = cls.env.ref("base.public_user")

    def free_start(self, practitioner=None, index=0):
        return self.starts(self.type._online_slots(practitioner or self.dentist))[index]

    def book(self, start=None, practitioner=None, **values):
        values = {
            "name": "Marina Ocaña",
            "mobile": "677 482 915",
            "email": "marina.ocana@example.com",
            "data_processing": True,
            "marketing": [],
            "ip_address": "203.0.113.7",
            "user_agent": "Mozilla/5.0 (iPhone) Safari",
            "lang": "es_ES",
            **values,
        }
        appointment_type = self.type.with_user(self.public).sudo(False)
        with self.env.cr.savepoint():
            return appointment_type._book_online(
                practitioner or self.dentist, start or self.free_start(practitioner), values
            )

    def test_a_new_patient_books_and_is_created_from_the_web(self):
        start = self.free_start()
        event = self.book(start, marketing=["sms", "whatsapp"])
        patient = event.patient_id
        self.assertTrue(patient.is_patient)
        self.assertEqual(patient.mobile_e164, "+34677482915")
        self.assertEqual(patient.email_normalized, "marina.ocana@example.com")
        self.assertEqual(patient.source_id.name, "Web")
        self.assertEqual(patient.company_id, self.env.company)
        self.assertEqual(
            (event.start, event.stop, event.practitioner_id, event.appointment_type_id),
            (start, start + timedelta(hours=1), self.dentist, self.type),
        )
        self.assertEqual(
            (event.attendance, event.online_booking, event.online_approval), ("scheduled", True, "approved")
        )
        self.assertIn(patient, event.partner_ids)
        # The front desk's to-do, for the practitioner when nobody is set in the settings.
        activity = patient.activity_ids
        self.assertEqual(activity.user_id, self.dentist)
        self.assertIn("Primera visita", activity.summary)
        # The confirmation, with the appointment's confirm/cancel link.
        message = self.env["healthcare.message"].search([("calendar_event_id", "=", event.id)])
        self.assertEqual(len(message), 1)
        self.assertEqual(message.key, f"booking:{event.id}")
        self.assertIn(event.sudo().patient_token, message.body)
        self.assertIn("/clinic/appointment/", message.body)

    def test_consents_are_recorded_with_their_evidence(self):
        event = self.book(marketing=["email"])
        consents = event.patient_id.consent_ids
        self.assertEqual(set(consents.mapped("purpose")), {"data_processing", "email_marketing"})
        clauses = booking_clauses(self.env(context={"lang": "es_ES"}), self.env.company.name)
        for consent in consents:
            self.assertEqual(consent.state, "given")
            self.assertEqual(consent.source, "website")
            self.assertEqual(consent.evidence, clauses[consent.purpose], "the clause's exact text")
            self.assertEqual(consent.ip_address, "203.0.113.7")
            self.assertEqual(consent.user_agent, "Mozilla/5.0 (iPhone) Safari")
        self.assertEqual(event.patient_id.consent_data_processing, "given")
        self.assertEqual(event.patient_id.consent_email_marketing, "given")
        self.assertEqual(event.patient_id.consent_sms, "none")

    def test_an_existing_patient_is_found_by_mobile_or_email_and_left_unchanged(self):
        known = self.env["res.partner"].create(
            {
                "name": "Marina Ocaña Ruiz",
                "is_patient": True,
                "mobile": "+34 677 48 29 15",
                "email": "marina@clinica.example.com",
                "country_id": self.env.ref("base.es").id,
            }
        )
        by_mobile = self.book(name="Marina", email="otra@example.com")
        self.assertEqual(by_mobile.patient_id, known)
        self.assertEqual(known.name, "Marina Ocaña Ruiz", "nothing of the patient is overwritten")
        self.assertEqual(known.email, "marina@clinica.example.com")
        # Her email with another mobile: whoever typed it gets a record of their own (the desk's
        # duplicate check sees it), so that where the confirmation goes tells nothing about her.
        other_mobile = self.book(self.free_start(index=1), mobile="699 000 111", email="MARINA@clinica.example.com")
        self.assertNotEqual(other_mobile.patient_id, known)
        self.assertEqual(other_mobile.patient_id.mobile_e164, "+34699000111")
        # A patient without a mobile is found by email.
        known.mobile = False
        by_email = self.book(self.free_start(index=2), mobile="699 000 222", email="marina@clinica.example.com")
        self.assertEqual(by_email.patient_id, known)
        self.assertEqual(self.env["utm.source"].search_count([("name", "=ilike", "web")]), 1, "one source, reused")

    def test_a_known_patient_consents_to_nothing_through_the_form(self):
        known = self.env["res.partner"].create(
            {
                "name": "Carmen Ruiz",
                "is_patient": True,
                "mobile": "+34677482915",
                "country_id": self.env.ref("base.es").id,
            }
        )
        self.env["healthcare.consent"].create(
            {"partner_id": known.id, "purpose": "sms", "state": "withdrawn", "source": "phone"}
        )
        event = self.book(marketing=["sms", "email"])
        self.assertEqual(event.patient_id, known)
        self.assertEqual(known.consent_sms, "withdrawn", "a stranger who knows her mobile cannot undo it")
        self.assertEqual(known.consent_email_marketing, "none")
        self.assertEqual(known.consent_ids.mapped("source"), ["phone"])

    def test_a_mobile_of_another_country_or_a_landline_is_refused(self):
        for mobile in ("+1 650 253 0000", "+44 7911 123456", "910 123 456"):
            with self.assertRaisesRegex(UserError, "mobile number of Spain"):
                self.book(mobile=mobile)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Marina Ocaña")]), "nothing written")

    def test_a_prospect_who_wrote_in_becomes_the_patient(self):
        prospect = self.env["res.partner"].create(
            {"name": "Mari WhatsApp", "is_prospect": True, "mobile": "+34677482915"}
        )
        event = self.book()
        self.assertEqual(event.patient_id, prospect, "one record for the conversation and the appointment")
        self.assertEqual(
            (prospect.is_patient, prospect.is_prospect, prospect.name, prospect.source_id.name),
            (True, False, "Mari WhatsApp", "Web"),
            "the name WhatsApp gave stays: the number alone does not prove who types",
        )
        unnamed = self.env["res.partner"].create(
            {"name": "+34699000333", "is_prospect": True, "mobile": "+34699000333"}
        )
        self.assertEqual(self.book(self.free_start(index=1), mobile="699 000 333").patient_id, unnamed)
        self.assertEqual(unnamed.name, "Marina Ocaña")

    def test_approval_holds_the_time_then_confirms_or_refuses(self):
        self.env.company.healthcare_booking_approval = True
        receptionist = self.env["res.users"].create(
            {
                "name": "Recepción",
                "login": "recepcion.booking",
                "groups_id": [(6, 0, [self.env.ref("healthcare_crm.group_healthcare_receptionist").id])],
            }
        )
        self.env.company.healthcare_booking_user_id = receptionist
        start = self.free_start()
        event = self.book(start)
        self.assertEqual((event.online_approval, event.attendance), ("pending", "scheduled"))
        self.assertNotIn(start, self.starts(self.type._online_slots(self.dentist)), "a pending booking holds its time")
        self.assertFalse(self.env["healthcare.message"].search([("calendar_event_id", "=", event.id)]))
        self.assertEqual(event.online_activity_id.user_id, receptionist)
        self.assertIn(event, self.env["calendar.event"].search([("online_pending", "=", True)]))

        event.with_user(receptionist).action_approve_online_booking()
        self.assertEqual(event.online_approval, "approved")
        self.assertFalse(event.online_activity_id, "the front desk's to-do is done")
        confirmation = self.env["healthcare.message"].search([("calendar_event_id", "=", event.id)])
        self.assertEqual(confirmation.key, f"booking:{event.id}")
        with self.assertRaises(UserError):
            event.with_user(receptionist).action_refuse_online_booking()

        refused = self.book(self.free_start(index=1), mobile="699 000 333", email="otro@example.com")
        refused.with_user(receptionist).action_refuse_online_booking()
        self.assertEqual((refused.online_approval, refused.attendance), ("refused", "cancelled"))
        told = self.env["healthcare.message"].search([("calendar_event_id", "=", refused.id)])
        self.assertEqual(told.key, f"booking-refused:{refused.id}")
        self.assertIn("/reservar", told.body)
        self.assertIn(refused.start, self.starts(self.type._online_slots(self.dentist)), "a refusal frees the time")

    def test_no_reminder_before_the_clinic_approves(self):
        self.env.company.write(
            {"healthcare_booking_approval": True, "healthcare_send_from": 0.0, "healthcare_send_until": 24.0}
        )
        event = self.book(self.free_start())
        Message = self.env["healthcare.message"]
        hours_left = (event.start - fields.Datetime.now()).total_seconds() / 3600 + 1
        self.env.company.healthcare_reminder_hours = f"{hours_left:.0f}"
        Message._cron_send_reminders()
        self.assertFalse(Message.search([("calendar_event_id", "=", event.id)]), "no link to confirm it yet")
        event.action_approve_online_booking()
        Message._cron_send_reminders()
        self.assertEqual(
            Message.search([("calendar_event_id", "=", event.id)]).mapped("key"),
            [f"reminder:{event.id}:{hours_left:.0f}", f"booking:{event.id}"],
        )

    def test_bad_requests_write_nothing(self):
        start = self.free_start()
        counts = self.counts()
        cases = [
            ({"name": "  "}, "name"),
            ({"mobile": "12"}, "mobile"),
            ({"email": "not-an-email"}, "email"),
            ({"data_processing": False}, "data"),
        ]
        for values, label in cases:
            with self.subTest(label), self.assertRaises(UserError):
                self.book(start, **values)
        # A time outside the working hours, one in the past, one before the notice.
        for wrong in (
            start.replace(hour=17),
            fields.Datetime.now() - timedelta(days=1),
            fields.Datetime.now() + timedelta(minutes=30),
        ):
            with self.subTest(wrong=wrong), self.assertRaises(SlotTaken):
                self.book(wrong)
        self.type.online_booking = False
        with self.assertRaises(UserError):
            self.book(start)
        self.type.online_booking = True
        with self.assertRaises(UserError):
            self.book(start, practitioner=self.env["res.users"].browse(self.env.ref("base.user_admin").id))
        self.assertEqual(self.counts(), counts, "nothing half-written")

    def test_a_time_taken_meanwhile_is_refused(self):
        start = self.free_start()
        self.book(start)
        with self.assertRaises(SlotTaken):
            self.book(start, mobile="699 000 444", email="tarde@example.com")

    def counts(self):
        return {
            model: self.env[model].sudo().search_count([])
            for model in ("calendar.event", "res.partner", "healthcare.consent", "healthcare.message", "mail.activity")
        }
