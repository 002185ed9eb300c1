from odoo.addons.healthcare_crm.tests.common import RpcCase
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .booking_common import BookingSetup


@tagged("post_install", "-at_install")
class TestBookingStaff(BookingSetup, RpcCase):
    """What staff do with online booking: the settings, the types, approving and refusing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_booking(cls.env)
        cls.env.company.country_id = cls.env.ref("base.es")
        cls.receptionist = cls.role_user("receptionist")
        cls.manager = cls.role_user("manager")

    def pending_booking(self, index=0):
        self.env.company.healthcare_booking_approval = True
        start, user = self.type._online_slots()[index]
        return self.type._book_online(
            user,
            start,
            {
                "name": f"Paciente web {index}",
                "mobile": f"+34 688 100 2{index:02d}",
                "email": f"web{index}@example.com",
                "data_processing": True,
            },
        )

    def test_the_manager_sets_online_booking_in_the_settings(self):
        settings = Form(self.env["res.config.settings"])  # Settings need the administrator
        settings.healthcare_booking_notice_hours = 24
        settings.healthcare_booking_horizon_days = 14
        settings.healthcare_booking_approval = True
        settings.healthcare_booking_user_id = self.receptionist
        settings.save().execute()
        company = self.env.company
        self.assertEqual(
            (
                company.healthcare_booking_notice_hours,
                company.healthcare_booking_horizon_days,
                company.healthcare_booking_approval,
                company.healthcare_booking_user_id,
            ),
            (24, 14, True, self.receptionist),
        )
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            company.healthcare_booking_horizon_days = 0
            company.flush_recordset()

    def test_a_type_made_bookable_gives_its_link(self):
        context = {"form_view_ref": "healthcare_crm_portal.view_appointment_type_form_booking"}
        form = Form(self.env["healthcare.appointment.type"].with_user(self.manager).with_context(**context))
        form.name = "Blanqueamiento"
        form.duration = 1.0
        form.online_booking = True
        form.online_practitioner_ids.add(self.dentist)
        appointment_type = form.save()
        self.assertTrue(appointment_type.online_booking_url.endswith(f"/reservar/blanqueamiento-{appointment_type.id}"))
        self.assertTrue(self.type._online_slots())
        self.assertIn(f"/reservar?profesional={self.dentist.id}", self.dentist.healthcare_booking_url)

    def test_the_front_desk_approves_or_refuses_over_rpc(self):
        approved, refused = self.pending_booking(0), self.pending_booking(1)
        self.call_kw(self.receptionist, "calendar.event", "action_approve_online_booking", approved.ids)
        self.jsonrpc(self.receptionist, "calendar.event", "action_refuse_online_booking", refused.ids)
        self.assertEqual((approved.online_approval, approved.attendance), ("approved", "scheduled"))
        self.assertEqual((refused.online_approval, refused.attendance), ("refused", "cancelled"))
        error = self.assertRpcRefused(
            self.call_kw,
            self.receptionist,
            "calendar.event",
            "action_approve_online_booking",
            approved.ids,
            error="UserError",
        )
        self.assertIn("not an online booking waiting for approval", error.message)

    def test_staff_list_online_bookings_pending_first(self):
        pending = self.pending_booking(0)
        self.env.company.healthcare_booking_approval = False
        start, user = self.type._online_slots()[0]
        done = self.type._book_online(
            user,
            start,
            {"name": "Directa", "mobile": "+34 688 100 399", "email": "directa@example.com", "data_processing": True},
        )
        action = self.env.ref("healthcare_crm_portal.action_online_bookings")
        found = self.call_kw(
            self.receptionist,
            "calendar.event",
            "search_read",
            [("online_booking", "=", True), ("id", "in", (pending | done).ids)],
            ["id", "online_approval"],
            order="online_pending desc, start desc",
        )
        self.assertEqual([row["id"] for row in found], [pending.id, done.id])
        self.assertIn("online_booking", action.domain)
        self.assertFalse(
            self.env["healthcare.booking.attempt"].with_user(self.receptionist).has_access("read"),
            "the attempts (IP addresses) are for managers only",
        )
        self.assertTrue(self.env["healthcare.booking.attempt"].with_user(self.manager).has_access("read"))
