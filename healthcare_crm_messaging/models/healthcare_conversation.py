from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .healthcare_inbound_message import INBOUND_CHANNELS, WHATSAPP_WINDOW

STATES = [("open", "Open"), ("waiting", "Waiting for Patient"), ("closed", "Closed")]
# The messages a conversation's form shows, newest last.
THREAD_LENGTH = 30
PREVIEW_LENGTH = 120


class HealthcareConversation(models.Model):
    """One patient (or prospect) on one channel: what they wrote, what the desk answered.

    One per contact and channel, not per contact: WhatsApp and SMS answer under different rules
    (the 24-hour window is WhatsApp's), a reply goes back on the channel the patient used, and
    the desk filters by channel. The figures the inbox lists (unread count, last message) are
    stored and moved by the events that change them, so the list costs one query.
    """

    _name = "healthcare.conversation"
    _inherit = ["healthcare.patient.company.mixin"]
    _patient_field = "partner_id"
    _description = "Conversation"
    _order = "last_message_at desc, id desc"
    _rec_names_search = ["partner_id"]

    partner_id = fields.Many2one(
        "res.partner", string="Patient", required=True, index=True, ondelete="cascade", readonly=True
    )
    is_prospect = fields.Boolean(related="partner_id.is_prospect", string="Prospect")
    channel = fields.Selection(INBOUND_CHANNELS, required=True, readonly=True)
    state = fields.Selection(STATES, string="Status", required=True, default="open", index=True, group_expand=True)
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        index="btree_not_null",
        domain=[("share", "=", False)],
        help="Who at the desk answers this conversation.",
    )
    inbound_message_ids = fields.One2many("healthcare.inbound.message", "conversation_id", string="Messages Received")
    reply_ids = fields.One2many("healthcare.message", "conversation_id", string="Replies")
    unread_count = fields.Integer(string="Unread", compute="_compute_unread_count", store=True)
    last_message_at = fields.Datetime(string="Last Message", readonly=True, index=True)
    last_message = fields.Char(string="Last Message Text", readonly=True)
    last_direction = fields.Selection(
        [("inbound", "From the patient"), ("outbound", "From the clinic")], string="Last From", readonly=True
    )
    free_text_allowed = fields.Boolean(
        string="Free Text Allowed",
        compute="_compute_free_text_allowed",
        help="WhatsApp lets the clinic write free text only within 24 hours of the patient's last message.",
    )
    window_closes_at = fields.Datetime(string="Free Text Until", compute="_compute_free_text_allowed")
    thread_html = fields.Html(string="Conversation", compute="_compute_thread_html", sanitize=False)

    _sql_constraints = [
        (
            "partner_channel_unique",
            "unique(partner_id, channel)",
            "This contact already has a conversation on this channel.",
        )
    ]

    @api.depends("inbound_message_ids.is_read")
    def _compute_unread_count(self):
        counts = dict(
            self.env["healthcare.inbound.message"]
            .sudo()
            ._read_group(
                [("conversation_id", "in", self.ids), ("is_read", "=", False)], ["conversation_id"], ["__count"]
            )
        )
        for conversation in self:
            conversation.unread_count = counts.get(conversation._origin, 0)

    @api.depends("channel", "partner_id.whatsapp_last_inbound")
    def _compute_free_text_allowed(self):
        for conversation in self:
            last = conversation.partner_id.whatsapp_last_inbound
            if conversation.channel == "whatsapp":
                conversation.free_text_allowed = conversation.partner_id._whatsapp_free_text_allowed()
                conversation.window_closes_at = last and last + WHATSAPP_WINDOW
            else:
                conversation.free_text_allowed = True
                conversation.window_closes_at = False

    @api.depends("inbound_message_ids", "reply_ids", "last_message_at")
    def _compute_thread_html(self):
        for conversation in self:
            conversation.thread_html = conversation._thread_html()

    @api.depends("partner_id", "channel")
    def _compute_display_name(self):
        labels = dict(self._fields["channel"]._description_selection(self.env))
        for conversation in self:
            conversation.display_name = f"{conversation.partner_id.name} · {labels.get(conversation.channel, '')}"

    # What the form shows

    def _thread(self):
        """The last messages both ways, oldest first: (moment, "inbound"/"outbound", text, status)."""
        self.ensure_one()
        received = self.env["healthcare.inbound.message"].search(
            [("partner_id", "=", self.partner_id.id), ("channel", "=", self.channel)], limit=THREAD_LENGTH
        )
        sent = self.env["healthcare.message"].search(
            [("patient_id", "=", self.partner_id.id), ("channel", "=", self.channel)], limit=THREAD_LENGTH
        )
        states = dict(sent._fields["state"]._description_selection(self.env))
        rows = [(m.received_at, "inbound", m.body or "", "") for m in received]
        rows += [(m.create_date, "outbound", m.body or "", states[m.state]) for m in sent]
        return sorted(rows, key=lambda row: row[0])[-THREAD_LENGTH:]

    def _thread_html(self):
        rows = self._thread() if self.id else []
        if not rows:
            return Markup('<p class="text-muted">%s</p>') % _("No message yet.")
        html = Markup()
        for moment, direction, text, status in rows:
            when = fields.Datetime.context_timestamp(self, moment).strftime("%d/%m/%Y %H:%M")
            if direction == "inbound":
                side, colour = "me-5", "bg-light"
            else:
                side, colour = "ms-5 text-end", "bg-success-subtle"
            html += Markup(
                '<div class="o_healthcare_conversation_line %s mb-2">'
                '<div class="d-inline-block text-start p-2 rounded %s">'
                '<div style="white-space: pre-wrap">%s</div><small class="text-muted">%s</small></div></div>'
            ) % (side, colour, escape(text), " · ".join(part for part in (when, status) if part))
        return html

    # Incoming messages

    @api.model
    def _add_inbound(self, messages):
        """File newly received messages in their conversations (opened on first message), in a
        few queries for the whole batch. A message that needs the desk (unread) reopens a closed
        conversation and turns one waiting for the patient back to open; an answer that dealt
        with itself (a confirmation, an opt-out) is kept in the history and moves nothing."""
        messages = messages.sudo()
        keys = {(m.partner_id.id, m.channel) for m in messages}
        partner_ids = list({partner for partner, __ in keys})
        existing = self.sudo().search(
            [("partner_id", "in", partner_ids), ("channel", "in", list({channel for __, channel in keys}))]
        )
        by_key = {(c.partner_id.id, c.channel): c for c in existing}
        missing = [key for key in keys if key not in by_key]
        if missing:
            created = self.sudo().create(
                [{"partner_id": partner, "channel": channel, "state": "closed"} for partner, channel in missing]
            )
            by_key.update(zip(missing, created, strict=True))
        grouped = {}
        for message in messages:
            grouped.setdefault(by_key[(message.partner_id.id, message.channel)], []).append(message)
        for conversation, records in grouped.items():
            received = self.env["healthcare.inbound.message"].sudo().concat(*records)
            received.conversation_id = conversation
            latest = max(received, key=lambda m: (m.received_at, m.id))
            values = {}
            if not conversation.last_message_at or latest.received_at >= conversation.last_message_at:
                values.update(
                    last_message_at=latest.received_at,
                    last_message=(latest.body or "")[:PREVIEW_LENGTH],
                    last_direction="inbound",
                )
            if any(not m.is_read for m in received) and conversation.state != "open":
                values["state"] = "open"
            conversation.write(values)
        return self.browse(c.id for c in grouped)

    @api.model
    def _for_partner(self, partner, channel):
        """The contact's conversation on `channel`, opened if they have none yet (the desk writes first)."""
        conversation = self.search([("partner_id", "=", partner.id), ("channel", "=", channel)], limit=1)
        return conversation or self.create({"partner_id": partner.id, "channel": channel, "state": "open"})

    def _replied(self, message):
        """The desk answered: waiting for the patient, their messages read."""
        self.ensure_one()
        values = {
            "state": "waiting",
            "last_message_at": message.create_date or fields.Datetime.now(),
            "last_message": (message.body or "")[:PREVIEW_LENGTH],
            "last_direction": "outbound",
        }
        if not self.user_id:  # whoever answers an unassigned conversation takes it
            values["user_id"] = self.env.uid
        self.write(values)
        self.action_mark_read()

    # Buttons

    def action_reply(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Reply to %s", self.partner_id.name),
            "res_model": "healthcare.conversation.reply",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": self._name,
                "active_id": self.id,
                "active_ids": self.ids,
                "default_conversation_id": self.id,
            },
        }

    def action_mark_read(self):
        self.inbound_message_ids.filtered(lambda m: not m.is_read).write({"is_read": True})
        return True

    def action_assign_to_me(self):
        self.write({"user_id": self.env.uid})
        return True

    def action_close(self):
        self.write({"state": "closed"})
        return True

    def action_reopen(self):
        self.write({"state": "open"})
        return True

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "target": "current",
        }

    def write(self, vals):
        if "user_id" in vals and vals["user_id"]:
            user = self.env["res.users"].browse(vals["user_id"])
            if user.share:
                raise UserError(_("A conversation can only be assigned to a member of the clinic staff."))
        return super().write(vals)
