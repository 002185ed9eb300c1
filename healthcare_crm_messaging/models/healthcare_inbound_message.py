import mimetypes
import re
import unicodedata
from datetime import UTC, datetime, timedelta

from markupsafe import Markup, escape

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.tools import SQL

from .healthcare_message import CONSENT_PURPOSE

INBOUND_CHANNELS = [("whatsapp", "WhatsApp"), ("sms", "SMS")]
MESSAGE_TYPES = [
    ("text", "Text"),
    ("image", "Image"),
    ("document", "Document"),
    ("audio", "Audio"),
    ("video", "Video"),
    ("sticker", "Sticker"),
    ("media", "Media"),
    ("location", "Location"),
    ("button", "Button reply"),
    ("interactive", "Button reply"),
    ("other", "Other"),
]
ANSWERS = [
    ("confirm", "Confirmed the appointment"),
    ("cancel", "Cancelled the appointment"),
    ("optout", "Withdrew marketing consent"),
]
# What a patient answers to a reminder, once accents, case and the punctuation around it are
# gone. Anything longer ("sí, pero más tarde") goes to the desk: better a person reads it.
KEYWORDS = {
    "si": "confirm",
    "confirmo": "confirm",
    "confirmar": "confirm",
    "1": "confirm",
    "no": "cancel",
    "cancelar": "cancel",
    "2": "cancel",
    "baja": "optout",
    "stop": "optout",
    # The payloads of the reminder template's quick-reply buttons.
    "confirm": "confirm",
    "cancel": "cancel",
}
# WhatsApp lets a business answer with free text for 24 hours after the patient's last message.
WHATSAPP_WINDOW = timedelta(hours=24)
# A timestamp this far ahead of our clock is the provider's clock, not the future.
CLOCK_TOLERANCE = timedelta(minutes=5)
EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")


def keyword(text):
    """The answer ("confirm", "cancel", "optout") a message's text means, or None."""
    if not text:
        return None
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return KEYWORDS.get(EDGE_PUNCTUATION.sub("", plain.casefold()))


