from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user

from .common import AppointmentCase


class TestReactivation(AppointmentCase):
    def setUp(self):
        super().setUp()
        self.lost = self.new_patient("Antonio Ruiz")
        self.appointment(self.lost, days=-900, attendance="attended")
        self.lost_too = self.new_patient("Mercedes Sanz")
        self.appointment(self.lost_too, days=-800, attendance="attended")
        self.coming_back = self.new_patient("Laura Romero")
        self.appointment(self.coming_back, days=-800, attendance="attended")
        self.appointment(self.coming_back, days=10)
        self.recent = self.new_patient("Irene Castro")
        self.appointment(self.recent, days=-800, attendance="attended")
        self.appointment(self.recent, days=-100, attendance="attended")
        self.never_treated = self.new_patient("Hugo Navarro")
        self.appointment(self.never_treated, days=-900, attendance="no_show")
        self.ours = self.lost | self.lost_too | self.coming_back | self.recent | self.never_treated

    def show(self, months=None):
        with Form(self.env["healthcare.reactivation"].with_user(self.receptionist)) as form:
            if months:
                form.months = months
        action = form.record.action_show_patients()
        found = self.env["res.partner"].with_user(self.receptionist).search(action["domain"])
        return form.record, found & self.ours

    def test_patients_not_seen_for_two_years_without_an_appointment(self):
        wizard, found = self.show()
        self.assertEqual(wizard.months, 24)
        self.assertEqual(found, self.lost | self.lost_too)
        __, found = self.show(months=3)
        self.assertEqual(found, self.lost | self.lost_too | self.recent)

    def test_call_list_shares_calls_in_turn(self):
        second = new_test_user(self.env, login="hc_desk_2", groups="healthcare_crm.group_healthcare_receptionist")
        patients = self.lost | self.lost_too | self.recent
        with Form(
            self.env["healthcare.call.list"]
            .with_user(self.receptionist)
            .with_context(active_model="res.partner", active_ids=patients.ids)
        ) as form:
            form.user_ids.add(self.receptionist)
            form.user_ids.add(second)
        action = form.record.action_create()
        calls = self.env["mail.activity"].search(action["domain"])
        self.assertEqual(len(calls), 3)
        self.assertEqual(set(calls.mapped("res_id")), set(patients.ids))
        by_user = {user: len(calls.filtered(lambda a, u=user: a.user_id == u)) for user in (self.receptionist, second)}
        self.assertEqual(sorted(by_user.values()), [1, 2])
        self.assertEqual(calls.activity_type_id, self.env.ref("mail.mail_activity_data_call"))

        # Asked again for the same patients and one more: only the new one gets a call.
        again = self.env["healthcare.call.list"].create(
            {"patient_ids": [(6, 0, (patients | self.coming_back).ids)], "user_ids": [(6, 0, second.ids)]}
        )
        new_calls = self.env["mail.activity"].search(again.action_create()["domain"])
        self.assertEqual(new_calls.res_id, self.coming_back.id)

    def test_call_list_from_recalls_and_without_callers(self):
        self.appointment(self.recent, self.hygiene, days=-200, attendance="attended")
        recalls = self.recalls(self.recent)
        wizard = (
            self.env["healthcare.call.list"]
            .with_context(active_model="healthcare.recall", active_ids=recalls.ids)
            .create({})
        )
        self.assertEqual(wizard.patient_ids, self.recent)
        with self.assertRaisesRegex(UserError, "Choose who makes the calls"):
            wizard.action_create()
