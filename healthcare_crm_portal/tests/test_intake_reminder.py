from odoo.addons.healthcare_crm_messaging.tests.common import MessagingCase


class TestIntakeReminder(MessagingCase):
    """A first visit's reminder, on any channel, carries the patient's admission form."""

    def reminder(self, patient):
        self.appointment(patient, hours=30)
        self.messages._cron_send_reminders()
        return self.sent(patient)

    def test_sms_and_email_reminders_of_a_first_visit_carry_the_form(self):
        by_sms = self.patient("Lucía Navarro", mobile="+34 612 000 111", preferred_channel="sms")
        by_email = self.patient("Pablo Ruiz", email="pablo@example.com", preferred_channel="email")
        sms, email = self.reminder(by_sms), self.reminder(by_email)
        intakes = self.env["healthcare.intake"].search([("patient_id", "in", (by_sms | by_email).ids)])
        self.assertEqual(intakes.patient_id, by_sms | by_email)
        url = {intake.patient_id: intake.public_url for intake in intakes}
        self.assertIn(f"Antes de su primera visita, rellene su formulario de admisión: {url[by_sms]}", sms.body)
        self.assertIn(url[by_sms], self.sent_to("+34612000111")[0]["Body"])
        self.assertIn(f'href="{url[by_email]}"', email.mail_id.body_html)
        self.assertIn("Antes de su primera visita, rellene su formulario de admisión", email.mail_id.body_html)

    def test_no_form_for_a_patient_who_came_or_already_sent_it(self):
        came = self.patient("Carmen Gil", mobile="+34 612 000 222", preferred_channel="sms")
        self.appointment(came, hours=-24 * 60).attendance = "attended"
        self.assertTrue(came.first_visit_date)
        sent = self.patient("Hugo Gil", mobile="+34 612 000 333", preferred_channel="sms")
        intake = self.env["healthcare.intake"]._pending_for(sent)[sent.id]
        intake._submit({"name": "Hugo Gil"}, {"health_allergies": "no"})
        for patient in (came, sent):
            with self.subTest(patient=patient.name):
                self.assertNotIn("/clinic/admission/", self.reminder(patient).body)
        self.assertEqual(self.env["healthcare.intake"].search_count([("patient_id", "=", came.id)]), 0)

    def test_every_reminder_of_a_first_visit_carries_the_same_form(self):
        patient = self.patient("Lucía Navarro", mobile="+34 612 000 111", preferred_channel="sms")
        appointment = self.appointment(patient, hours=30)
        first = self.messages._send_reminder(appointment, f"reminder:{appointment.id}:48")
        second = self.messages._send_reminder(appointment, f"reminder:{appointment.id}:2")
        intake = self.env["healthcare.intake"].search([("patient_id", "=", patient.id)])
        self.assertEqual(len(intake), 1)
        self.assertIn(intake.public_url, first.body)
        self.assertIn(intake.public_url, second.body)

    def test_no_form_is_made_for_a_patient_no_reminder_reaches(self):
        unreachable = self.patient("Sin Contacto")
        self.assertFalse(self.reminder(unreachable))
        self.assertEqual(self.env["healthcare.intake"].search_count([("patient_id", "=", unreachable.id)]), 0)
