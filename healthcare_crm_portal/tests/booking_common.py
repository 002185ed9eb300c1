from datetime import datetime, timedelta

from odoo import Command


def make_practitioner(env, name, login, calendar):
    """A practitioner (a user with the clinician role) whose working hours are `calendar`."""
    user = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": name,
                "login": login,
                "email": f"{login}@clinica.example.com",
                "groups_id": [Command.set([env.ref("healthcare_crm.group_healthcare_clinician").id])],
            }
        )
    )
    env["resource.resource"].create({"name": name, "user_id": user.id, "calendar_id": calendar.id, "tz": calendar.tz})
    return user


def make_calendar(env, name, hours=((9, 13),), days=range(7), tz="Europe/Madrid"):
    """Working hours, in the calendar's own time zone, every day of `days` (0 is Monday)."""
    return env["resource.calendar"].create(
        {
            "name": name,
            "tz": tz,
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": f"{day}-{start}",
                        "dayofweek": str(day),
                        "hour_from": start,
                        "hour_to": end,
                        "day_period": "morning" if start < 13 else "afternoon",
                    }
                )
                for day in days
                for start, end in hours
            ],
        }
    )


class BookingSetup:
    """A clinic in Madrid with two practitioners working 9:00-13:00 every day and a one-hour
    appointment type bookable online with both (2 hours' notice, 30 days ahead)."""

    # A Monday, 7:00 in Madrid (UTC+1 in winter).
    NOW = datetime(2030, 3, 4, 6, 0)

    @classmethod
    def setup_booking(cls, env):
        cls.company = env.company
        cls.company.write(
            {
                "healthcare_timezone": "Europe/Madrid",
                "healthcare_booking_notice_hours": 2,
                "healthcare_booking_horizon_days": 30,
                "healthcare_booking_approval": False,
                "healthcare_booking_user_id": False,
            }
        )
        cls.calendar = make_calendar(env, "Mañanas")
        cls.dentist = make_practitioner(env, "Dra. Ana Ferrer", "ana.ferrer.booking", cls.calendar)
        cls.hygienist = make_practitioner(env, "Pablo Soler", "pablo.soler.booking", cls.calendar)
        cls.type = env["healthcare.appointment.type"].create(
            {
                "name": "Primera visita",
                "duration": 1.0,
                "online_booking": True,
                "online_practitioner_ids": [Command.set([cls.dentist.id, cls.hygienist.id])],
            }
        )

    @staticmethod
    def utc(*args):
        return datetime(*args)

    def starts(self, slots, practitioner=None):
        return [start for start, user in slots if practitioner is None or user == practitioner]


def later(hours):
    return timedelta(hours=hours)
