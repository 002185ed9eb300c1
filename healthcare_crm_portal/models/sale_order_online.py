import secrets

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

# Long enough for a question about a treatment, short enough to read at a glance in a task.
QUESTION_MAX_LENGTH = 1000


class SaleOrder(models.Model):
    """A patient's quote on Odoo's own sale portal: accepted and signed online, or asked about."""

    _inherit = "sale.order"

    def _portal_ensure_token(self):
        # Sale's token is a uuid4 (122 random bits): unguessable already, but a quote names
        # treatments, so it gets the same 256 bits as the appointment page (docs/self-service.md).
        if not self.access_token:
            self.sudo().write({"access_token": secrets.token_urlsafe(32)})
        return self.access_token

    def _compute_access_url(self):
        # The link a patient gets opens the page in their language: without the language in it, a
        # phone that never visited the site gets the website's default language, whatever the patient's.
        super()._compute_access_url()
        prefixes = {}  # {(company id, lang): "/es" or ""}: one website read per company, not per quote
        for order in self.filtered(lambda order: order.is_patient_quote and order.partner_id.lang):
            key = (order.company_id.id, order.partner_id.lang)
            if key not in prefixes:
                prefixes[key] = self._patient_lang_prefix(*key)
            order.access_url = prefixes[key] + order.access_url

    @api.model
    def _patient_lang_prefix(self, company_id, lang):
        """'/es' when the clinic's website offers the patient's language but shows another by default."""
        website = self.env["website"].sudo().search([("company_id", "=", company_id)], limit=1)
        if not website or website.default_lang_id.code == lang:
            return ""
        website_lang = website.language_ids.filtered(lambda language: language.code == lang)
        return f"/{website_lang.url_code}" if website_lang else ""

    def _compute_type_name(self):
        # A patient's accepted quote stays a quote (the pipeline's "accepted"), not a "sales order".
        super()._compute_type_name()
        for order in self.filtered(lambda order: order.is_patient_quote and order.state == "sale"):
            order.type_name = _("Accepted Quote")

    def _has_to_be_signed(self):
        # A quote the patient rejected (in the follow-up pipeline) is no longer offered to sign.
        return super()._has_to_be_signed() and self.followup_outcome != "rejected"

    def _patient_signed_online(self):
        """The patient signed on the portal (see the sale portal's /accept): the contact history
        records it and the coordinator is told. Sale already keeps the signature, the signer and
        the date on the quote, and its PDF in the chatter."""
        self.ensure_one()
        order = self.sudo()
        lang_env = order._coordinator_env()
        if order.state == "sale":
            summary = lang_env._(
                "Quote %(quote)s accepted online with signature by %(signer)s.",
                quote=order.name,
                signer=order.signed_by,
            )
            task = lang_env._("Quote %(quote)s accepted online with signature: book the treatment", quote=order.name)
        else:  # the clinic asks for an online payment too: the quote waits for it
            summary = lang_env._(
                "Quote %(quote)s signed online by %(signer)s; the online payment is pending.",
                quote=order.name,
                signer=order.signed_by,
            )
            task = lang_env._("Quote %(quote)s signed online: the payment is pending", quote=order.name)
        order._patient_acted_online(summary, "mail.mail_activity_data_todo", task, outcome="replied")

    def _coordinator_env(self):
        """An environment in the language of the quote's coordinator, for what they are told."""
        coordinator = self.user_id or self.create_uid
        return self.with_context(lang=coordinator.lang or self.env.lang).env

    def _patient_acted_online(self, summary, activity_type, task, note=None, outcome=None):
        """What the patient did on the quote's page: an inbound web contact on the patient, linked
        to the quote, and a task for its coordinator. Called on the quote in sudo."""
        interaction = self.env["healthcare.interaction"].create(
            {
                "partner_id": self.partner_id.id,
                "sale_order_id": self.id,
                "channel": "web",
                "direction": "inbound",
                "summary": summary,
                "user_id": False,
                **({"outcome": outcome} if outcome else {}),
            }
        )
        self.activity_schedule(
            activity_type,
            date_deadline=fields.Date.context_today(self),
            summary=task,
            note=plaintext2html(note or summary),
            user_id=(self.user_id or self.create_uid).id,
        )
        return interaction

    @api.model
    def _clean_patient_question(self, question):
        """The question as the patient typed it, or a UserError that says what to fix."""
        if not isinstance(question, str):  # a file, a list: not a question
            raise UserError(_("Write your question."))
        question = question.replace("\x00", "").strip()
        if not question:
            raise UserError(_("Write your question."))
        if len(question) > QUESTION_MAX_LENGTH:
            raise UserError(
                _("Your question is too long: write at most %(count)s characters.", count=QUESTION_MAX_LENGTH)
            )
        return question

    def _patient_question(self, question):
        """A question asked on the quote's page: an inbound interaction on the patient, linked to
        the quote, and a task for the coordinator to answer it."""
        self.ensure_one()
        question = self._clean_patient_question(question)
        order = self.sudo()
        lang_env = order._coordinator_env()
        return order._patient_acted_online(
            lang_env._("Question on quote %(quote)s: %(question)s", quote=order.name, question=question),
            "mail.mail_activity_data_call",
            lang_env._("Answer the patient's question on quote %(quote)s", quote=order.name),
            note=question,
        )

    def _patient_declined_online(self, message):
        """The patient declined on the portal (sale cancels the quote): the coordinator records why."""
        self.ensure_one()
        order = self.sudo()
        lang_env = order._coordinator_env()
        order._patient_acted_online(
            lang_env._(
                "Quote %(quote)s declined online by the patient: %(message)s", quote=order.name, message=message or "-"
            ),
            "mail.mail_activity_data_call",
            lang_env._("Quote %(quote)s declined online: call the patient and record the reason", quote=order.name),
            outcome="replied",
        )
