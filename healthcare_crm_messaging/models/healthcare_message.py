import logging
import re
import secrets
import threading
from datetime import timedelta

import pytz
import requests
from psycopg2 import errors

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import html2plaintext, split_every

from .mail_render_mixin import RENDER_ONCE

_logger = logging.getLogger(__name__)

# A message the provider could not take is tried again after 5, 10, 20, 40 minutes, then failed.
MAX_ATTEMPTS = 5
RETRY_MINUTES = 5
# A message still waiting after this long (no provider, provider down) is not sent any more.
STALE_AFTER = timedelta(days=2)
CHANNELS = [("email", "Email"), ("sms", "SMS"), ("whatsapp", "WhatsApp")]
KINDS = [
    ("reminder", "Appointment reminder"),
    ("recall", "Recall"),
    ("followup", "Quote follow-up"),
    ("birthday", "Birthday"),
    ("survey", "Satisfaction survey"),
    ("campaign", "Campaign"),
    ("reply", "Automatic reply"),
]
# Marketing reaches a patient on a channel only with their current consent for it.
MARKETING_CONSENT = {"email": "consent_email_marketing", "sms": "consent_sms", "whatsapp": "consent_whatsapp"}
# The consent purpose an opt-out link withdraws, per channel.
CONSENT_PURPOSE = {"email": "email_marketing", "sms": "sms", "whatsapp": "whatsapp"}
# Days a quote waits for an answer before the patient gets a follow-up message.
FOLLOWUP_DAYS_PARAMETER = "healthcare_crm_messaging.followup_days"
# Messages a job claims, sends and commits at a time.
BATCH_SIZE = 200
# A claimed SMS or WhatsApp message still queued, with no next attempt, this long after it was
# claimed lost its sender (a worker killed between its claim and the provider): the retry job
# sends it, unless a sender holds its lock (see `_claim_due`).
ABANDONED_AFTER = timedelta(minutes=5)
# A batch another job claimed at the same time (the same key, a row it updated) is claimed
# again from what that job committed, up to this many times; the next run does what is left.
CLAIM_ATTEMPTS = 3
CONCURRENCY_ERRORS = (
    errors.UniqueViolation,
    errors.SerializationFailure,
    errors.DeadlockDetected,
    errors.LockNotAvailable,
)
# What a link token of ours looks like (secrets.token_urlsafe(32) gives 43 characters):
# anything else opens nothing, without a query.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,128}")


def valid_token(token):
    return isinstance(token, str) and bool(TOKEN_PATTERN.fullmatch(token))


