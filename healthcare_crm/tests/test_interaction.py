import datetime
from datetime import date, timedelta
from types import SimpleNamespace

import pytz
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestInteraction(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "healthcare_crm.group_healthcare_receptionist"
        cls.receptionist = new_test_user(cls.env, login="hc_int_reception", groups=groups, lang="en_US")
        cls.colleague = new_test_user(cls.env, login="hc_int_colleague", groups=groups, lang="en_US")
        cls.manager = new_test_user(
            cls.env, login="hc_int_manager", groups="healthcare_crm.group_healthcare_manager", lang="en_US"
        )
        Partner = cls.env["res.partner"]
        cls.patient = Partner.create({"name": "Lucía Fernández Ruiz", "is_patient": True})
        cls.other_patient = Partner.create({"name": "Hugo Sánchez Gil", "is_patient": True})
        cls.supplier = Partner.create({"name": "Laboratorio Dental Norte"})
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.email = cls.env.ref("mail.mail_activity_data_email")
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.Interaction = cls.env["healthcare.interaction"]

    def _interactions(self, partner=None):
        return self.Interaction.search([("partner_id", "=", (partner or self.patient).id)])

    def _log_form(self, patient=None, user=None):
        """The dialog that the patient form's "Log interaction" button opens."""
        user = user or self.receptionist
        action = (patient or self.patient).with_user(user).action_log_interaction()
        wizard = self.env[action["res_model"]].with_user(user).with_context(**action["context"])
        return Form(wizard, view=action["view_id"][0] if action.get("view_id") else None)

    # Logging from the patient ----------------------------------------------------------------

    def test_log_with_next_step_creates_interaction_and_activity(self):
        due = date.today() + timedelta(days=3)
        form = self._log_form()
        self.assertEqual(form.partner_id, self.patient)
        self.assertEqual(form.activity_user_id, self.receptionist, "the next step is mine unless I say otherwise")
        form.channel = "whatsapp"
        form.direction = "inbound"
        form.outcome = "replied"
        form.summary = "Asks whether the implant quote can be paid in instalments."
        form.activity_type_id = self.call
        form.activity_date_deadline = due
        form.activity_user_id = self.colleague
        form.activity_note = "Explain the financing options"
        form.save().action_log()

        interaction = self._interactions()
        self.assertEqual(len(interaction), 1)
        self.assertRecordValues(
            interaction,
            [
                {
                    "channel": "whatsapp",
                    "direction": "inbound",
                    "outcome": "replied",
                    "summary": "Asks whether the implant quote can be paid in instalments.",
                    "user_id": self.receptionist.id,
                    "create_uid": self.receptionist.id,
                }
            ],
        )
        activity = self.patient.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertRecordValues(
            activity,
            [
                {
                    "res_model": "res.partner",
                    "res_id": self.patient.id,
                    "activity_type_id": self.call.id,
                    "date_deadline": due,
                    "user_id": self.colleague.id,
                    "automated": False,
                }
            ],
        )
        self.assertIn("Explain the financing options", activity.note)

    def test_next_step_is_required(self):
        form = self._log_form()
        form.summary = "Called to confirm the appointment; no answer."
        form.outcome = "no_answer"
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "No follow-up needed"):
            wizard.action_log()
        self.assertFalse(self._interactions(), "nothing is logged without a next step")
        self.assertFalse(self.patient.activity_ids)

    def test_no_follow_up_logs_the_interaction_only(self):
        form = self._log_form()
        form.channel = "in_person"
        form.summary = "Came to pick up the invoice."
        form.no_followup = True
        form.save().action_log()
        self.assertEqual(len(self._interactions()), 1)
        self.assertEqual(self._interactions().channel, "in_person")
        self.assertFalse(self.patient.activity_ids)

    def test_log_keeps_quote_and_appointment_from_context(self):
        event = self.env["calendar.event"].create(
            {"name": "Revisión", "start": "2026-05-04 09:00:00", "stop": "2026-05-04 09:30:00"}
        )
        wizard = (
            self.env["healthcare.interaction.log"]
            .with_user(self.receptionist)
            .with_context(default_partner_id=self.patient.id, default_calendar_event_id=event.id)
        )
        with Form(wizard) as form:
            form.summary = "Confirmed the check-up."
            form.no_followup = True
        form.record.action_log()
        self.assertEqual(self._interactions().calendar_event_id, event)

    def test_channel_defaults_to_preferred_channel(self):
        self.patient.preferred_channel = "whatsapp"
        self.assertEqual(self._log_form().channel, "whatsapp")
        self.assertEqual(self._log_form(self.other_patient).channel, "call")

    def test_log_from_patient_list_action(self):
        wizard = (
            self.env["healthcare.interaction.log"]
            .with_user(self.receptionist)
            .with_context(
                active_model="res.partner", active_ids=[self.other_patient.id], active_id=self.other_patient.id
            )
        )
        self.assertEqual(Form(wizard).partner_id, self.other_patient)
        server_action = self.env.ref("healthcare_crm.action_server_log_interaction").with_user(self.receptionist)
        action = server_action.with_context(
            active_model="res.partner", active_ids=[self.other_patient.id], active_id=self.other_patient.id
        ).run()
        self.assertEqual(action["res_model"], "healthcare.interaction.log")
        self.assertEqual(action["context"]["default_partner_id"], self.other_patient.id)

    def test_only_one_patient_at_a_time(self):
        with self.assertRaisesRegex(UserError, "not a patient"):
            self.supplier.with_user(self.receptionist).action_log_interaction()
        with self.assertRaisesRegex(UserError, "one patient"):
            (self.patient | self.other_patient).with_user(self.receptionist).action_log_interaction()

    # Completing activities -------------------------------------------------------------------

    def test_done_call_activity_logs_interaction(self):
        self.assertEqual(self.call.healthcare_channel, "call")
        activity = self.patient.activity_schedule(
            "mail.mail_activity_data_call", summary="Confirm Monday's appointment", user_id=self.colleague.id
        )
        activity.with_user(self.receptionist).action_feedback(feedback="Confirmed, she will come at 10:00.")
        interaction = self._interactions()
        self.assertEqual(len(interaction), 1)
        self.assertEqual(interaction.channel, "call")
        self.assertEqual(interaction.outcome, "done")
        self.assertEqual(interaction.user_id, self.receptionist, "logged for who did it, not who it was for")
        self.assertIn("Confirm Monday's appointment", interaction.summary)
        self.assertIn("Confirmed, she will come at 10:00.", interaction.summary)

    def test_several_activities_done_at_once(self):
        Activity = self.env["mail.activity"]
        activities = (
            self.patient.activity_schedule("mail.mail_activity_data_call", user_id=self.receptionist.id)
            | self.patient.activity_schedule("mail.mail_activity_data_email", user_id=self.receptionist.id)
            | self.other_patient.activity_schedule("mail.mail_activity_data_todo", user_id=self.receptionist.id)
        )
        self.assertEqual(len(activities), 3)
        activities.with_user(self.receptionist).action_feedback(feedback="Done in the morning round.")
        self.assertFalse(Activity.search([("id", "in", activities.ids)]))
        self.assertEqual(sorted(self._interactions().mapped("channel")), ["call", "email"])
        self.assertEqual(self._interactions(self.other_patient).channel, "other", "a type without channel")
        for interaction in self._interactions() | self._interactions(self.other_patient):
            self.assertIn("Done in the morning round.", interaction.summary)
            self.assertEqual(interaction.user_id, self.receptionist)

    def test_interaction_values_take_the_same_queries_for_any_batch(self):
        def queries_for(activities):
            activities.invalidate_recordset()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            vals = activities._healthcare_interaction_values("ok")
            self.assertEqual(len(vals), len(activities))
            return self.env.cr.sql_log_count - before

        patients = self.env["res.partner"].create([{"name": f"Paciente {i}", "is_patient": True} for i in range(8)])
        small = patients[:1].activity_schedule("mail.mail_activity_data_call")
        large = patients[1:].activity_schedule("mail.mail_activity_data_call")
        self.assertEqual(queries_for(small), queries_for(large))

    def test_activities_on_other_records_log_nothing(self):
        self.supplier.activity_schedule("mail.mail_activity_data_call").action_feedback(feedback="Order sent")
        self.assertFalse(self.Interaction.search([("partner_id", "=", self.supplier.id)]))
        order = self.env["sale.order"].create({"partner_id": self.patient.id})
        order.activity_schedule("mail.mail_activity_data_call").action_feedback(feedback="Quote sent")
        self.assertFalse(self._interactions(), "only activities on the patient record itself")

    # Timeline and figures on the patient -----------------------------------------------------

    def _create(self, when, partner=None, **values):
        return self.Interaction.with_user(self.receptionist).create(
            {"partner_id": (partner or self.patient).id, "summary": "Contact", "date": when, **values}
        )

    def test_timeline_is_newest_first(self):
        middle = self._create("2026-02-10 10:00:00")
        oldest = self._create("2026-01-05 09:00:00")
        newest = self._create("2026-03-01 17:30:00")
        same_time_later_id = self._create("2026-02-10 10:00:00")
        self.assertEqual(self.patient.interaction_ids.ids, [newest.id, same_time_later_id.id, middle.id, oldest.id])
        with Form(self.patient.with_user(self.receptionist), view="healthcare_crm.view_patient_form") as form:
            self.assertEqual(form.interaction_count, 4)
            self.assertEqual(form.interaction_ids.ids, [newest.id, same_time_later_id.id, middle.id, oldest.id])

    def test_count_and_last_interaction_date_follow(self):
        self.assertEqual(self.patient.interaction_count, 0)
        self.assertFalse(self.patient.last_interaction_date)
        latest = self._create("2026-03-01 17:30:00")
        self._create("2026-01-05 09:00:00")
        self.assertEqual(self.patient.interaction_count, 2)
        self.assertEqual(self.patient.last_interaction_date, fields.Datetime.to_datetime("2026-03-01 17:30:00"))
        self.assertFalse(self.other_patient.last_interaction_date, "other patients are left alone")
        latest.with_user(self.receptionist).date = "2026-03-05 08:00:00"
        self.assertEqual(self.patient.last_interaction_date, fields.Datetime.to_datetime("2026-03-05 08:00:00"))
        latest.with_user(self.receptionist).partner_id = self.other_patient
        self.assertEqual(self.patient.last_interaction_date, fields.Datetime.to_datetime("2026-01-05 09:00:00"))
        self.assertEqual(self.other_patient.last_interaction_date, fields.Datetime.to_datetime("2026-03-05 08:00:00"))
        with self.assertRaises(AccessError):
            latest.with_user(self.receptionist).unlink()
        latest.with_user(self.manager).unlink()
        self.assertFalse(self.other_patient.last_interaction_date)
        self.assertEqual(self.other_patient.interaction_count, 0)

    def test_smart_button_opens_the_patients_history(self):
        mine = self._create("2026-03-01 10:00:00")
        self._create("2026-03-01 10:00:00", partner=self.other_patient)
        action = self.patient.with_user(self.receptionist).action_view_interactions()
        found = self.Interaction.with_user(self.receptionist).search(action["domain"])
        self.assertEqual(found, mine)
        self.assertEqual(action["context"]["default_partner_id"], self.patient.id)

    # Search view --------------------------------------------------------------------------

    def _filter_domain(self, name, user):
        """The domain of a filter of the Contact History search view, evaluated as the web client does."""
        view = self.env.ref("healthcare_crm.view_interaction_search")
        arch = etree.fromstring(self.Interaction.with_user(user).get_view(view.id, "search")["arch"])
        [node] = arch.xpath(f"//filter[@name='{name}']")
        tz = pytz.timezone(user.tz or "UTC")

        class LocalDatetime(datetime.datetime):
            def to_utc(self):
                return tz.localize(self).astimezone(pytz.utc).replace(tzinfo=None)

        today = fields.Date.context_today(self.Interaction.with_user(user))
        context = {
            "uid": user.id,
            "context_today": lambda: today,
            "relativedelta": relativedelta,
            "datetime": SimpleNamespace(datetime=LocalDatetime, time=datetime.time, date=datetime.date),
        }
        return safe_eval(node.get("domain"), context)

    def _search_filter(self, name, user=None):
        user = user or self.receptionist
        domain = [("partner_id", "in", (self.patient | self.other_patient).ids), *self._filter_domain(name, user)]
        return self.Interaction.with_user(user).search(domain)

    def test_search_filters_by_channel_outcome_and_user(self):
        call = self._create("2026-03-01 10:00:00", channel="call", outcome="no_answer")
        whatsapp = self._create("2026-03-02 10:00:00", channel="whatsapp", outcome="replied")
        theirs = self.Interaction.with_user(self.colleague).create(
            {"partner_id": self.other_patient.id, "summary": "Letter", "channel": "letter", "outcome": "done"}
        )
        self.assertEqual(self._search_filter("channel_call"), call)
        self.assertEqual(self._search_filter("channel_whatsapp"), whatsapp)
        self.assertEqual(self._search_filter("channel_letter"), theirs)
        self.assertEqual(self._search_filter("outcome_not_reached"), call)
        self.assertEqual(self._search_filter("outcome_reached"), whatsapp | theirs)
        self.assertEqual(self._search_filter("mine"), call | whatsapp)
        self.assertEqual(self._search_filter("mine", self.colleague), theirs)

    @freeze_time("2026-03-18 10:00:00")  # a Wednesday, 11:00 in Madrid
    def test_search_filters_by_period(self):
        self.receptionist.tz = "Europe/Madrid"
        now = self._create("2026-03-18 09:00:00")
        after_midnight = self._create("2026-03-17 23:30:00")  # 00:30 on the 18th in Madrid
        last_night = self._create("2026-03-17 22:30:00")  # 23:30 on the 17th in Madrid
        monday = self._create("2026-03-16 08:00:00")
        last_week = self._create("2026-03-15 12:00:00")  # Sunday
        month_start = self._create("2026-02-28 23:30:00")  # 00:30 on 1 March in Madrid
        last_month = self._create("2026-02-28 22:00:00")
        self.assertEqual(self._search_filter("today"), now | after_midnight)
        self.assertEqual(self._search_filter("this_week"), now | after_midnight | last_night | monday)
        self.assertEqual(
            self._search_filter("this_month"), now | after_midnight | last_night | monday | last_week | month_start
        )
        self.assertNotIn(last_month, self._search_filter("this_month"))

    def test_contact_history_menu_for_the_front_desk(self):
        menu = self.env.ref("healthcare_crm.menu_interactions")
        self.assertEqual(menu.parent_id, self.env.ref("healthcare_crm.menu_patients_root"))
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.receptionist)._visible_menu_ids())
