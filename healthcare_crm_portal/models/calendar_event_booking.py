from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CalendarEvent(models.Model):
    """Appointments patients booked on the website, and the front desk's approval of them."""

    _inherit = "calendar.event"

    online_booking = fields.Boolean(string="Booked Online", readonly=True, copy=False, index=True)
    online_approval = fields.Selection(
        [("pending", "Waiting for Approval"), ("approved", "Approved"), ("refused", "Refused")],
        string="Online Booking Approval",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the clinic approves online bookings, a booking holds its time while it waits.",
    )
    # Those waiting for approval come first in the list of online bookings.
    online_pending = fields.Boolean(compute="_compute_online_pending", store=True, string="Waiting for Approval")
    online_activity_id = fields.Many2one("mail.activity", string="Front Desk To-do", readonly=True, ondelete="set null")

    @api.depends("online_approval")
    def _compute_online_pending(self):
        for event in self:
            event.online_pending = event.online_approval == "pending"

    def _online_booking_activity(self):
        """A to-do for the front desk on the patient: check the booking, or approve it."""
        for event in self.sudo():
            when = event.appointment_type_id._local(event.start).strftime("%d/%m/%Y %H:%M")
            if event.online_approval == "pending":
                summary = _("Approve online booking: %(type)s on %(when)s", type=event.name, when=when)
            else:
                summary = _("New online booking: %(type)s on %(when)s", type=event.name, when=when)
            event.online_activity_id = event.patient_id.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                user_id=(event.company_id.healthcare_booking_user_id or event.practitioner_id).id,
            )

    def _send_online_booking_confirmation(self):
        """The booking confirmed on the patient's channel, with the appointment's confirm/cancel link."""
        messages = self.env["healthcare.message"].sudo()
        for event in self.sudo():
            patient = event.patient_id
            env = messages._in_patient_lang(patient)
            when = event.patient_local_start_text
            url = event._patient_url()
            text = env._(
                "%(clinic)s: your appointment (%(type)s) is booked for %(when)s. Confirm, cancel or ask for "
                "another time: %(url)s",
                clinic=event.company_id.name or self.env.company.name,
                type=event.name,
                when=when,
                url=url,
            )
            messages._deliver(
                patient,
                "reminder",
                f"booking:{event.id}",
                text,
                links={"calendar_event_id": event.id},
                whatsapp_params=[patient.name, when, url],
            )

    def action_approve_online_booking(self):
        pending = self._pending_online_bookings()
        pending.write({"online_approval": "approved"})
        pending._send_online_booking_confirmation()
        pending._close_booking_activities()

    def action_refuse_online_booking(self):
        """Refused: the time is freed and the patient told, with the link to book another."""
        pending = self._pending_online_bookings()
        pending.write({"online_approval": "refused", "attendance": "cancelled"})
        messages = self.env["healthcare.message"].sudo()
        for event in pending.sudo():
            patient = event.patient_id
            env = messages._in_patient_lang(patient)
            when = event.patient_local_start_text
            url = f"{event.get_base_url()}/reservar"
            text = env._(
                "%(clinic)s: we are sorry, we cannot see you on %(when)s as you asked online. Book another "
                "time or call us: %(url)s",
                clinic=event.company_id.name or self.env.company.name,
                when=when,
                url=url,
            )
            messages._deliver(
                patient,
                "reminder",
                f"booking-refused:{event.id}",
                text,
                links={"calendar_event_id": event.id},
                whatsapp_params=[patient.name, when, url],
            )
        pending._close_booking_activities()

    def _pending_online_bookings(self):
        wrong = self.filtered(lambda e: e.online_approval != "pending")
        if wrong:
            raise UserError(_("%s is not an online booking waiting for approval.", wrong[0].display_name))
        return self

    def _close_booking_activities(self):
        """The front desk's to-do about these bookings is done once someone decided."""
        self.sudo().online_activity_id.action_feedback()
