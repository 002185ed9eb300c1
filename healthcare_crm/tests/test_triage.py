from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTriage(TransactionCase):
    """The red-flag checklist of the logging dialog, as the front desk goes through it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        role = "healthcare_crm.group_healthcare_"
        cls.receptionist = new_test_user(cls.env, login="hc_tri_desk", groups=role + "receptionist", lang="en_US")
        cls.manager = new_test_user(cls.env, login="hc_tri_manager", groups=role + "manager", lang="en_US")
        cls.dentist = new_test_user(cls.env, login="hc_tri_dentist", groups=role + "clinician", lang="en_US")
        cls.doctor = new_test_user(cls.env, login="hc_tri_doctor", groups=role + "clinician", lang="en_US")
        cls.patient = cls.env["res.partner"].create({"name": "Rosa Tirado Vega", "is_patient": True})
        cls.chest_pain = cls.env.ref("healthcare_crm.triage_general_chest_pain")
        cls.stroke = cls.env.ref("healthcare_crm.triage_general_stroke")
        cls.urgent = cls.env.ref("healthcare_crm.mail_activity_type_triage_urgent")
        cls.booking = cls.env.ref("healthcare_crm.mail_activity_type_book_appointment")
        # A question of the clinic's own that can be seen within 24 hours, and one to see today.
        cls.clinic_list = cls.env["healthcare.triage.list"].create(
            {
                "name": "Clinic's own",
                "sequence": 99,
                "question_ids": [
                    (0, 0, {"name": "Toothache for three days?", "disposition": "within_24h", "script": "Tomorrow."}),
                    (0, 0, {"name": "Lost filling with pain?", "disposition": "today", "script": "Come today."}),
                ],
            }
        )
        cls.toothache, cls.lost_filling = cls.clinic_list.question_ids
        cls.env["ir.config_parameter"].sudo().set_param("healthcare_crm.report_tz", "Europe/Madrid")

    def _log_form(self, user=None):
        """The dialog as the web client opens it from the patient form."""
        user = user or self.receptionist
        action = self.patient.with_user(user).action_log_interaction()
        context = {
            "active_model": "res.partner",
            "active_id": self.patient.id,
            "active_ids": [self.patient.id],
            **action["context"],
        }
        wizard = self.env[action["res_model"]].with_user(user).with_context(**context)
        return Form(wizard, view="healthcare_crm.view_interaction_log_form")

    def _symptom_call(self, yes=(), user=None):
        form = self._log_form(user)
        form.direction = "inbound"
        form.channel = "call"
        form.reason = "symptom"
        form.summary = "Calls with a symptom."
        for index in range(len(form.triage_line_ids)):
            with form.triage_line_ids.edit(index) as line:
                line.answer = "yes" if line.question_id in yes else "no"
        return form

    def _questions(self):
        """The red flags the dialog asks, in order."""
        return self._symptom_call().save().triage_line_ids.question_id

    # The checklist in the dialog ------------------------------------------------------------

    def test_checklist_appears_only_for_a_symptom(self):
        form = self._log_form()
        self.assertEqual(form.partner_id, self.patient)
        self.assertEqual(len(form.triage_line_ids), 0)
        form.reason = "billing"
        self.assertEqual(len(form.triage_line_ids), 0)
        self.assertFalse(form.triage_disposition)
        form.reason = "symptom"
        questions = self.env["healthcare.triage.question"].search([("list_id.active", "=", True)])
        self.assertEqual(len(form.triage_line_ids), len(questions))
        with form.triage_line_ids.edit(0) as line:
            self.assertEqual(line.question_id, self.chest_pain, "the general list comes first, in its order")
            self.assertFalse(line.answer, "nothing is answered for the receptionist")
        form.reason = "appointment"
        self.assertEqual(len(form.triage_line_ids), 0, "no checklist for a call about an appointment")

    def test_no_red_flag_offers_a_routine_booking(self):
        form = self._symptom_call()
        self.assertEqual(form.triage_disposition, "routine")
        self.assertIn("regular appointment", form.triage_script)
        self.assertEqual(form.activity_type_id, self.booking, "booking is offered as the next step")
        form.save().action_log()
        interaction = self.patient.interaction_ids
        self.assertEqual(interaction.sudo().triage_disposition, "routine")
        self.assertEqual(self.patient.activity_ids.activity_type_id, self.booking)
        self.assertFalse(self.patient.activity_ids.filtered(lambda a: a.activity_type_id == self.urgent))

    def test_within_24_hours_books_for_today(self):
        form = self._symptom_call(yes=self.toothache)
        self.assertEqual(form.triage_disposition, "within_24h")
        self.assertEqual(form.triage_script, "Tomorrow.")
        self.assertEqual(form.activity_type_id, self.booking)
        self.assertEqual(form.activity_date_deadline, date.today())

    def test_most_urgent_answer_wins(self):
        form = self._symptom_call(yes=self.toothache | self.lost_filling)
        self.assertEqual(form.triage_disposition, "today")
        self.assertEqual(form.triage_script, "Come today.")
        self.assertFalse(form.activity_type_id, "an urgent call is not booked as routine")
        self.assertFalse(form.activity_date_deadline)
        # The 112 question is asked before the clinic's own, and outranks them whatever the order.
        form = self._symptom_call(yes=self.toothache | self.lost_filling | self.stroke)
        self.assertEqual(form.triage_disposition, "call_112")
        self.assertEqual(form.triage_script, self.stroke.script)
        self.assertTrue(form.triage_script.startswith("Hang up and call 112"))

    def test_every_red_flag_must_be_answered(self):
        form = self._log_form()
        form.reason = "symptom"
        form.summary = "Face swollen since yesterday."
        form.no_followup = True
        with form.triage_line_ids.edit(0) as line:
            line.answer = "no"
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "Answer every red flag"):
            wizard.action_log()
        self.assertFalse(self.patient.interaction_ids, "nothing half-written")

    # What is recorded -------------------------------------------------------------------------

    @freeze_time("2031-06-15 10:00:00")
    def test_answers_and_disposition_are_recorded_and_read_only(self):
        self._symptom_call(yes=self.lost_filling).save().action_log()
        interaction = self.patient.interaction_ids
        self.assertEqual(len(interaction), 1)
        self.assertEqual(interaction.reason, "symptom")
        self.assertEqual(interaction.with_user(self.receptionist).triage_result, "today", "the desk reads the result")
        recorded = interaction.with_user(self.dentist)
        self.assertRecordValues(
            recorded,
            [
                {
                    "triage_disposition": "today",
                    "triage_user_id": self.receptionist.id,
                    "triage_date": datetime(2031, 6, 15, 10, 0),
                    "create_uid": self.receptionist.id,
                }
            ],
        )
        answers = recorded.triage_answer_ids
        self.assertEqual(len(answers), len(self._questions()))
        flagged = answers.filtered(lambda answer: answer.answer == "yes")
        self.assertRecordValues(
            flagged,
            [{"question": "Lost filling with pain?", "disposition": "today", "question_id": self.lost_filling.id}],
        )
        # Editing the list later does not rewrite what was asked.
        self.lost_filling.with_user(self.manager).write({"name": "Lost filling?", "disposition": "routine"})
        self.assertEqual(flagged.question, "Lost filling with pain?")
        self.assertEqual(flagged.disposition, "today")
        # Nobody rewrites the triage: not its author, not a manager, not a clinician.
        with self.assertRaisesRegex(UserError, "cannot be changed once recorded"):
            interaction.with_user(self.manager).write({"triage_disposition": "routine"})
        with self.assertRaises(AccessError):
            interaction.with_user(self.receptionist).write({"triage_disposition": "routine"})
        with self.assertRaises(AccessError):
            flagged.with_user(self.dentist).write({"answer": "no"})
        with self.assertRaises(AccessError):
            flagged.with_user(self.manager).unlink()
        # The receptionist answered, but the answers are health data she does not read back.
        with self.assertRaises(AccessError):
            flagged.with_user(self.receptionist).read(["answer"])

    def test_history_shows_the_triage(self):
        self._symptom_call(yes=self.toothache).save().action_log()
        history = self.patient.with_user(self.receptionist).interaction_ids
        self.assertEqual(history.triage_result, "within_24h")
        self.assertEqual(history.reason, "symptom")

    # The alert ---------------------------------------------------------------------------------

    @freeze_time("2031-03-10 23:30:00")  # 00:30 on 11 March in Madrid, the clinic's time zone
    def test_urgent_triage_alerts_the_clinicians_on_duty_today(self):
        events = self.env["calendar.event"]
        other = self.env["res.partner"].create({"name": "Pablo Ruiz", "is_patient": True})
        events.create(
            {"name": "Check-up", "patient_id": other.id, "practitioner_id": self.dentist.id,
             "start": datetime(2031, 3, 11, 8, 0), "stop": datetime(2031, 3, 11, 8, 30)}
        )  # fmt: skip
        # A practitioner who is not a clinician is not alerted.
        hygienist = new_test_user(
            self.env, login="hc_tri_hygienist", groups="healthcare_crm.group_healthcare_receptionist"
        )
        events.create(
            {"name": "Hygiene", "patient_id": other.id, "practitioner_id": hygienist.id,
             "start": datetime(2031, 3, 11, 9, 0), "stop": datetime(2031, 3, 11, 9, 30)}
        )  # fmt: skip
        # Still 10 March in Madrid: yesterday, though the same UTC day as now.
        events.create(
            {"name": "Check-up", "patient_id": other.id, "practitioner_id": self.doctor.id,
             "start": datetime(2031, 3, 10, 18, 0), "stop": datetime(2031, 3, 10, 18, 30)}
        )  # fmt: skip
        form = self._symptom_call(yes=self.lost_filling)
        self.assertEqual(form.triage_disposition, "today")
        form.save().action_log()  # no next step needed: the alert is the next step
        alerts = self.patient.activity_ids.filtered(lambda activity: activity.activity_type_id == self.urgent)
        self.assertEqual(alerts.user_id, self.dentist, "only the clinician with appointments today")
        self.assertEqual(alerts.date_deadline, date(2031, 3, 10))
        self.assertIn("See today", alerts.summary)

    @freeze_time("2031-06-15 10:00:00")
    def test_urgent_triage_without_clinicians_on_duty_alerts_every_clinician(self):
        self._symptom_call(yes=self.chest_pain).save().action_log()
        alerts = self.patient.activity_ids.filtered(lambda activity: activity.activity_type_id == self.urgent)
        clinicians = self.env.ref("healthcare_crm.group_healthcare_clinician").users.filtered("active")
        self.assertEqual(alerts.user_id, clinicians)
        self.assertTrue((self.dentist | self.doctor) <= alerts.user_id)
        self.assertNotIn(self.receptionist, alerts.user_id)
        self.assertIn("Call 112 now", alerts[0].summary)

    def test_non_urgent_triage_alerts_nobody(self):
        self._symptom_call(yes=self.toothache).save().action_log()
        self.assertFalse(self.patient.activity_ids.filtered(lambda activity: activity.activity_type_id == self.urgent))

    # The lists ---------------------------------------------------------------------------------

    def test_manager_and_clinician_edit_the_lists_the_desk_reads_them(self):
        shipped = self.env.ref("healthcare_crm.triage_list_general")
        self.assertTrue(shipped.source_url.startswith("https://"))
        self.assertTrue(all(question.source_url for question in shipped.question_ids))
        with Form(shipped.with_user(self.manager), view="healthcare_crm.view_triage_list_form") as form:
            with form.question_ids.new() as question:
                question.name = "High fever in a child under three months?"
                question.disposition = "today"
                question.script = "Come today."
        self.assertIn("High fever in a child under three months?", shipped.question_ids.mapped("name"))
        self.chest_pain.with_user(self.dentist).write({"script": "Cuelgue y llame al 112 ahora."})
        self.assertTrue(shipped.with_user(self.receptionist).question_ids)
        with self.assertRaises(AccessError):
            self.chest_pain.with_user(self.receptionist).write({"disposition": "routine"})
        # An archived question is no longer asked.
        self.chest_pain.with_user(self.manager).active = False
        self.assertNotIn(self.chest_pain, self._questions())

    def test_the_patient_personal_data_export_includes_the_triage(self):
        self._symptom_call(yes=self.lost_filling).save().action_log()
        data = self.patient.with_user(self.manager).healthcare_personal_data_export()
        [call] = data["interactions"]
        self.assertEqual((call["reason"], call["triage_disposition"]), ("Symptom", "See today"))
        flagged = [row for row in data["triage_answers"] if row["answer"] == "Yes"]
        self.assertEqual(
            [(row["question"], row["disposition"]) for row in flagged], [("Lost filling with pain?", "See today")]
        )
