from odoo import Command
from odoo.tests import HttpCase, tagged

from .booking_common import make_calendar, make_practitioner


@tagged("post_install", "-at_install")
class TestBookingTour(HttpCase):
    """A new patient books from /reservar on a phone, in real Chromium."""

    browser_size = "390x844"
    touch_enabled = True

    def test_a_new_patient_books_on_a_phone(self):
        company = self.env.company
        company.write({"healthcare_booking_approval": False, "healthcare_booking_notice_hours": 2})
        company.partner_id.lang = "es_ES"
        calendar = make_calendar(self.env, "Horario tour", hours=((8, 14), (15, 21)))
        dentist = make_practitioner(self.env, "Dra. Tour Valverde", "tour.valverde", calendar)
        appointment_type = self.env["healthcare.appointment.type"].create(
            {
                "name": "Valoración tour",
                "duration": 0.5,
                "online_booking": True,
                "online_practitioner_ids": [Command.set([dentist.id])],
            }
        )
        first = appointment_type._online_slots()[0][0]
        self.start_tour("/reservar", "healthcare_crm_portal_booking_tour")
        event = self.env["calendar.event"].search([("appointment_type_id", "=", appointment_type.id)])
        self.assertEqual(len(event), 1)
        self.assertEqual(event.start, first, "the first free time, in the clinic's time zone")
        self.assertEqual(event.patient_id.name, "Lucía Benítez")
        self.assertEqual(event.patient_id.mobile_e164, "+34655123987")
        self.assertEqual(set(event.patient_id.consent_ids.mapped("purpose")), {"data_processing", "whatsapp"})
        self.assertEqual(event.online_approval, "approved")
