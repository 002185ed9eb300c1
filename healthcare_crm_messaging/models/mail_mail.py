from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        """An email to a patient left, or could not: its message says so."""
        messages = self.env["healthcare.message"].sudo().search([("mail_id", "in", self.ids)])
        if messages:
            if failure_type:
                messages.write({"state": "failed", "error": failure_reason or failure_type})
            else:
                messages.filtered(lambda m: m.state == "queued").write({"state": "sent", "error": False})
        return super()._postprocess_sent_message(success_pids, failure_reason=failure_reason, failure_type=failure_type)
