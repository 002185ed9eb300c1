import logging
from datetime import timedelta

import pytz

from odoo import _, api, fields, models
from odoo.tools import html2plaintext

_logger = logging.getLogger(__name__)

# A message the provider could not take is tried again after 5, 10, 20, 40 minutes, then failed.
MAX_ATTEMPTS = 5
RETRY_MINUTES = 5
CHANNELS = [("email", "Email"), ("sms", "SMS"), ("whatsapp", "WhatsApp")]


class HealthcareMessage(models.Model):
    """Every message the clinic sends a patient, with its delivery state.

    `key` names the event a message is about (an appointment's 48-hour reminder, a
    recall...): it is unique, so a cron that runs twice sends nothing twice.
    """

    _name = "healthcare.message"
    _description = "Patient Message"
    _order = "create_date desc, id desc"

    key = fields.Char(required=True, readonly=True, index=True)
    patient_id = fields.Many2one("res.partner", string="Patient", required=True, index=True, ondelete="cascade")
    kind = fields.Selection(
        [
            ("reminder", "Appointment reminder"),
            ("recall", "Recall"),
            ("followup", "Quote follow-up"),
            ("birthday", "Birthday"),
            ("survey", "Satisfaction survey"),
        ],
        required=True,
    )
    channel = fields.Selection(CHANNELS, required=True)
    recipient = fields.Char(help="The email address or the phone number in E.164.")
    body = fields.Text()
    calendar_event_id = fields.Many2one(
        "calendar.event", string="Appointment", index="btree_not_null", ondelete="set null"
    )
    state = fields.Selection(
        [("queued", "Queued"), ("sent", "Sent"), ("delivered", "Delivered"), ("read", "Read"), ("failed", "Failed")],
        required=True,
        default="queued",
        index=True,
    )
    mail_id = fields.Many2one("mail.mail", string="Email", index="btree_not_null", ondelete="set null", readonly=True)
    sms_uuid = fields.Char(string="SMS", index="btree_not_null", readonly=True)
    provider_ref = fields.Char(string="Provider Reference", index="btree_not_null", readonly=True)
    error = fields.Text(readonly=True)
    attempt_count = fields.Integer(readonly=True)
    next_attempt = fields.Datetime(readonly=True, index="btree_not_null")

    _sql_constraints = [("key_unique", "unique(key)", "This message was already sent.")]

    # Channel choice

    @api.model
    def _channel_for(self, patient):
        """The patient's preferred channel if it can reach them, else SMS, else email; None if nothing can.

        The mail and phone blacklists count as the patient's refusal of that channel.
        """
        can_sms = patient.has_mobile and patient.mobile_e164 and not patient.phone_sanitized_blacklisted
        can_email = patient.email_normalized and not patient.is_blacklisted
        order = {"email": ["email", "sms"], "sms": ["sms", "email"]}.get(patient.preferred_channel, ["sms", "email"])
        for channel in order:
            if (channel == "sms" and can_sms) or (channel == "email" and can_email):
                return channel
        return None

    @api.model
    def _sending_allowed(self, company, moment=None):
        """Whether `moment` (UTC, default now) falls inside the clinic's sending hours."""
        moment = moment or fields.Datetime.now()
        local = pytz.utc.localize(moment).astimezone(pytz.timezone(company.healthcare_timezone or "UTC"))
        hour = local.hour + local.minute / 60
        return company.healthcare_send_from <= hour < company.healthcare_send_until

    # Appointment reminders

    @api.model
    def _cron_send_reminders(self):
        """Send each appointment's reminders once, inside the clinic's sending hours.

        An appointment gets the reminder of the smallest offset it is within: booked 3 hours
        ahead with reminders at 48 and 2 hours, it gets none until 2 hours before.
        """
        now = fields.Datetime.now()
        company = self.env.company
        if not self._sending_allowed(company, now):
            return
        offsets = company._reminder_offsets()
        events = self.env["calendar.event"].search(
            [
                ("patient_id", "!=", False),
                ("attendance", "in", ("scheduled", "confirmed")),
                ("start", ">", now),
                ("start", "<=", now + timedelta(hours=offsets[0])),
            ]
        )
        sent = set(self.search([("kind", "=", "reminder"), ("calendar_event_id", "in", events.ids)]).mapped("key"))
        for event in events:
            hours_left = (event.start - now).total_seconds() / 3600
            key = f"reminder:{event.id}:{min(hour for hour in offsets if hours_left <= hour):g}"
            if key not in sent and self._channel_for(event.patient_id):
                self._send_reminder(event, key)

    @api.model
    def _send_reminder(self, event, key):
        channel = self._channel_for(event.patient_id)
        if channel == "email":
            template = self.env.ref("healthcare_crm_messaging.mail_template_appointment_reminder")
            message = self.create(
                {
                    "key": key,
                    "patient_id": event.patient_id.id,
                    "kind": "reminder",
                    "channel": "email",
                    "recipient": event.patient_id.email_normalized,
                    "calendar_event_id": event.id,
                }
            )
            mail_id = template.with_context(
                patient_url=event._patient_url(), when=event._patient_local_start().strftime("%d/%m/%Y %H:%M")
            ).send_mail(event.id, email_values={"attachment_ids": [(0, 0, self._ics_attachment(event))]})
            mail = self.env["mail.mail"].sudo().browse(mail_id)
            # Odoo's mail queue sends it; mail.mail reports back (see mail_mail.py).
            message.write({"mail_id": mail.id, "body": html2plaintext(mail.body_html or "")})
        else:
            body = self._reminder_text(event)
            message = self.create(
                {
                    "key": key,
                    "patient_id": event.patient_id.id,
                    "kind": "reminder",
                    "channel": "sms",
                    "recipient": event.patient_id.mobile_e164,
                    "body": body,
                    "calendar_event_id": event.id,
                }
            )
            message._send_sms()
        self.env["healthcare.interaction"].sudo().create(
            {
                "partner_id": event.patient_id.id,
                "calendar_event_id": event.id,
                "channel": message.channel,
                "direction": "outbound",
                "summary": _("Appointment reminder sent: %s", message.body or ""),
                "user_id": False,
            }
        )
        return message

    @api.model
    def _reminder_text(self, event):
        company = self.env.company
        start = event._patient_local_start()
        return self.with_context(lang=event.patient_id.lang or "es_ES").env._(
            "%(clinic)s: your appointment is on %(when)s. Confirm, cancel or ask for another time: %(url)s",
            clinic=company.name,
            when=start.strftime("%d/%m/%Y %H:%M"),
            url=event._patient_url(),
        )

    @api.model
    def _ics_attachment(self, event):
        return {
            "name": "cita.ics",
            "mimetype": "text/calendar",
            "raw": event._get_ics_file()[event.id],
        }

    # SMS through Odoo's queue (sms.sms); sms.sms._send reports back (see sms_sms.py)

    def _send_sms(self):
        for message in self:
            sms = (
                self.env["sms.sms"]
                .sudo()
                .create({"number": message.recipient, "body": message.body, "partner_id": message.patient_id.id})
            )
            message.write({"sms_uuid": sms.uuid, "attempt_count": message.attempt_count + 1})
            sms.send(unlink_failed=False, unlink_sent=True, raise_exception=False)

    def _sms_result(self, uuid_results):
        """Apply what the provider answered: {sms uuid: (ok, provider reference, error, retry)}."""
        now = fields.Datetime.now()
        for message in self.search([("sms_uuid", "in", list(uuid_results))]):
            ok, reference, error, retry = uuid_results[message.sms_uuid]
            if ok:
                message.write({"state": "sent", "provider_ref": reference, "error": False, "next_attempt": False})
            elif retry and message.attempt_count < MAX_ATTEMPTS:
                delay = RETRY_MINUTES * 2 ** (message.attempt_count - 1)
                message.write({"error": error, "next_attempt": now + timedelta(minutes=delay)})
            else:
                message.write({"state": "failed", "error": error, "next_attempt": False})

    @api.model
    def _cron_retry(self):
        """Send again the messages a provider could not take, once their wait is over."""
        due = self.search([("state", "=", "queued"), ("next_attempt", "<=", fields.Datetime.now())])
        for message in due.filtered(lambda m: m.channel == "sms"):
            self.env["sms.sms"].sudo().search([("uuid", "=", message.sms_uuid)]).unlink()
            message._send_sms()

    # Delivery reports

    @api.model
    def _provider_status(self, reference, status, error=None):
        """A delivery report from the provider: sent, delivered, read or failed."""
        message = self.search([("provider_ref", "=", reference)], limit=1)
        if not message:
            return False
        rank = {"queued": 0, "sent": 1, "delivered": 2, "read": 3}
        if status == "failed":
            message.write({"state": "failed", "error": error or _("The provider could not deliver it.")})
        elif status in rank and message.state in rank and rank[status] > rank[message.state]:
            message.state = status
        return message
