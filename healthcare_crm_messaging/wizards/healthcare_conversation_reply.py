import uuid

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.healthcare_inbound_message import INBOUND_CHANNELS, WHATSAPP_WINDOW


class HealthcareConversationReply(models.TransientModel):
    """The inbox's reply box: free text, or an approved WhatsApp template once WhatsApp's
    24-hour window has closed; the clinic's quick replies (Odoo's canned responses) fill the text."""

    _name = "healthcare.conversation.reply"
    _description = "Reply to a Conversation"

    conversation_id = fields.Many2one("healthcare.conversation", string="Conversation", readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Patient",
        required=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    channel = fields.Selection(
        INBOUND_CHANNELS, required=True, compute="_compute_channel", store=True, readonly=False, precompute=True
    )
    free_text_allowed = fields.Boolean(compute="_compute_mode")
    mode = fields.Selection([("text", "Free text"), ("template", "Approved template")], compute="_compute_mode")
    mode_reason = fields.Char(string="Why", compute="_compute_mode")
    quick_reply_id = fields.Many2one(
        "mail.canned.response",
        string="Quick Reply",
        domain=[("is_shared", "=", True)],
        help="The clinic's ready answers (Configuration > Quick Replies); "
        "the text can still be changed before sending.",
    )
    body = fields.Text(string="Message", compute="_compute_body", store=True, readonly=False)
    template_id = fields.Many2one(
        "healthcare.whatsapp.template",
        string="Template",
        domain=[("state", "=", "approved"), ("kind", "=", "conversation")],
        compute="_compute_template_id",
        store=True,
        readonly=False,
    )
    template_preview = fields.Text(string="The patient will read", compute="_compute_template_preview")

    @api.depends("conversation_id")
    def _compute_partner_id(self):
        for wizard in self:
            if wizard.conversation_id:
                wizard.partner_id = wizard.conversation_id.partner_id
            elif not wizard.partner_id and self.env.context.get("active_model") == "res.partner":
                wizard.partner_id = self.env.context.get("active_id")

    @api.depends("conversation_id", "partner_id")
    def _compute_channel(self):
        for wizard in self:
            if wizard.conversation_id:
                wizard.channel = wizard.conversation_id.channel
            elif not wizard.channel:
                wizard.channel = "whatsapp" if wizard.partner_id.whatsapp_last_inbound else "sms"

    @api.depends("channel", "partner_id")
    def _compute_mode(self):
        for wizard in self:
            if wizard.channel != "whatsapp":
                wizard.free_text_allowed, wizard.mode, wizard.mode_reason = True, "text", False
            elif wizard.partner_id and wizard.partner_id._whatsapp_free_text_allowed():
                wizard.free_text_allowed, wizard.mode = True, "text"
                wizard.mode_reason = _(
                    "The patient wrote less than 24 hours ago: WhatsApp allows free text until %s.",
                    wizard._local_time(wizard.partner_id.whatsapp_last_inbound + WHATSAPP_WINDOW),
                )
            else:
                wizard.free_text_allowed, wizard.mode = False, "template"
                wizard.mode_reason = wizard._window_closed_reason()

    @api.depends("quick_reply_id")
    def _compute_body(self):
        for wizard in self:
            if wizard.quick_reply_id:
                wizard.body = wizard.quick_reply_id.substitution

    @api.depends("mode")
    def _compute_template_id(self):
        for wizard in self:
            if wizard.mode == "template" and not wizard.template_id:
                wizard.template_id = self.env["healthcare.whatsapp.template"]._for_kind("conversation")

    @api.depends("template_id", "partner_id")
    def _compute_template_preview(self):
        for wizard in self:
            template = wizard.template_id
            wizard.template_preview = template and template._render(wizard._template_params())

    def _local_time(self, moment):
        return fields.Datetime.context_timestamp(self, moment).strftime("%d/%m/%Y %H:%M")

    def _window_closed_reason(self):
        if not self.partner_id.whatsapp_last_inbound:
            return _(
                "The patient has not written by WhatsApp: WhatsApp only allows an approved template to start a "
                "conversation."
            )
        return _(
            "More than 24 hours have passed since the patient's last message: "
            "WhatsApp only allows an approved template."
        )

    def _template_params(self):
        return [self.partner_id.name or "", self.env.company.name or ""]

    def _recipient(self, conversation):
        last = conversation.inbound_message_ids[:1].sender if conversation.inbound_message_ids else False
        return last or self.partner_id.mobile_e164

    # Sending

    def action_send(self):
        """Send the reply through the clinic's provider, log it in the patient's chatter and
        contact history, and leave the conversation waiting for the patient."""
        self.ensure_one()
        partner = self.partner_id
        partner.check_access("write")
        conversation = self.conversation_id or self.env["healthcare.conversation"]._for_partner(partner, self.channel)
        conversation.check_access("write")
        values = {
            "key": f"conversation:{conversation.id}:{uuid.uuid4().hex}",
            "patient_id": partner.id,
            "kind": "conversation",
            "channel": self.channel,
            "conversation_id": conversation.id,
        }
        if self.mode == "text":
            text = (self.body or "").strip()
            if not text:
                raise UserError(_("Write the message, or choose a quick reply, before sending."))
            values["body"] = text
        else:
            if self.body and self.body.strip() and not self.template_id:
                raise UserError(self._window_closed_reason())
            if not self.template_id or self.template_id.state != "approved":
                raise UserError(
                    _(
                        "%s No approved template for conversations: ask a manager to add one in the WhatsApp "
                        "templates and get Meta's approval.",
                        self._window_closed_reason(),
                    )
                )
            params = self._template_params()
            values.update(
                whatsapp_template_id=self.template_id.id,
                whatsapp_params=params,
                body=self.template_id._render(params),
            )
        recipient = self._recipient(conversation)
        if not recipient:
            raise UserError(_("%s has no mobile number to write to.", partner.name))
        values["recipient"] = recipient
        # The desk may not write the delivery log itself: it is created as the inbound
        # acknowledgements are, after the checks above.
        message = self.env["healthcare.message"].sudo().create(values)
        if self.channel == "whatsapp":
            message._send_whatsapp()
        else:
            message._send_sms()
        if message.state == "failed":
            raise UserError(_("The message could not be sent: %s", message.error))
        self._log(message)
        conversation._replied(message)
        if self.quick_reply_id:
            self.quick_reply_id.sudo().last_used = fields.Datetime.now()
        return {"type": "ir.actions.act_window_close"}

    def _log(self, message):
        """In the patient's chatter (a note, so no follower is emailed) and contact history, as the user."""
        channel = dict(self._fields["channel"]._description_selection(self.env))[self.channel]
        body = Markup("<p><strong>%s</strong></p><p>%s</p>") % (
            _("%s sent", channel),
            escape(message.body).replace("\n", Markup("<br/>")),
        )
        if message.state == "queued" and message.error:
            body += Markup("<p><em>%s</em></p>") % message.error
        self.partner_id.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")
        self.env["healthcare.interaction"].create(
            {
                "partner_id": self.partner_id.id,
                "channel": self.channel,
                "direction": "outbound",
                "summary": _("Reply sent by %(user)s: %(text)s", user=self.env.user.name, text=message.body),
                "user_id": self.env.uid,
            }
        )
        self._done_desk_todo()

    def _done_desk_todo(self):
        """The inbound messages left a to-do "Answer the messages of ..." on the contact: the reply
        answers it. Removed rather than marked done, which would log a second line in the history."""
        partner = self.partner_id
        summaries = {_("Answer the messages of %s", partner.name), f"Answer the messages of {partner.name}"}
        todos = partner.activity_ids.filtered(lambda a: a.summary in summaries)
        if todos:
            todos.sudo().unlink()