class HealthcareMessage(models.Model):
    """Every message the clinic sends a patient, with its delivery state.

    `key` names the event a message is about (an appointment's 48-hour reminder, a
    recall, this year's birthday...): it is unique, so a cron that runs twice sends
    nothing twice.
    """

    _name = "healthcare.message"
    _inherit = ["healthcare.patient.company.mixin"]
    _description = "Patient Message"
    _order = "create_date desc, id desc"

    key = fields.Char(required=True, readonly=True, index=True)
    patient_id = fields.Many2one("res.partner", string="Patient", required=True, index=True, ondelete="cascade")
    kind = fields.Selection(KINDS, required=True)
    channel = fields.Selection(CHANNELS, required=True)
    recipient = fields.Char(help="The email address or the phone number in E.164.")
    body = fields.Text()
    calendar_event_id = fields.Many2one(
        "calendar.event", string="Appointment", index="btree_not_null", ondelete="set null"
    )
    recall_id = fields.Many2one("healthcare.recall", string="Recall", index="btree_not_null", ondelete="set null")
    sale_order_id = fields.Many2one("sale.order", string="Quote", index="btree_not_null", ondelete="set null")
    state = fields.Selection(
        [("queued", "Queued"), ("sent", "Sent"), ("delivered", "Delivered"), ("read", "Read"), ("failed", "Failed")],
        required=True,
        default="queued",
        index=True,
    )
    mail_id = fields.Many2one("mail.mail", string="Email", index="btree_not_null", ondelete="set null", readonly=True)
    sms_uuid = fields.Char(string="SMS", index="btree_not_null", readonly=True)
    whatsapp_template_id = fields.Many2one("healthcare.whatsapp.template", string="WhatsApp Template", readonly=True)
    whatsapp_params = fields.Json(string="WhatsApp Parameters", readonly=True)
    provider_ref = fields.Char(string="Provider Reference", index="btree_not_null", readonly=True)
    optout_token = fields.Char(string="Opt-out Token", copy=False, index="btree_not_null", groups="base.group_system")
    error = fields.Text(readonly=True)
    attempt_count = fields.Integer(readonly=True)
    next_attempt = fields.Datetime(readonly=True, index="btree_not_null")

    _sql_constraints = [("key_unique", "unique(key)", "This message was already sent.")]

    # Channel choice

    @api.model
    def _reach_domain(self, channel, marketing=False, kind=None):
        """The patients `channel` can reach, as a domain on res.partner: the one place that says
        it, for `_channel_for` (one patient) and the segments' counts (a search_count each).

        The mail and phone blacklists count as the patient's refusal of that channel; a
        marketing message also needs the patient's current consent for the channel. WhatsApp
        needs the clinic's account and a template approved for this kind of message: without
        them it reaches nobody.
        """
        if channel == "email":
            domain = [("email_normalized", "!=", False), ("is_blacklisted", "=", False)]
        elif channel in ("sms", "whatsapp"):
            domain = [
                ("has_mobile", "=", True),
                ("mobile_e164", "!=", False),
                ("phone_sanitized_blacklisted", "=", False),
            ]
        else:
            return expression.FALSE_DOMAIN
        if channel == "whatsapp" and self._whatsapp_unavailable(kind):
            return expression.FALSE_DOMAIN
        if marketing:
            domain.append((MARKETING_CONSENT[channel], "=", "given"))
        return domain

    @api.model
    def _whatsapp_unavailable(self, kind):
        """Why WhatsApp cannot send this kind of message now, or None."""
        if not self.env["healthcare.whatsapp"]._configured():
            return _("WhatsApp is not configured: set up the clinic's WhatsApp account in the settings.")
        if not self.env["healthcare.whatsapp.template"]._for_kind(kind):
            return _("WhatsApp has approved no template for these messages.")
        return None

    @api.model
    def _channel_for(self, patient, wanted=None, marketing=False, kind=None, fallback=True):
        """The channel to use: `wanted` (default: the patient's preference) if it can reach them,
        else SMS, else email; None if nothing can. What can reach them is `_reach_domain`.
        """
        return self._channels_for(patient, wanted, marketing, kind, fallback)[patient.id]

    @api.model
    def _channels_for(self, patients, wanted=None, marketing=False, kind=None, fallback=True):
        """`_channel_for` of many patients at once: {patient id: channel or None}, each
        channel's `_reach_domain` checked once on all of them."""
        reach = {}
        for channel in ("email", "sms", "whatsapp"):
            domain = self._reach_domain(channel, marketing, kind)
            reach[channel] = set(patients.filtered_domain(domain).ids) if domain != expression.FALSE_DOMAIN else set()
        channels = {}
        for patient in patients:
            preferred = wanted if wanted and wanted != "preferred" else patient.preferred_channel
            order = {"email": ["email", "sms"], "whatsapp": ["whatsapp", "sms", "email"]}.get(
                preferred, ["sms", "email"]
            )
            channels[patient.id] = next(
                (channel for channel in (order if fallback else [preferred]) if patient.id in reach.get(channel, ())),
                None,
            )
        return channels

    @api.model
    def _sending_allowed(self, company, moment=None):
        """Whether `moment` (UTC, default now) falls inside the clinic's sending hours."""
        moment = moment or fields.Datetime.now()
        local = pytz.utc.localize(moment).astimezone(pytz.timezone(company.healthcare_timezone or "UTC"))
        hour = local.hour + local.minute / 60
        return company.healthcare_send_from <= hour < company.healthcare_send_until

    # Sending

    @api.model
    def _deliver(
        self,
        patient,
        kind,
        key,
        text,
        *,
        wanted=None,
        marketing=False,
        fallback=True,
        links=None,
        email=None,
        whatsapp_params=(),
        whatsapp_template=None,
    ):
        """Send `text` to the patient once for `key`, and log it in their contact history.

        `links` are the message's records (calendar_event_id, recall_id, sale_order_id);
        `email` optionally gives (template, record, context, attachments) for a richer email
        than the text; `whatsapp_params` fill the kind's approved WhatsApp template. Returns
        the message, or nothing when no channel may reach the patient.
        """
        if self.search_count([("key", "=", key)]):
            return self.browse()
        channel = self._channel_for(patient, wanted, marketing, kind, fallback)
        if not channel:
            return self.browse()
        message = self.create(
            {
                "key": key,
                "patient_id": patient.id,
                "kind": kind,
                "channel": channel,
                "recipient": patient.email_normalized if channel == "email" else patient.mobile_e164,
                "body": text,
                **(links or {}),
            }
        )
        optout_url = None
        if marketing and channel != "whatsapp":  # WhatsApp opt-outs go through the template's button
            message.sudo().optout_token = secrets.token_urlsafe(32)
            optout_url = f"{message.get_base_url()}/clinic/optout/{message.sudo().optout_token}"
            text = self._in_patient_lang(patient)._("%(text)s Stop these messages: %(url)s", text=text, url=optout_url)
            message.body = text
        if channel == "email":
            template, record, context, attachments = email or (
                self.env.ref("healthcare_crm_messaging.mail_template_patient_message"),
                patient,
                {"subject": dict(self._fields["kind"]._description_selection(self._in_patient_lang(patient)))[kind]},
                [],
            )
            mail_id = template.with_context(text=text, optout_url=optout_url, **context).send_mail(
                record.id, email_values={"attachment_ids": [(0, 0, values) for values in attachments]}
            )
            # Odoo's mail queue sends it; mail.mail reports back (see mail_mail.py).
            mail = self.env["mail.mail"].sudo().browse(mail_id)
            message.write({"mail_id": mail.id, "body": html2plaintext(mail.body_html or "")})
        elif channel == "whatsapp":
            template = whatsapp_template or self.env["healthcare.whatsapp.template"]._for_kind(kind)
            message.write(
                {
                    "whatsapp_template_id": template.id,
                    "whatsapp_params": list(whatsapp_params),
                    "body": template._render(list(whatsapp_params)),
                }
            )
            message._send_whatsapp()
        else:
            message._send_sms()
        message._log_sent()
        return message

    @api.model
    def _unsent(self, records_by_key):
        """The (key, record) pairs not messaged yet, in one query: crons build nothing for the others."""
        sent = set(self.search_fetch([("key", "in", list(records_by_key))], ["key"]).mapped("key"))
        return [(key, record) for key, record in records_by_key.items() if key not in sent]

    @api.model
    def _in_patient_lang(self, patient):
        return self.with_context(lang=patient.lang or self.env.lang).env

    # Appointment reminders

    @api.model
    def _cron_send_reminders(self, batch_size=BATCH_SIZE):
        """Send each appointment's reminders once, inside the clinic's sending hours.

        An appointment gets the reminder of the smallest offset it is within: booked 3 hours
        ahead with reminders at 48 and 2 hours, it gets none until 2 hours before. Reminders
        go a batch at a time: claimed (see `_claim`), then sent, then committed.
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
        due = {}
        for event in events:
            hours_left = (event.start - now).total_seconds() / 3600
            due[f"reminder:{event.id}:{min(hour for hour in offsets if hours_left <= hour):g}"] = event.id
        for batch in split_every(batch_size, self._unsent(due)):
            keys = dict(batch)
            messages = self._claim(lambda keys=keys: self._queue_reminders(keys))
            messages._send_now()

    @api.model
    def _send_reminder(self, event, key):
        """One appointment's reminder: queued, and sent at once unless it is an email."""
        messages = self._queue_reminders({key: event.id})
        messages._send_now()
        return messages

    @api.model
    def _queue_reminders(self, event_ids_by_key):
        """Create the reminders of {key: appointment id} not created yet, in one go: the texts
        in each patient's language, an email (with the appointment as an .ics) for those
        reached by email, the contact history. Nothing is sent here (see `_send_now`)."""
        todo = dict(self._unsent(event_ids_by_key))
        if not todo:
            return self.browse()
        events = self.env["calendar.event"].browse(todo.values())
        channels = self._channels_for(events.patient_id, kind="reminder")
        urls = events._patient_urls()
        whatsapp_template = None
        if "whatsapp" in channels.values():
            whatsapp_template = self.env["healthcare.whatsapp.template"]._for_kind("reminder")
        clinic = self.env.company.name
        lang_envs = {}
        values = []
        for key, event in zip(todo, events, strict=True):
            patient = event.patient_id
            channel = channels[patient.id]
            if not channel:
                continue
            lang = patient.lang or self.env.lang
            if lang not in lang_envs:
                lang_envs[lang] = self.with_context(lang=lang).env
            when = event.patient_local_start_text
            url = urls[event.id]
            text = lang_envs[lang]._(
                "%(clinic)s: your appointment is on %(when)s. Confirm, cancel or ask for another time: %(url)s",
                clinic=clinic,
                when=when,
                url=url,
            )
            vals = {
                "key": key,
                "patient_id": patient.id,
                "kind": "reminder",
                "channel": channel,
                "recipient": patient.email_normalized if channel == "email" else patient.mobile_e164,
                "body": text,
                "calendar_event_id": event.id,
            }
            if channel == "whatsapp":
                params = [patient.name, when, url]
                vals.update(
                    whatsapp_template_id=whatsapp_template.id,
                    whatsapp_params=params,
                    body=whatsapp_template._render(params),
                )
            values.append(vals)
        messages = self.create(values)
        messages.filtered(lambda m: m.channel == "email")._queue_reminder_emails()
        messages._log_sent()
        return messages

    def _queue_reminder_emails(self):
        """The reminder emails of these messages, in Odoo's mail queue, all built at once: the
        template rendered for all their appointments in one go (what differs, the date and the
        patient's link, comes from each appointment: `patient_local_start_text`, `patient_url`),
        the appointments' .ics files, the mails and their attachments each in one create.

        What `mail.template.send_mail` does for one mail, without the layout this template does
        not use. Odoo's mail queue sends them; mail.mail reports back (see mail_mail.py).
        """
        if not self:
            return
        template = self.env.ref("healthcare_crm_messaging.mail_template_appointment_reminder").sudo()
        template = template.with_context(**{RENDER_ONCE: True})
        events = self.calendar_event_id
        events._patient_urls()  # the links' tokens
        ics_files = events._get_ics_file()
        rendered = template._generate_template(
            events.ids,
            (
                "attachment_ids",
                "auto_delete",
                "body_html",
                "email_cc",
                "email_from",
                "email_to",
                "mail_server_id",
                "model",
                "partner_to",
                "reply_to",
                "report_template_ids",
                "res_id",
                "scheduled_date",
                "subject",
            ),
        )
        calendar_files = [ics_files[message.calendar_event_id.id] for message in self]
        attachment_model = self.env["ir.attachment"].sudo()
        ics = attachment_model.create(
            [{"name": "cita.ics", "mimetype": "text/calendar", "raw": raw} for raw in calendar_files]
        )
        mails_values = []
        for message, calendar_file in zip(self, ics, strict=True):
            values = dict(rendered[message.calendar_event_id.id])
            values["recipient_ids"] = [Command.link(pid) for pid in values.pop("partner_ids", None) or []]
            attachments = [Command.link(aid) for aid in values.get("attachment_ids") or []]
            attachments += [  # the template's reports, if a clinic added some
                Command.create({"name": name, "datas": datas, "type": "binary"})
                for name, datas in values.pop("attachments", None) or []
            ]
            values["attachment_ids"] = [*attachments, Command.link(calendar_file.id)]
            if "email_from" in values and not values["email_from"]:
                values.pop("email_from")
            values["body"] = values["body_html"]
            mails_values.append(values)
        mails = self.env["mail.mail"].sudo().create(mails_values)
        for message, mail in zip(self, mails, strict=True):
            message.write({"mail_id": mail.id, "body": html2plaintext(mail.body_html or "")})

    def _log_sent(self):
        """Each message in its patient's contact history, in one create.

        The summary quotes the text the patient got, so label and sentence are in the patient's
        language: both from one env, else a cron in English gives "Appointment reminder enviado".
        """
        envs, values = {}, []
        for message in self:
            lang = message.patient_id.lang or self.env.lang
            if lang not in envs:
                patient_env = self.with_context(lang=lang).env
                envs[lang] = (patient_env, dict(self._fields["kind"]._description_selection(patient_env)))
            patient_env, labels = envs[lang]
            values.append(
                {
                    "partner_id": message.patient_id.id,
                    "calendar_event_id": message.calendar_event_id.id,
                    "sale_order_id": message.sale_order_id.id,
                    "channel": message.channel,
                    "direction": "outbound",
                    "summary": patient_env._(
                        "%(kind)s sent: %(text)s", kind=labels[message.kind], text=message.body or ""
                    ),
                    "user_id": False,
                }
            )
        self.env["healthcare.interaction"].sudo().create(values)

    def _send_now(self):
        """Send the SMS and WhatsApp messages just claimed (emails wait in Odoo's mail queue),
        then commit what the providers answered, so that nothing sent is rolled back."""
        sending = self.filtered(lambda m: m.channel in ("sms", "whatsapp"))._lock_for_sending()
        sending.filtered(lambda m: m.channel == "sms")._send_sms()
        sending.filtered(lambda m: m.channel == "whatsapp")._send_whatsapp()
        self._commit()

    def _lock_for_sending(self):
        """Lock these messages until this job commits what the provider answered, and return
        those still waiting to be sent (none another job took meanwhile: those it has locked, or
        sent). The lock is what tells a message being sent from one a dead worker left queued:
        the retry job skips locked messages (see `_claim_due`)."""
        if not self:
            return self
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT id FROM healthcare_message
                WHERE id IN %s AND state = 'queued' AND next_attempt IS NULL
                  FOR UPDATE SKIP LOCKED""",
            [tuple(self.ids)],
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

    # Claiming a batch: two jobs at once never send a message twice

    @api.model
    def _auto_commit(self):
        """Jobs commit as they go, as Odoo's mail queue does; never in a test's transaction."""
        return not getattr(threading.current_thread(), "testing", False)

    @api.model
    def _commit(self):
        if self._auto_commit():
            self.env.cr.commit()

    @api.model
    def _claim(self, build):
        """Run `build()`, which creates (or takes) the messages of a batch and returns them, and
        commit them before anything is sent.

        Two jobs may build the same batch at once: the one that commits second fails on the
        unique key, or on a row the other updated ("could not serialize access due to concurrent
        update"). It rolls back, nothing having been sent, and builds the batch again from what
        the other committed, which leaves out what that one sends. After CLAIM_ATTEMPTS the
        batch is left to the next run. In a test's transaction there is no one to race with.
        """
        if not self._auto_commit():
            return build()
        self.env.cr.commit()  # what came before is this job's: kept whatever the batch does
        for attempt in range(1, CLAIM_ATTEMPTS + 1):
            try:
                messages = build()
                self.env.flush_all()
                self.env.cr.commit()
                return messages
            except CONCURRENCY_ERRORS as error:
                self.env.cr.rollback()
                _logger.info("Batch of messages claimed by another job (attempt %s): %s", attempt, error)
        _logger.warning("A batch of messages was left to the next run: other jobs kept claiming it.")
        return self.browse()

    # Recalls, quote follow-ups, birthdays, satisfaction surveys: a batch at a time, claimed
    # before anything is sent, as the reminders

    @api.model
    def _send_batches(self, kind, due, compose, *, marketing=False, claimed=None, batch_size=BATCH_SIZE):
        """Send each of `due`, {key: (record, patient, wanted channel)}, its message of `kind` once.

        A batch at a time: its messages are created and committed (see `_claim`), then the SMS
        and WhatsApp ones sent (see `_send_now`); a job running at the same time claims others.
        `compose(record, patient, env)` gives {"text", "links", "params"} (the WhatsApp
        template's parameters) in the patient's language env; `claimed(messages)` runs in the
        claim's transaction (a recall becomes notified with its message, or neither).
        """
        for batch in split_every(batch_size, self._unsent(due)):
            messages = self._claim(
                lambda batch=dict(batch): self._queue_messages(kind, batch, compose, marketing, claimed)
            )
            messages._send_now()

    @api.model
    def _queue_messages(self, kind, due, compose, marketing=False, claimed=None):
        """Create the messages of `due` (see `_send_batches`) not created yet, in one go: the
        channel each patient can be reached on, the texts, an opt-out link for marketing, the
        emails in Odoo's mail queue, the contact history. Nothing is sent here."""
        todo = dict(self._unsent(due))
        channels = {}  # {wanted channel: {patient id: channel}}, one _channels_for per wanted channel
        for wanted in {wanted for __, __, wanted in todo.values()}:
            patients = self.env["res.partner"].browse(patient.id for __, patient, w in todo.values() if w == wanted)
            channels[wanted] = self._channels_for(patients, wanted, marketing, kind)
        whatsapp_template = None
        if any("whatsapp" in by_patient.values() for by_patient in channels.values()):
            whatsapp_template = self.env["healthcare.whatsapp.template"]._for_kind(kind)
        base_url = self.get_base_url()
        lang_envs, values, emails = {}, [], {}
        for key, (record, patient, wanted) in todo.items():
            channel = channels[wanted][patient.id]
            if not channel:
                continue
            lang = patient.lang or self.env.lang
            if lang not in lang_envs:
                lang_env = self.with_context(lang=lang).env
                lang_envs[lang] = (lang_env, dict(self._fields["kind"]._description_selection(lang_env)))
            lang_env, labels = lang_envs[lang]
            content = compose(record, patient, lang_env)
            vals = {
                "key": key,
                "patient_id": patient.id,
                "kind": kind,
                "channel": channel,
                "recipient": patient.email_normalized if channel == "email" else patient.mobile_e164,
                "body": content["text"],
                **content.get("links", {}),
            }
            optout_url = None
            if marketing and channel != "whatsapp":  # WhatsApp opt-outs go through the template's button
                vals["optout_token"] = secrets.token_urlsafe(32)
                optout_url = f"{base_url}/clinic/optout/{vals['optout_token']}"
                vals["body"] = lang_env._("%(text)s Stop these messages: %(url)s", text=vals["body"], url=optout_url)
            if channel == "whatsapp":
                params = list(content["params"])
                vals.update(
                    whatsapp_template_id=whatsapp_template.id,
                    whatsapp_params=params,
                    body=whatsapp_template._render(params),
                )
            elif channel == "email":
                emails[key] = {"text": vals["body"], "optout_url": optout_url, "subject": labels[kind]}
            values.append(vals)
        messages = self.sudo().create(values).with_env(self.env)  # sudo: the opt-out token is for admins only
        template = self.env.ref("healthcare_crm_messaging.mail_template_patient_message")
        for message in messages.filtered(lambda m: m.channel == "email"):
            # Odoo's mail queue sends it; mail.mail reports back (see mail_mail.py).
            mail_id = template.with_context(**emails[message.key]).send_mail(message.patient_id.id)
            mail = self.env["mail.mail"].sudo().browse(mail_id)
            message.write({"mail_id": mail_id, "body": html2plaintext(mail.body_html or "")})
        messages._log_sent()
        if claimed:
            claimed(messages)
        return messages

    @api.model
    def _cron_send_recalls(self, batch_size=BATCH_SIZE):
        """Tell patients a recall is due, on the rule's channel; the recall becomes notified.

        Recalls whose rule asks for a phone call are left to the front desk's call lists.
        """
        if not self._sending_allowed(self.env.company):
            return
        recalls = self.env["healthcare.recall"].search(
            [("state", "in", ("due", "overdue")), ("notified_date", "=", False), ("rule_id.channel", "!=", "phone")]
        )
        clinic, phone = self.env.company.name, self.env.company.phone or ""

        def compose(recall, patient, env):
            recall_name = recall.rule_id.with_env(env).name.lower()
            text = env._(
                "%(clinic)s: %(patient)s, it is time for your %(recall)s. Call us on %(phone)s to book it.",
                clinic=clinic,
                patient=patient.name,
                recall=recall_name,
                phone=phone,
            )
            return {"text": text, "links": {"recall_id": recall.id}, "params": (patient.name, recall_name, phone)}

        def claimed(messages):
            # Not the recalls the front desk booked or closed meanwhile: only the open ones move.
            messages.recall_id.filtered(lambda r: r.state in ("due", "overdue")).action_mark_notified()

        due = {f"recall:{recall.id}": (recall, recall.patient_id, recall.rule_id.channel) for recall in recalls}
        self._send_batches("recall", due, compose, claimed=claimed, batch_size=batch_size)

    @api.model
    def _cron_send_followups(self, batch_size=BATCH_SIZE):
        """One message per quote still waiting for the patient's answer after some days."""
        if not self._sending_allowed(self.env.company):
            return
        days = int(self.env["ir.config_parameter"].sudo().get_param(FOLLOWUP_DAYS_PARAMETER, 7))
        quotes = self.env["sale.order"].search(
            [
                ("partner_id.is_patient", "=", True),
                ("state", "in", ("draft", "sent")),
                ("followup_outcome", "=", "open"),
                ("date_order", "<=", fields.Datetime.now() - timedelta(days=days)),
            ]
        )
        clinic, phone = self.env.company.name, self.env.company.phone or ""

        def compose(quote, patient, env):
            text = env._(
                "%(clinic)s: %(patient)s, do you have any question about your treatment quote %(quote)s? "
                "Call us on %(phone)s and we will go through it with you.",
                clinic=clinic,
                patient=patient.name,
                quote=quote.name,
                phone=phone,
            )
            return {"text": text, "links": {"sale_order_id": quote.id}, "params": (patient.name, quote.name, phone)}

        due = {f"followup:{quote.id}": (quote, quote.partner_id, None) for quote in quotes}
        self._send_batches("followup", due, compose, batch_size=batch_size)

    @api.model
    def _cron_send_birthdays(self, batch_size=BATCH_SIZE):
        """Birthday greetings, once a year, to patients who accept marketing on a channel."""
        if not self._sending_allowed(self.env.company):
            return
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            """SELECT id FROM res_partner
                WHERE is_patient AND active AND birthdate IS NOT NULL
                  AND EXTRACT(MONTH FROM birthdate) = %s AND EXTRACT(DAY FROM birthdate) = %s""",
            [today.month, today.day],
        )
        patients = self.env["res.partner"].browse(row[0] for row in self.env.cr.fetchall())
        clinic = self.env.company.name

        def compose(patient, __, env):
            text = env._(
                "%(clinic)s wishes you a very happy birthday, %(patient)s!", clinic=clinic, patient=patient.name
            )
            return {"text": text, "params": (patient.name,)}

        due = {f"birthday:{patient.id}:{today.year}": (patient, patient, None) for patient in patients}
        self._send_batches("birthday", due, compose, marketing=True, batch_size=batch_size)

    @api.model
    def _cron_send_surveys(self, batch_size=BATCH_SIZE):
        """After an attended visit, one invitation to the satisfaction survey (with an NPS question).

        Its answer is created with the message, so only for a patient a channel reaches.
        """
        if not self._sending_allowed(self.env.company):
            return
        now = fields.Datetime.now()
        survey = self.env.ref("healthcare_crm_messaging.survey_visit_satisfaction")
        visits = self.env["calendar.event"].search(
            [
                ("patient_id", "!=", False),
                ("attendance", "=", "attended"),
                ("stop", "<=", now - timedelta(hours=2)),
                ("stop", ">=", now - timedelta(days=3)),
            ]
        )
        clinic, base_url = self.env.company.name, survey.get_base_url()

        def compose(visit, patient, env):
            answer = survey.sudo()._create_answer(partner=patient, check_attempts=False)
            url = f"{base_url}{answer.get_start_url()}"
            text = env._("%(clinic)s: how was your visit? Two questions, one minute: %(url)s", clinic=clinic, url=url)
            return {"text": text, "links": {"calendar_event_id": visit.id}, "params": (url,)}

        due = {f"survey:{visit.id}": (visit, visit.patient_id, None) for visit in visits}
        self._send_batches("survey", due, compose, batch_size=batch_size)

    # SMS through Odoo's queue (sms.sms); sms.sms._send sends them through the clinic's provider
    # and reports back (see sms_sms.py)

    def _send_sms(self):
        """Send each message as an SMS of Odoo's queue, sent at once.

        While the clinic has no SMS provider, the message waits here without any SMS in Odoo's
        queue: only the retry job sends it once a provider is set, never Odoo's SMS queue as
        well, so that two jobs running together cannot send it twice.
        """
        blocked = self.env.company._healthcare_sms_blocked()
        if blocked:
            self._hold(blocked)
            return
        sms_model = self.env["sms.sms"].sudo()
        refused = [message.sms_uuid for message in self if message.sms_uuid]
        if refused:
            sms_model.search([("uuid", "in", refused)]).unlink()  # the ones the provider refused
        sms = sms_model.create([{"number": m.recipient, "body": m.body, "partner_id": m.patient_id.id} for m in self])
        for message, record in zip(self, sms, strict=True):
            message.sms_uuid = record.uuid
        sms.send(unlink_failed=False, unlink_sent=True, raise_exception=False)

    def _sms_result(self, uuid_results):
        """Apply what the SMS provider answered: {sms uuid: (ok, provider reference, error, retry)}."""
        for message in self.search([("sms_uuid", "in", list(uuid_results)), ("state", "=", "queued")]):
            message.attempt_count += 1
            message._provider_answer(*uuid_results[message.sms_uuid])

    def _sms_held(self, uuids, reason):
        """No SMS provider yet: these SMS stayed in Odoo's queue."""
        self.search([("sms_uuid", "in", list(uuids)), ("state", "=", "queued")])._hold(reason)

    def _hold(self, reason):
        """Nothing was attempted: the messages wait, saying why, due as soon as the clinic sets a provider."""
        now = fields.Datetime.now()
        for message in self.filtered(lambda m: m.error != reason or not m.next_attempt):
            message.write({"error": reason, "next_attempt": message.next_attempt or now})

    def _send_whatsapp(self):
        whatsapp = self.env["healthcare.whatsapp"]
        if not whatsapp._configured():
            self._hold(_("No WhatsApp account configured: set it in Settings."))
            return
        with requests.Session() as session:
            for message in self:
                message.attempt_count += 1
                if message.whatsapp_template_id:
                    answer = whatsapp._send_template(
                        message.recipient, message.whatsapp_template_id, message.whatsapp_params, session=session
                    )
                else:  # free text: an answer inside the patient's 24-hour window
                    answer = whatsapp._send_text(message.recipient, message.body, session=session)
                message._provider_answer(*answer)

    def _provider_answer(self, ok, reference, error, retry):
        """Sent; or to try again later, waiting twice as long each time; or failed."""
        self.ensure_one()
        if ok:
            self.write({"state": "sent", "provider_ref": reference, "error": False, "next_attempt": False})
        elif retry and self.attempt_count < MAX_ATTEMPTS:
            delay = RETRY_MINUTES * 2 ** (self.attempt_count - 1)
            self.write({"error": error, "next_attempt": fields.Datetime.now() + timedelta(minutes=delay)})
        else:
            self.write({"state": "failed", "error": error, "next_attempt": False})

    @api.model
    def _cron_retry(self, batch_size=BATCH_SIZE):
        """Send again the messages a provider could not take, once their wait is over, and those
        that waited for a provider, once the clinic has set one: inside the sending hours, and
        only those still worth sending (see _expire).

        Each batch is claimed first (see `_claim_due`): another job, or a manager's Send again,
        running at the same time takes other messages, never these.
        """
        if not self._sending_allowed(self.env.company):
            return
        while True:
            batch = self._claim(lambda: self._claim_due(batch_size))
            if not batch:
                return
            batch._lock_for_sending()._expire()._send_again()
            self._commit()
            if not self._auto_commit() or len(batch) < batch_size:
                return

    @api.model
    def _claim_due(self, limit):
        """Lock up to `limit` queued messages whose wait is over, skipping those another
        transaction holds, and mark them taken (no next attempt) so that no other job takes
        them once this one commits: each is sent by one job only.

        Also due: the messages a worker claimed and never sent (killed after its claim's commit,
        before the provider answered), left queued with no next attempt. A job sending a message
        holds its row lock from before it calls the provider until it commits the answer (see
        `_lock_for_sending`), so SKIP LOCKED leaves the ones being sent, however slow the
        provider; ABANDONED_AFTER (since the claim, the row's last write) only covers the instant
        between a claim's commit and its sender's lock. A worker killed after the provider took
        a message but before its commit leaves it queued too: that one is sent again, the only
        case where a patient may get a message twice."""
        channels = []
        if not self.env.company._healthcare_sms_blocked():
            channels.append("sms")
        if self.env["healthcare.whatsapp"]._configured():
            channels.append("whatsapp")
        if not channels:
            return self.browse()  # they wait for a provider
        self.env.flush_all()
        now = fields.Datetime.now()
        self.env.cr.execute(
            """SELECT id FROM healthcare_message
                WHERE state = 'queued' AND channel IN %(channels)s
                  AND (next_attempt <= %(now)s OR (next_attempt IS NULL AND write_date < %(abandoned)s))
             ORDER BY next_attempt, id
                LIMIT %(limit)s
                  FOR UPDATE SKIP LOCKED""",
            {"now": now, "abandoned": now - ABANDONED_AFTER, "channels": tuple(channels), "limit": limit},
        )
        due = self.browse(row[0] for row in self.env.cr.fetchall())
        due.write({"next_attempt": False})
        return due

    def _send_again(self):
        if not self.env.company._healthcare_sms_blocked():
            self.filtered(lambda m: m.channel == "sms")._send_sms()
        if self.env["healthcare.whatsapp"]._configured():
            self.filtered(lambda m: m.channel == "whatsapp")._send_whatsapp()

    def _expire(self):
        """Fail the messages that are too late to send, and return the others.

        A reminder of an appointment that has begun, or any message that waited longer than
        STALE_AFTER (for a provider the clinic set weeks later), would confuse the patient.
        """
        now = fields.Datetime.now()
        late = self.filtered(
            lambda m: (
                m.create_date < now - STALE_AFTER
                or (m.kind == "reminder" and m.calendar_event_id and m.calendar_event_id.start <= now)
                # WhatsApp refuses free text once the patient's 24-hour window has closed.
                or (
                    m.channel == "whatsapp"
                    and not m.whatsapp_template_id
                    and not m.patient_id._whatsapp_free_text_allowed(now)
                )
            )
        )
        late.write({"state": "failed", "next_attempt": False, "error": _("Not sent in time: it is too late for it.")})
        return self - late

    def action_retry(self):
        """Send again a failed SMS or WhatsApp message, for instance once the provider is back."""
        retry = self.filtered(lambda m: m.state == "failed" and m.channel in ("sms", "whatsapp"))
        if not retry:
            raise UserError(_("Only failed SMS and WhatsApp messages can be sent again."))
        if "sms" in retry.mapped("channel") and (blocked := self.env.company._healthcare_sms_blocked()):
            raise UserError(blocked)
        if "whatsapp" in retry.mapped("channel") and not self.env["healthcare.whatsapp"]._configured():
            raise UserError(_("No WhatsApp account configured: set it in Settings."))
        retry.write({"state": "queued", "attempt_count": 0, "error": False, "next_attempt": fields.Datetime.now()})
        retry.sudo()._send_again()  # the manager asked for these: now, whatever their age

    # Opt-out links

    @api.model
    def _from_optout_token(self, token):
        if not valid_token(token):
            return self.browse()
        return self.sudo().search([("optout_token", "=", token)], limit=1)

    def _optout(self):
        """The patient followed the opt-out link: their consent for the channel is withdrawn."""
        self.ensure_one()
        message = self.sudo()
        self.env["healthcare.consent"].sudo().create(
            {
                "partner_id": message.patient_id.id,
                "purpose": CONSENT_PURPOSE[message.channel],
                "state": "withdrawn",
                "source": "website",
                "evidence": _(
                    "Opt-out link of the message %(key)s sent on %(date)s.", key=message.key, date=message.create_date
                ),
            }
        )
        message.optout_token = False

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
