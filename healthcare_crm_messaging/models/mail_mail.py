from odoo import models
from odoo.tools import frozendict

# The context key under which `_send` gives `_postprocess_sent_message` {mail id: message id}.
MESSAGE_OF_MAIL = "healthcare_message_of_mail"


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _send(self, auto_commit=False, raise_exception=False, smtp_session=None, **kwargs):
        """Odoo sends these mails one at a time, reporting each (`_postprocess_sent_message`):
        which patient message each mail is, if any, is read here once for all of them instead
        of once a mail."""
        messages = self.env["healthcare.message"].sudo().search_fetch([("mail_id", "in", self.ids)], ["mail_id"])
        mapping = frozendict({message.mail_id.id: message.id for message in messages})
        return super(MailMail, self.with_context(**{MESSAGE_OF_MAIL: mapping}))._send(
            auto_commit=auto_commit, raise_exception=raise_exception, smtp_session=smtp_session, **kwargs
        )

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        """An email to a patient left, or could not: its message says so."""
        mapping = self.env.context.get(MESSAGE_OF_MAIL)
        if mapping is None:
            messages = self.env["healthcare.message"].sudo().search([("mail_id", "in", self.ids)])
        else:
            messages = (
                self.env["healthcare.message"].sudo().browse(mapping[mail] for mail in self.ids if mail in mapping)
            )
        if messages:
            if failure_type:
                messages.write({"state": "failed", "error": failure_reason or failure_type})
            else:
                messages.filtered(lambda m: m.state == "queued").write({"state": "sent", "error": False})
        return super()._postprocess_sent_message(success_pids, failure_reason=failure_reason, failure_type=failure_type)
