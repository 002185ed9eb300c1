from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command, fields

from .common import MessagingCase


class TestPatientMessages(MessagingCase):
    def consent(self, patient, purpose):
        self.env["healthcare.consent"].create({"partner_id": patient.id, "purpose": purpose, "state": "given"})

    def test_due_recall_is_announced_once_and_becomes_notified(self):
        patient = self.patient(mobile="699 100 301", preferred_channel="sms")
        self.appointment(patient, hours=-24 * 170).attendance = "attended"  # hygiene 170 days ago: due soon
        recall = self.env["healthcare.recall"].search([("patient_id", "=", patient.id)])
        self.assertEqual(recall.state, "due")
        self.messages._cron_send_recalls()
        self.messages._cron_send_recalls()
        [sms] = self.sent_to("+34699100301")
        self.assertIn(recall.rule_id.with_context(lang="es_ES").name.lower(), sms["Body"])
        self.assertEqual(self.sent(patient).recall_id, recall)
        self.assertEqual((recall.state, recall.notified_date), ("notified", fields.Date.context_today(recall)))

    def test_recall_to_be_phoned_is_left_to_the_call_list(self):
        diabetes = self.env.ref("healthcare_crm.condition_diabetes_type_2")
        patient = self.patient(mobile="699 100 302", condition_ids=[Command.set(diabetes.ids)])
        self.env["healthcare.recall"]._cron_plan_recalls()
        self.assertEqual(self.env["healthcare.recall"].search([("patient_id", "=", patient.id)]).state, "due")
        self.messages._cron_send_recalls()
        self.assertFalse(self.sent(patient))

    def test_quote_waiting_a_week_gets_one_follow_up(self):
        patient = self.patient(email="javier@example.com", preferred_channel="email")
        product = self.env["product.product"].create({"name": "Implante", "list_price": 1200})

        def quote(days_ago):
            return self.env["sale.order"].create(
                {
                    "partner_id": patient.id,
                    "date_order": fields.Datetime.now() - timedelta(days=days_ago),
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )

        waiting, recent, accepted = quote(8), quote(3), quote(9)
        accepted.action_followup_accept()
        self.messages._cron_send_followups()
        self.messages._cron_send_followups()
        message = self.sent(patient)
        self.assertEqual(message.sale_order_id, waiting)
        self.assertEqual(message.mail_id.recipient_ids, patient)
        self.assertIn(waiting.name, message.body)
        interaction = self.env["healthcare.interaction"].search([("sale_order_id", "=", waiting.id)])
        self.assertEqual(interaction.channel, "email")
        self.assertFalse(self.env["healthcare.interaction"].search([("sale_order_id", "in", (recent | accepted).ids)]))

    def test_birthday_greetings_only_with_marketing_consent(self):
        consented = self.patient(
            "Ana Birthday", birthdate=date(1990, 3, 15), mobile="699 100 303", email="a@example.com"
        )
        self.consent(consented, "sms")
        refused = self.patient("Bea Birthday", birthdate=date(1985, 3, 15), mobile="699 100 304")
        email_only = self.patient(
            "Carla Birthday",
            birthdate=date(1979, 3, 15),
            mobile="699 100 305",
            email="c@example.com",
            preferred_channel="sms",
        )
        self.consent(email_only, "email_marketing")
        with freeze_time("2027-03-15 10:00:00"):
            self.messages._cron_send_birthdays()
            self.messages._cron_send_birthdays()
        self.assertEqual(self.sent(consented).key, f"birthday:{consented.id}:2027")
        self.assertEqual(len(self.sent_to("+34699100303")), 1)
        self.assertFalse(self.sent(refused))
        self.assertEqual(self.sent(email_only).channel, "email", "the only channel with consent")
        with freeze_time("2028-03-15 10:00:00"):
            self.messages._cron_send_birthdays()
        self.assertEqual(len(self.sent(consented)), 2, "one a year")

    def test_survey_after_an_attended_visit(self):
        patient = self.patient(email="rocio@example.com", preferred_channel="email")
        visit = self.appointment(patient, hours=-5)
        visit.action_mark_attended()
        missed = self.appointment(patient, hours=-6)
        missed.action_mark_no_show()
        self.messages._cron_send_surveys()
        self.messages._cron_send_surveys()
        message = self.sent(patient).filtered(lambda m: m.kind == "survey")
        self.assertEqual(message.calendar_event_id, visit)
        answer = self.env["survey.user_input"].search([("partner_id", "=", patient.id)])
        self.assertEqual(answer.survey_id, self.env.ref("healthcare_crm_messaging.survey_visit_satisfaction"))
        self.assertIn(answer.access_token, message.body)
        nps = answer.survey_id.question_ids.filtered(lambda q: q.question_type == "scale")
        self.assertEqual((nps.scale_min, nps.scale_max), (0, 10))

    def test_nothing_leaves_outside_the_sending_hours(self):
        self.env.company.write({"healthcare_send_from": 9.0, "healthcare_send_until": 21.0})
        patient = self.patient("Ana Night", birthdate=date(1990, 3, 15), mobile="699 100 306")
        self.consent(patient, "sms")
        with freeze_time("2027-03-15 23:30:00"):
            self.messages._cron_send_birthdays()
        self.assertFalse(self.sent(patient))

    def test_recalls_and_birthdays_take_the_same_queries_for_5_or_20(self):
        def patients(count, prefix):
            for number in range(count):
                patient = self.patient(
                    f"{prefix} {number}",
                    mobile=f"+34 644 {prefix}{number:03d}",
                    preferred_channel="sms",
                    birthdate=date(1980 + number, 3, 15),
                )
                self.consent(patient, "sms")
                self.appointment(patient, hours=-24 * 170).attendance = "attended"  # hygiene recall due
            self.env.flush_all()
            self.env.invalidate_all()

        def run():
            with freeze_time("2027-03-15 10:00:00"):
                start = self.env.cr.sql_log_count
                self.messages._cron_send_recalls()
                self.messages._cron_send_birthdays()
                self.env.flush_all()
                return self.env.cr.sql_log_count - start

        def texted():
            return len([message for message in self.twilio.messages if message["To"][:9] in ("+34644100", "+34644200")])

        with freeze_time("2027-03-15 10:00:00"):  # the demo's own recalls and birthdays first
            self.env["healthcare.recall"].search([])._refresh_states()
        run()
        with freeze_time("2027-03-15 10:00:00"):
            patients(5, "100")
        queries = run()
        self.assertEqual(texted(), 10, "a recall and a greeting each")
        with freeze_time("2027-03-15 10:00:00"):
            patients(20, "200")
        self.assertEqual(run(), queries, "the same queries for 20 patients as for 5")
        self.assertEqual(texted(), 50, "each once")
        recalls = self.env["healthcare.recall"].search([("patient_id.name", "=like", "200 %")])
        self.assertEqual(set(recalls.mapped("state")), {"notified"})
