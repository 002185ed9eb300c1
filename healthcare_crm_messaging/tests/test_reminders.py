from datetime import datetime, timedelta

import vobject
from freezegun import freeze_time

from .common import MessagingCase


class TestReminders(MessagingCase):
    def test_email_reminder_once_per_offset_with_calendar_file(self):
        patient = self.patient(email="lucia@example.com", preferred_channel="email")
        appointment = self.appointment(patient, hours=30)
        self.messages._cron_send_reminders()
        self.messages._cron_send_reminders()  # run twice: nothing twice
        reminder = self.sent(patient)
        self.assertEqual(len(reminder), 1)
        self.assertEqual((reminder.channel, reminder.kind, reminder.state), ("email", "reminder", "queued"))
        self.assertEqual(reminder.key, f"reminder:{appointment.id}:48")
        self.assertIn("/clinic/appointment/", reminder.body)

        mail = reminder.mail_id
        self.assertEqual(mail.recipient_ids, patient)
        with self.mock_mail_gateway():
            mail.send()
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(self._mails[0]["email_to"], ['"Lucía Navarro" <lucia@example.com>'])
        ics = mail.attachment_ids.filtered(lambda a: a.name == "cita.ics")
        self.assertEqual(ics.mimetype, "text/calendar")
        event = vobject.readOne(ics.raw.decode()).vevent
        self.assertEqual(event.dtstart.value.replace(tzinfo=None), appointment.start)

        interaction = self.env["healthcare.interaction"].search([("calendar_event_id", "=", appointment.id)])
        self.assertEqual((interaction.channel, interaction.direction), ("email", "outbound"))

        # 1.5 hours before, the 2-hour reminder goes.
        with freeze_time(appointment.start - timedelta(hours=1, minutes=30)):
            self.messages._cron_send_reminders()
            self.messages._cron_send_reminders()
        self.assertEqual(self.sent(patient).mapped("key"), [reminder.key, f"reminder:{appointment.id}:2"])

    def test_email_the_server_refuses_is_failed_with_its_reason(self):
        patient = self.patient(email="pablo@example.com", preferred_channel="email")
        self.appointment(patient, hours=30)
        self.messages._cron_send_reminders()
        reminder = self.sent(patient)
        reminder.mail_id.send(raise_exception=False)  # no SMTP server here
        self.assertEqual(reminder.state, "failed")
        self.assertTrue(reminder.error)

    def test_booked_at_the_last_minute_gets_only_the_last_reminder(self):
        patient = self.patient(email="hugo@example.com", preferred_channel="email")
        appointment = self.appointment(patient, hours=1)
        self.messages._cron_send_reminders()
        self.assertEqual(self.sent(patient).key, f"reminder:{appointment.id}:2")

    def test_no_reminder_for_cancelled_far_or_past_appointments(self):
        patient = self.patient(email="irene@example.com", preferred_channel="email")
        self.appointment(patient, hours=72)
        self.appointment(patient, hours=5).attendance = "cancelled"
        self.appointment(patient, hours=-1)
        self.messages._cron_send_reminders()
        self.assertFalse(self.sent(patient))

    def test_quiet_hours_in_the_clinic_time_zone(self):
        self.env.company.write({"healthcare_send_from": 9.0, "healthcare_send_until": 21.0})
        patient = self.patient(email="carmen@example.com", preferred_channel="email")
        # 22:30 in Madrid (winter, UTC+1) is 21:30 UTC: too late to send.
        with freeze_time(datetime(2026, 12, 1, 21, 30)):
            appointment = self.appointment(patient, hours=12)
            self.messages._cron_send_reminders()
            self.assertFalse(self.sent(patient))
        # 9:15 in Madrid: the reminder leaves.
        with freeze_time(datetime(2026, 12, 2, 8, 15)):
            self.messages._cron_send_reminders()
        self.assertEqual(self.sent(patient).calendar_event_id, appointment)
        self.assertFalse(self.messages._sending_allowed(self.env.company, datetime(2026, 12, 2, 7, 59)))
        self.assertTrue(self.messages._sending_allowed(self.env.company, datetime(2026, 12, 2, 8, 0)))

    def test_channel_follows_the_patient_with_fallback_and_blacklists(self):
        both = {"email": "ana@example.com", "mobile": "+34 699 100 201"}
        self.assertEqual(self.messages._channel_for(self.patient(preferred_channel="email", **both)), "email")
        self.assertEqual(self.messages._channel_for(self.patient(preferred_channel="sms", **both)), "sms")
        self.assertEqual(self.messages._channel_for(self.patient(preferred_channel="whatsapp", **both)), "sms")
        self.assertEqual(
            self.messages._channel_for(self.patient(preferred_channel="sms", email="b@example.com")), "email"
        )
        landline = self.patient(preferred_channel="sms", phone="+34 915 555 555")
        self.assertIsNone(self.messages._channel_for(landline))

        self.env["mail.blacklist"].sudo()._add("ana@example.com")
        self.assertEqual(self.messages._channel_for(self.patient(preferred_channel="email", **both)), "sms")
        self.env["phone.blacklist"].sudo().add("+34699100201")
        self.assertIsNone(self.messages._channel_for(self.patient(preferred_channel="email", **both)))

    def test_sms_reminder_through_twilio(self):
        patient = self.patient(mobile="699 100 201", preferred_channel="sms")
        appointment = self.appointment(patient, hours=20)
        self.messages._cron_send_reminders()
        reminder = self.sent(patient)
        self.assertEqual((reminder.channel, reminder.state), ("sms", "sent"))
        [sms] = self.sent_to("+34699100201")
        self.assertEqual(sms["To"], "+34699100201")
        self.assertEqual(sms["From"], "+34600000000")
        self.assertEqual(reminder.provider_ref, sms["sid"])
        self.assertIn(appointment._patient_url(), sms["Body"])
        self.assertIn("su cita", sms["Body"], "the patient's language")
        self.assertTrue(sms["StatusCallback"].endswith("/healthcare_crm_messaging/twilio/status"))

    def test_sms_reminders_take_the_same_queries_for_3_or_12(self):
        def book(count, prefix):
            for number in range(count):
                patient = self.patient(
                    f"{prefix} {number}", mobile=f"+34 633 {prefix}{number:03d}", preferred_channel="sms"
                )
                self.appointment(patient, hours=20)
            self.env.flush_all()
            self.env.invalidate_all()

        self.messages._cron_send_reminders()  # the database's own appointments due a reminder now
        already = len(self.twilio.messages)
        book(3, "100")
        start = self.env.cr.sql_log_count
        self.messages._cron_send_reminders()
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - start
        self.assertEqual(len(self.twilio.messages) - already, 3)
        book(12, "200")
        with self.assertQueryCount(queries):
            self.messages._cron_send_reminders()
            self.env.flush_all()
        self.assertEqual(len(self.twilio.messages) - already, 15, "each once")

    def test_each_email_reminder_has_its_own_date_link_and_calendar_file_in_the_patients_language(self):
        """The batch's one render gives each patient what Odoo renders for that appointment alone."""
        clinic = self.env.company.name
        patients = [
            self.patient(f"Paciente {n}", email=f"paciente{n}@example.com", preferred_channel="email") for n in range(3)
        ]
        appointments = [self.appointment(patient, hours=20 + n) for n, patient in enumerate(patients)]
        john = self.patient("John Smith", email="john@example.com", preferred_channel="email", lang="en_US")
        appointments.append(self.appointment(john, hours=10))
        patients.append(john)
        self.messages._cron_send_reminders()

        template = self.env.ref("healthcare_crm_messaging.mail_template_appointment_reminder")
        for patient, appointment in zip(patients, appointments, strict=True):
            reminder = self.sent(patient)
            mail = reminder.mail_id
            when = appointment._patient_local_start().strftime("%d/%m/%Y %H:%M")
            url = appointment._patient_url()
            spanish = patient != john
            self.assertEqual(mail.subject, f"Su cita en {clinic}" if spanish else f"Your appointment at {clinic}")
            self.assertIn("Le recordamos su cita" if spanish else "We remind you of your appointment", mail.body_html)
            self.assertIn(f"<strong>{when}</strong>", mail.body_html)
            self.assertIn(f'href="{url}"', mail.body_html)
            self.assertIn(when, reminder.body)
            # with the links other addons add (the admission form of a first visit), as the batch has them
            links = appointment.with_context(lang=patient.lang)._reminder_links()
            odoo_alone = template.with_context(reminder_links=links)._generate_template(
                [appointment.id], ("subject", "body_html")
            )[appointment.id]
            self.assertEqual((mail.subject, mail.body_html), (odoo_alone["subject"], odoo_alone["body_html"]))
            self.assertEqual(mail.recipient_ids, patient)
            [ics] = mail.attachment_ids
            self.assertEqual((ics.name, ics.mimetype), ("cita.ics", "text/calendar"))
            self.assertEqual(
                vobject.readOne(ics.raw.decode()).vevent.dtstart.value.replace(tzinfo=None), appointment.start
            )

        mails = self.messages.search([("patient_id", "in", [patient.id for patient in patients])]).mail_id
        with self.mock_mail_gateway():
            mails.send()
        self.assertEqual(
            sorted(mail["email_to"][0] for mail in self._mails), sorted(p.email_formatted for p in patients)
        )
        for patient in patients:
            self.assertEqual(self.sent(patient).state, "sent")

    def test_email_reminders_take_the_same_queries_for_5_or_50(self):
        def book(count, prefix):
            for number in range(count):
                patient = self.patient(
                    f"{prefix} {number}", email=f"{prefix}{number}@example.com", preferred_channel="email"
                )
                self.appointment(patient, hours=20)
            self.env.flush_all()
            self.env.invalidate_all()

        def queued():
            return self.messages.search_count([("channel", "=", "email"), ("kind", "=", "reminder")])

        self.messages._cron_send_reminders()  # the database's own appointments due a reminder now
        before = queued()
        book(5, "cinco")
        start = self.env.cr.sql_log_count
        self.messages._cron_send_reminders()
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - start
        self.assertEqual(queued() - before, 5)
        book(50, "cincuenta")
        with self.assertQueryCount(queries):
            self.messages._cron_send_reminders()
            self.env.flush_all()
        self.assertEqual(queued() - before, 55, "each once")
