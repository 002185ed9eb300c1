"""Two patients submit the same free time at the same moment, each request in its own transaction
as two HTTP workers run them: one gets the appointment, the other a clear "no longer available".

Each worker is a thread with a cursor of its own on committed data; a request that loses the race
on the practitioner's lock fails with "could not serialize access" and is run again by Odoo's
`retrying`, as the HTTP layer does, and then finds the time taken.
"""

import threading
import uuid
from contextlib import closing, contextmanager

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged

from ..models.healthcare_appointment_type_booking import SlotTaken
from .booking_common import make_calendar, make_practitioner


@tagged("post_install", "-at_install")
class TestBookingRace(TransactionCase):
    def setUp(self):
        super().setUp()
        self.db = sql_db.db_connect(self.env.cr.dbname)
        suffix = uuid.uuid4().hex[:8]
        with self.committed() as env:
            company = env.company
            self.saved = {
                "healthcare_booking_approval": company.healthcare_booking_approval,
                "healthcare_booking_notice_hours": company.healthcare_booking_notice_hours,
            }
            company.write({"healthcare_booking_approval": False, "healthcare_booking_notice_hours": 2})
            calendar = make_calendar(env, f"Carrera {suffix}", hours=((9, 13), (16, 19)))
            user = make_practitioner(env, f"Dra. Carrera {suffix}", f"carrera.{suffix}", calendar)
            appointment_type = env["healthcare.appointment.type"].create(
                {
                    "name": f"Carrera {suffix}",
                    "duration": 0.5,
                    "online_booking": True,
                    "online_practitioner_ids": [Command.set([user.id])],
                }
            )
            self.start = appointment_type._online_slots()[0][0]
            self.ids = {"calendar": calendar.id, "user": user.id, "type": appointment_type.id}
        self.addCleanup(self.clean)

    @contextmanager
    def committed(self):
        with closing(self.db.cursor()) as cr:
            cr.execute("SET lock_timeout = '20s'")
            env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
            yield env
            env.flush_all()
            cr.commit()

    def clean(self):
        with self.committed() as env:
            events = (
                env["calendar.event"]
                .with_context(active_test=False)
                .search([("appointment_type_id", "=", self.ids["type"])])
            )
            patients = events.patient_id
            events.unlink()
            patients.unlink()
            env["healthcare.booking.attempt"].search([("ip_address", "=", "198.51.100.9")]).unlink()
            env["healthcare.appointment.type"].browse(self.ids["type"]).unlink()
            user = env["res.users"].browse(self.ids["user"])
            user.resource_ids.unlink()
            env["resource.calendar"].browse(self.ids["calendar"]).unlink()
            user.active = False
            env.company.write(self.saved)

    def test_two_patients_submit_the_same_time_at_once(self):
        barrier, results = threading.Barrier(2), {}

        def submit(number):
            with closing(self.db.cursor()) as cr:
                env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
                cr.execute("SELECT 1")  # both transactions start before either books
                barrier.wait(timeout=30)

                def book():
                    appointment_type = env["healthcare.appointment.type"].browse(self.ids["type"])
                    return appointment_type._book_online(
                        env["res.users"].browse(self.ids["user"]),
                        self.start,
                        {
                            "name": f"Paciente carrera {number}",
                            "mobile": f"+34 655 900 {number:03d}",
                            "email": f"carrera{number}@example.com",
                            "data_processing": True,
                            "ip_address": "198.51.100.9",
                        },
                    ).id

                try:
                    results[number] = retrying(book, env)
                    cr.commit()
                except SlotTaken as error:
                    results[number] = error
                    cr.rollback()

        threads = [threading.Thread(target=submit, args=(number,)) for number in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(len(results), 2, results)
        booked = [value for value in results.values() if isinstance(value, int)]
        refused = [value for value in results.values() if isinstance(value, SlotTaken)]
        self.assertEqual((len(booked), len(refused)), (1, 1), results)
        self.assertIn("no longer available", refused[0].args[0])
        with self.committed() as env:
            events = env["calendar.event"].search(
                [("appointment_type_id", "=", self.ids["type"]), ("attendance", "!=", "cancelled")]
            )
            self.assertEqual(events.ids, booked, "one appointment, for one of the two patients")
            self.assertEqual(
                env["res.partner"].search_count([("email", "in", ["carrera1@example.com", "carrera2@example.com"])]),
                1,
                "the refused request created no patient",
            )
