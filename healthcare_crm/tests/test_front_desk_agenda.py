from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import RpcCase


@tagged("post_install", "-at_install")
class TestFrontDeskAgenda(RpcCase):
    """The receptionist's day: one column per practitioner, appointments in time order with the
    time without seconds, the phone to call and a colour per attendance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receptionist = cls.role_user("receptionist", login="agenda_desk", tz="Europe/Madrid")
        cls.dentist = cls.role_user("clinician", login="agenda_dentist", name="Dra. Elena Ruiz")
        cls.hygienist = cls.role_user("clinician", login="agenda_hygienist", name="Pablo Soto")
        cls.mobile_patient = cls.env["res.partner"].create(
            {"name": "Carmen Vidal", "is_patient": True, "mobile": "+34 612 000 111", "phone": "+34 910 000 222"}
        )
        cls.landline_patient = cls.env["res.partner"].create(
            {"name": "Luis Mora", "is_patient": True, "phone": "+34 910 000 333"}
        )

    def book(self, patient, practitioner, start, minutes=30):
        return self.env["calendar.event"].create(
            {
                "name": "Revisión",
                "patient_id": patient.id,
                "practitioner_id": practitioner.id,
                "start": start,
                "stop": start + timedelta(minutes=minutes),
            }
        )

    @freeze_time("2026-11-24 07:00:00")
    def test_the_day_by_practitioner_with_time_phone_and_colour(self):
        first = self.book(self.mobile_patient, self.dentist, datetime(2026, 11, 24, 8, 30))
        second = self.book(self.landline_patient, self.hygienist, datetime(2026, 11, 24, 9, 0))
        second.action_confirm_attendance()
        self.book(self.landline_patient, self.dentist, datetime(2026, 11, 25, 9, 0))  # tomorrow: not today's
        views = self.call_kw(
            self.receptionist, "calendar.event", "get_views", [[False, "kanban"], [False, "search"]], options={}
        )
        self.assertIn('default_group_by="practitioner_id"', views["views"]["kanban"]["arch"])
        domain = [
            ("patient_id", "!=", False),
            ("practitioner_id", "in", (self.dentist | self.hygienist).ids),  # not the demo clinic's day
            ("start", ">=", "2026-11-23 23:00:00"),
            ("start", "<", "2026-11-24 23:00:00"),
        ]
        groups = self.call_kw(
            self.receptionist,
            "calendar.event",
            "web_read_group",
            domain,
            ["practitioner_id"],
            ["practitioner_id"],
            context={"tz": "Europe/Madrid"},
        )
        self.assertEqual({group["practitioner_id"][1] for group in groups["groups"]}, {"Dra. Elena Ruiz", "Pablo Soto"})
        cards = self.call_kw(
            self.receptionist,
            "calendar.event",
            "web_search_read",
            domain,
            {
                "time_range": {},
                "patient_id": {"fields": {"display_name": {}}},
                "patient_phone": {},
                "attendance_color": {},
            },
            order="start",
            context={"tz": "Europe/Madrid"},
        )["records"]
        self.assertEqual([card["id"] for card in cards], [first.id, second.id])
        self.assertEqual(cards[0]["time_range"], "09:30 - 10:00", "Madrid time, no seconds")
        self.assertEqual(cards[0]["patient_phone"], "+34 612 000 111", "the mobile first")
        self.assertEqual(cards[1]["patient_phone"], "+34 910 000 333", "else the phone")
        self.assertNotEqual(cards[0]["attendance_color"], cards[1]["attendance_color"], "to confirm vs confirmed")

    def test_the_demo_receptionist_lands_on_the_agenda(self):
        receptionist = self.env.ref("healthcare_crm.user_receptionist_demo")
        self.assertEqual(receptionist.action_id.id, self.env.ref("healthcare_crm.action_front_desk_agenda").id)
        self.assertEqual(receptionist.tz, "Europe/Madrid")

    def test_tour_the_receptionist_starts_her_day_on_the_agenda(self):
        now = fields.Datetime.now().replace(minute=0, second=0)
        carmen = self.book(self.mobile_patient, self.dentist, now)
        self.book(self.landline_patient, self.hygienist, now + timedelta(minutes=30))
        self.receptionist.action_id = self.env.ref("healthcare_crm.action_front_desk_agenda").id
        self.start_tour("/odoo", "healthcare_crm_agenda_tour", login=self.receptionist.login)
        self.assertEqual(carmen.attendance, "confirmed")
