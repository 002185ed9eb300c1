from datetime import datetime, time, timedelta

import pytz

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    """The manager, in Spanish, reads the dashboard and opens the no-shows behind its figure
    (static/src/js/tours/dashboard_tour.js)."""

    def test_manager_reads_the_dashboard_and_opens_a_figure(self):
        new_test_user(
            self.env,
            login="tour_dashboard",
            name="Ana Cuadro Tour",
            groups="healthcare_crm.group_healthcare_manager",
            lang="es_ES",
            tz="Europe/Madrid",
        )
        patient = self.env["res.partner"].create({"name": "Lola Tour Cuadro", "is_patient": True})
        madrid = pytz.timezone("Europe/Madrid")  # 09:00 of the clinic's today, whatever the hour in UTC
        start = madrid.localize(datetime.combine(datetime.now(madrid).date(), time(9))).astimezone(pytz.utc)
        start = start.replace(tzinfo=None)
        missed = self.env["calendar.event"].create(
            {
                "name": "Revisión",
                "patient_id": patient.id,
                "start": start,
                "stop": start + timedelta(minutes=30),
                "attendance": "no_show",
            }
        )
        self.assertEqual(missed.attendance, "no_show")
        self.start_tour("/odoo", "healthcare_crm_dashboard_tour", login="tour_dashboard")