class HealthcareInboundMessage(models.Model):
    """A message a patient (or someone not yet a patient) sent the clinic by WhatsApp or SMS.

    The provider's message id is unique per channel: a webhook the provider sends again
    writes nothing twice.
    """

    _name = "healthcare.inbound.message"
    _inherit = ["healthcare.patient.company.mixin"]
    _patient_field = "partner_id"
    _description = "Incoming Patient Message"
    _order = "received_at desc, id desc"

    channel = fields.Selection(INBOUND_CHANNELS, required=True, readonly=True)
    provider_ref = fields.Char(string="Provider Reference", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Patient", required=True, index=True, ondelete="cascade", readonly=True
    )
    sender = fields.Char(string="From", readonly=True, help="The number that wrote, in E.164.")
    profile_name = fields.Char(string="WhatsApp Name", readonly=True)
    message_type = fields.Selection(MESSAGE_TYPES, string="Type", required=True, default="text", readonly=True)
    body = fields.Text(readonly=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments", readonly=True)
    received_at = fields.Datetime(string="Received", required=True, readonly=True, index=True)
    answer = fields.Selection(
        ANSWERS, readonly=True, help="What the message did on its own, as an answer to a reminder."
    )
    calendar_event_id = fields.Many2one(
        "calendar.event", string="Appointment", index="btree_not_null", ondelete="set null", readonly=True
    )
    is_read = fields.Boolean(string="Read", help="Someone at the desk has dealt with it (or it answered itself).")

    _sql_constraints = [
        ("provider_ref_unique", "unique(channel, provider_ref)", "This message was already received."),
    ]

    # Receiving

    @api.model
    def _receive(self, messages):
        """Store the incoming `messages` (dicts from the webhooks' parsers) not stored yet.

        Each one lands in its sender's chatter (posted as them) and contact history, with its
        files as attachments; an answer to a reminder confirms or cancels the appointment or
        withdraws the channel's marketing consent; anything else waits for the desk, unread,
        with an activity. Returns the new records.
        """
        stored = self.search_fetch(
            [("provider_ref", "in", [m["provider_ref"] for m in messages])], ["channel", "provider_ref"]
        )
        seen = {(m.channel, m.provider_ref) for m in stored}
        new = []
        for message in messages:
            key = (message["channel"], message["provider_ref"])
            if key not in seen:
                seen.add(key)
                new.append(message)
        if not new:
            return self.browse()
        partners = self.env["res.partner"]._from_inbound_numbers({m["sender"]: m["profile_name"] for m in new})
        now = fields.Datetime.now()
        values = []
        for message in new:
            received = now
            if message["timestamp"]:
                moment = datetime.fromtimestamp(message["timestamp"], UTC).replace(tzinfo=None)
                received = min(moment, now)
            values.append(
                {
                    "channel": message["channel"],
                    "provider_ref": message["provider_ref"],
                    "partner_id": partners[message["sender"]].id,
                    "sender": partners[message["sender"]]._inbound_number(message["sender"]),
                    "profile_name": message["profile_name"],
                    "message_type": message["message_type"]
                    if message["message_type"] in dict(MESSAGE_TYPES)
                    else "other",
                    "body": self._body_text(message),
                    "received_at": received,
                    "answer": keyword(message["answer"]) or keyword(message["text"]),
                }
            )
        records = self.create(values)
        for record, message in zip(records, new, strict=True):
            if message["media"]:
                record.attachment_ids = record._fetch_media(message["media"])
        records._open_whatsapp_windows()
        records._post_in_chatter()
        records._log_interactions()
        records._apply_answers()
        return records

    @api.model
    def _body_text(self, message):
        """The text a person reads for a message: its text or caption; a location as words and numbers."""
        location = message.get("location")
        if location:
            place = ", ".join(part for part in (location["name"], location["address"]) if part)
            coordinates = f"{location['latitude']}, {location['longitude']}"
            return f"{place} ({coordinates})" if place else coordinates
        return message["text"] or ""

    def _fetch_media(self, media):
        """The message's files, fetched from the provider, as attachments of its sender."""
        self.ensure_one()
        attachments = self.env["ir.attachment"]
        refused = []
        for index, item in enumerate(media):
            if self.channel == "whatsapp":
                raw, mimetype, error = self.env["healthcare.whatsapp"]._download_media(item["id"])
            else:
                raw, mimetype, error = self.env["healthcare.twilio"]._download_media(item["url"])
            if error:
                refused.append(error)
                continue
            name = item["filename"] or self._media_name(index, mimetype)
            attachments |= attachments.create(
                {
                    "name": name,
                    "raw": raw,
                    "mimetype": mimetype,
                    "res_model": "res.partner",
                    "res_id": self.partner_id.id,
                }
            )
        if refused:
            # The patient's words stay; the desk learns a file was sent and not kept.
            note = "\n".join(_("File not kept: %s", error) for error in refused)
            self.body = f"{self.body}\n{note}" if self.body else note
        return attachments

    def _media_name(self, index, mimetype):
        extension = mimetypes.guess_extension(mimetype or "") or ""
        return f"{self.channel}-{self.received_at:%Y%m%d-%H%M%S}-{index + 1}{extension}"

    def _open_whatsapp_windows(self):
        """Each sender's last WhatsApp message opens WhatsApp's 24-hour window for free text."""
        latest = {}
        for record in self.filtered(lambda r: r.channel == "whatsapp"):
            latest[record.partner_id] = max(latest.get(record.partner_id, record.received_at), record.received_at)
        for partner, moment in latest.items():
            if not partner.whatsapp_last_inbound or partner.whatsapp_last_inbound < moment:
                partner.whatsapp_last_inbound = moment

    def _post_in_chatter(self):
        """In the sender's chatter, as written by them: an internal note, so that no follower is emailed."""
        labels = dict(self._fields["channel"]._description_selection(self.env))
        for record in self:
            body = Markup("<p><strong>%s</strong></p>") % labels[record.channel]
            if record.body:
                body += Markup("<p>%s</p>") % escape(record.body).replace("\n", Markup("<br/>"))
            # As the superuser: mail links a public user's post only to files uploaded in a composer.
            record.partner_id.with_user(SUPERUSER_ID).with_context(
                mail_create_nosubscribe=True, mail_post_autofollow_author_skip=True
            ).message_post(
                body=body,
                author_id=record.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                attachment_ids=record.attachment_ids.ids,
            )

    def _log_interactions(self):
        """The contact history, in one create."""
        types = dict(self._fields["message_type"]._description_selection(self.env))
        values = []
        for record in self:
            summary = record.body or ""
            if record.message_type != "text":
                summary = f"{types[record.message_type]}: {summary}" if summary else types[record.message_type]
            if record.attachment_ids:
                summary += "\n" + _("Files: %s", ", ".join(record.attachment_ids.mapped("name")))
            values.append(
                {
                    "partner_id": record.partner_id.id,
                    "channel": record.channel,
                    "direction": "inbound",
                    "outcome": "replied",
                    "summary": summary or "-",
                    "date": record.received_at,
                    "user_id": False,
                }
            )
        self.env["healthcare.interaction"].sudo().create(values)

    # Answers to reminders

    def _apply_answers(self):
        """Confirm, cancel or opt out for the messages that say so; the rest go to the desk."""
        events = self._reminded_appointments()
        for record in self:
            event = events.get(record.partner_id.id)
            if record.answer == "optout":
                record._optout()
            elif record.answer in ("confirm", "cancel") and event:
                record._answer_appointment(event)
            else:
                record.answer = False
                record._to_the_desk()

    def _reminded_appointments(self):
        """{partner id: the coming appointment their last reminder was about}, in one query."""
        self.env["healthcare.message"].flush_model()
        self.env["calendar.event"].flush_model(["attendance", "start"])
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT ON (m.patient_id) m.patient_id, m.calendar_event_id
                     FROM healthcare_message m
                     JOIN calendar_event e ON e.id = m.calendar_event_id
                    WHERE m.patient_id IN %s AND m.kind = 'reminder'
                      AND e.attendance IN ('scheduled', 'confirmed') AND e.start > %s AND e.active
                 ORDER BY m.patient_id, m.create_date DESC, m.id DESC""",
                tuple(self.partner_id.ids),
                fields.Datetime.now(),
            )
        )
        rows = self.env.cr.fetchall()
        events = self.env["calendar.event"].sudo().browse(row[1] for row in rows)
        return {partner_id: events.browse(event_id) for partner_id, event_id in rows}

    def _answer_appointment(self, event):
        self.ensure_one()
        self.calendar_event_id = event
        self.is_read = True
        if self.answer == "confirm":
            if event.attendance == "scheduled":
                event._patient_answer("confirm", channel=self.channel)
        else:
            event._patient_answer("cancel", channel=self.channel)
            patient = event.patient_id
            patient.activity_schedule(
                "mail.mail_activity_data_call",
                summary=_(
                    "Rebook the appointment %(patient)s cancelled by %(channel)s",
                    patient=patient.name,
                    channel=self._channel_label(),
                ),
                note=escape(_("Cancelled appointment: %(when)s", when=event.patient_local_start_text)),
                user_id=patient._desk_user(event).id,
            )
        env = self.env["healthcare.message"]._in_patient_lang(self.partner_id)
        clinic, when = self.env.company.name, event.patient_local_start_text
        if self.answer == "confirm":
            text = env._("%(clinic)s: thank you, your appointment on %(when)s is confirmed.", clinic=clinic, when=when)
        else:
            text = env._(
                "%(clinic)s: your appointment on %(when)s is cancelled. We will call you to find another time.",
                clinic=clinic,
                when=when,
            )
        self._acknowledge(text, event)

    def _optout(self):
        self.ensure_one()
        self.is_read = True
        self.env["healthcare.consent"].sudo().create(
            {
                "partner_id": self.partner_id.id,
                "purpose": CONSENT_PURPOSE[self.channel],
                "state": "withdrawn",
                "date": self.received_at,
                "source": self.channel,
                "evidence": _(
                    "%(channel)s message %(reference)s from %(number)s on %(date)s: %(text)s",
                    channel=self._channel_label(),
                    reference=self.provider_ref,
                    number=self.sender or "-",
                    date=self.received_at,
                    text=self.body or "",
                ),
            }
        )
        env = self.env["healthcare.message"]._in_patient_lang(self.partner_id)
        self._acknowledge(
            env._(
                "%(clinic)s: you will not receive promotional messages here any more. "
                "Your appointment reminders will keep coming.",
                clinic=self.env.company.name,
            )
        )

    def _to_the_desk(self):
        """Unread, with a to-do for the desk; one open to-do per sender is enough."""
        self.ensure_one()
        partner = self.partner_id
        summary = _("Answer the messages of %s", partner.name)
        if summary in partner.activity_ids.mapped("summary"):
            return
        partner.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=escape(f"{self._channel_label()}: {self.body or ''}"),
            user_id=partner._desk_user().id,
        )

    def _channel_label(self):
        return dict(self._fields["channel"]._description_selection(self.env))[self.channel]

    def _acknowledge(self, text, event=None):
        """A short answer on the same channel, once per incoming message: SMS always, WhatsApp only
        as free text inside its 24-hour window (outside it, only an approved template may go)."""
        self.ensure_one()
        partner = self.partner_id
        if self.channel == "whatsapp" and not partner._whatsapp_free_text_allowed():
            return self.env["healthcare.message"]
        messages = self.env["healthcare.message"].sudo()
        key = f"reply:{self.channel}:{self.provider_ref}"
        if messages.search_count([("key", "=", key)]):
            return messages.browse()
        message = messages.create(
            {
                "key": key,
                "patient_id": partner.id,
                "kind": "reply",
                "channel": self.channel,
                "recipient": self.sender,
                "body": text,
                "calendar_event_id": event and event.id,
            }
        )
        if self.channel == "whatsapp":
            message._send_whatsapp()
        else:
            message._send_sms()
        message._log_sent()
        return message
