from datetime import datetime, timedelta

from odoo.tests import TransactionCase, tagged

from .booking_common import BookingSetup, make_practitioner


@tagged("post_install", "-at_install")
class TestBookingSlots(BookingSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking(cls.env)

    def slots(self, practitioner=None, now=None, first=None, last=None):
        practitioner = practitioner or self.dentist
        return self.starts(self.type._online_slots(practitioner, now=now or self.NOW, first=first, last=last))

    def test_working_hours_in_the_clinic_time_zone(self):
        day = self.slots(last=datetime(2030, 3, 5))
        # 9:00-13:00 in Madrid (UTC+1): four one-hour slots from 8:00 UTC.
        self.assertEqual(day, [datetime(2030, 3, 4, hour) for hour in (8, 9, 10, 11)])
        self.assertEqual(len(self.slots(last=datetime(2030, 3, 11))), 7 * 4)

    def test_a_day_when_the_clocks_change(self):
        # Madrid moves to summer time on Sunday 31 March 2030: 9:00 is 8:00 UTC on Saturday, 7:00 UTC on Sunday.
        saturday = self.slots(first=datetime(2030, 3, 30), last=datetime(2030, 3, 31))
        sunday = self.slots(first=datetime(2030, 3, 31), last=datetime(2030, 4, 1))
        self.assertEqual(saturday[0], datetime(2030, 3, 30, 8))
        self.assertEqual(sunday[0], datetime(2030, 3, 31, 7))
        self.assertEqual(len(sunday), 4, "the lost hour is at night: the morning keeps its four slots")

    def test_the_clinic_time_zone_reads_the_hours_not_the_browser(self):
        self.company.healthcare_timezone = "America/Mexico_City"
        day = self.slots(first=datetime(2030, 3, 5), last=datetime(2030, 3, 6))
        # 9:00 in Mexico City (UTC-6, no summer time since 2022) is 15:00 UTC.
        self.assertEqual(day[0], datetime(2030, 3, 5, 15))
        local = self.type._local(day[0])
        self.assertEqual((local.hour, local.minute), (9, 0))

    def test_leaves_and_public_holidays_are_not_offered(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Congreso",
                "resource_id": self.dentist.resource_ids.id,
                "calendar_id": self.calendar.id,
                "date_from": datetime(2030, 3, 5, 8),
                "date_to": datetime(2030, 3, 5, 10),
            }
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Fiesta local",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2030, 3, 6, 0),
                "date_to": datetime(2030, 3, 6, 23),
            }
        )
        tuesday = self.slots(first=datetime(2030, 3, 5), last=datetime(2030, 3, 6))
        self.assertEqual(tuesday, [datetime(2030, 3, 5, 10), datetime(2030, 3, 5, 11)])
        self.assertEqual(self.slots(first=datetime(2030, 3, 6), last=datetime(2030, 3, 7)), [])
        self.assertEqual(
            len(self.slots(self.hygienist, first=datetime(2030, 3, 5), last=datetime(2030, 3, 6))),
            4,
            "another practitioner's leave leaves them free",
        )

    def test_appointments_not_cancelled_take_their_time(self):
        patient = self.env["res.partner"].create({"name": "Paciente ocupado", "is_patient": True})
        booked = self.env["calendar.event"].create(
            {
                "name": "Revisión",
                "patient_id": patient.id,
                "practitioner_id": self.dentist.id,
                "start": datetime(2030, 3, 5, 9, 30),
                "stop": datetime(2030, 3, 5, 10),
            }
        )
        tuesday = (datetime(2030, 3, 5), datetime(2030, 3, 6))
        self.assertEqual(
            self.slots(first=tuesday[0], last=tuesday[1]),
            [datetime(2030, 3, 5, 8), datetime(2030, 3, 5, 10), datetime(2030, 3, 5, 11)],
        )
        self.assertEqual(len(self.slots(self.hygienist, first=tuesday[0], last=tuesday[1])), 4)
        booked.action_cancel_appointment()
        self.assertEqual(len(self.slots(first=tuesday[0], last=tuesday[1])), 4, "a cancelled one frees its time")

    def test_minimum_notice_and_horizon(self):
        now = datetime(2030, 3, 4, 8, 30)  # 9:30 in Madrid
        today = self.slots(now=now, last=datetime(2030, 3, 5))
        # Two hours' notice: nothing before 10:30 UTC (11:30 in Madrid).
        self.assertEqual(today, [datetime(2030, 3, 4, 11)])
        self.company.healthcare_booking_horizon_days = 2
        everything = self.slots(now=now)
        self.assertEqual(everything[-1], datetime(2030, 3, 6, 8), "nothing starts after two days from now")
        self.company.healthcare_booking_notice_hours = 0
        self.assertEqual(self.slots(now=now, last=datetime(2030, 3, 5))[0], datetime(2030, 3, 4, 9))

    def test_types_not_bookable_offer_nothing(self):
        self.assertTrue(self.slots())
        other = make_practitioner(self.env, "Luis Ortega", "luis.ortega.booking", self.calendar)
        self.assertEqual(self.slots(other), [], "a practitioner who does not take this type online")
        self.type.online_booking = False
        self.assertEqual(self.slots(), [])
        self.type.online_booking = True
        self.type.active = False
        self.assertEqual(self.slots(), [])

    def test_any_practitioner_gives_each_free_time(self):
        slots = self.type._online_slots(now=self.NOW, last=datetime(2030, 3, 5))
        self.assertEqual(len(slots), 8)
        self.assertEqual({user.id for __, user in slots}, set((self.dentist | self.hygienist).ids))

    def test_one_query_for_the_appointments_whatever_the_period(self):
        patient = self.env["res.partner"].create({"name": "Paciente frecuente", "is_patient": True})
        self.env["calendar.event"].create(
            [
                {
                    "name": "Revisión",
                    "patient_id": patient.id,
                    "practitioner_id": (self.dentist, self.hygienist)[day % 2].id,
                    "start": datetime(2030, 3, 5, 8) + timedelta(days=day),
                    "stop": datetime(2030, 3, 5, 9) + timedelta(days=day),
                }
                for day in range(20)
            ]
        )
        self.env.flush_all()

        def count(days):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            slots = self.type._online_slots(now=self.NOW, last=self.NOW + timedelta(days=days))
            return self.env.cr.sql_log_count - before, slots

        week, week_slots = count(7)
        month, month_slots = count(30)
        self.assertGreater(len(month_slots), 3 * len(week_slots))
        self.assertEqual(week, month, "the queries do not grow with the slots or the appointments")
        self.env.invalidate_all()
        with self.assertQueryCount(week):
            self.type._online_slots(now=self.NOW)

    def test_practitioner_without_working_hours(self):
        user = self.env["res.users"].create({"name": "Sin horario", "login": "sin.horario.booking"})
        self.type.online_practitioner_ids |= user
        self.assertEqual(self.slots(user), [], "no resource, no working hours: nothing to offer")
