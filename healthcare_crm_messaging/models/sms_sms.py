import logging

import requests

from odoo import _, models

_logger = logging.getLogger(__name__)
# Odoo SMS failures that may pass: its service down, credits to buy, an account to register.
ODOO_RETRY_FAILURES = {"sms_server", "sms_credit", "sms_acc", "unknown"}


class SmsSms(models.Model):
    _inherit = "sms.sms"

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """Every SMS of the database (reminders, mass SMS, chatter) goes through the provider
        the clinic chose in Settings: Odoo's IAP service or Twilio's Messages API.

        Until one is chosen nothing leaves: the SMS stay in the queue ("outgoing") and Odoo's
        SMS queue sends them once a provider is set. (The clinic's own messages do not even
        reach this queue until then: see healthcare.message._send_sms.)
        """
        company = self.env.company
        messages = self.env["healthcare.message"].sudo()
        blocked = company._healthcare_sms_blocked()
        if blocked:
            _logger.info("%s SMS kept in the queue: %s", len(self), blocked)
            messages._sms_held(self.mapped("uuid"), blocked)
            return None
        if company.healthcare_sms_provider == "odoo":
            super()._send(unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception)
            answered = self.sudo().exists().filtered(lambda sms: sms.state != "outgoing")
            messages._sms_result({sms.uuid: sms._odoo_result() for sms in answered})
            return None
        twilio = self.env["healthcare.twilio"]
        callback = f"{self[:1].get_base_url()}/healthcare_crm_messaging/twilio/status"
        results, outcome = {}, {}
        with requests.Session() as session:  # one connection for the batch, kept alive
            for sms in self.sudo():
                ok, sid, error, retry = twilio._send_message(
                    sms.number, sms.body, status_callback=callback, session=session
                )
                results[sms.uuid] = (ok, sid, error, retry)
                outcome.setdefault(None if ok else "sms_server" if retry else "sms_number_format", []).append(sms.id)
        for failure, ids in outcome.items():
            if failure:
                values = {"state": "error", "failure_type": failure, "to_delete": unlink_failed}
            else:
                values = {"state": "pending", "failure_type": False, "to_delete": unlink_sent}
            self.sudo().browse(ids).write(values)
        messages._sms_result(results)
        return None

    def _odoo_result(self):
        """What Odoo's SMS service answered for this SMS: (ok, reference, error, worth retrying)."""
        self.ensure_one()
        if self.state != "error":
            return True, None, None, False
        failures = dict(self._fields["failure_type"]._description_selection(self.env))
        error = _("Odoo SMS: %s", failures.get(self.failure_type) or self.failure_type or "?")
        return False, None, error, self.failure_type in ODOO_RETRY_FAILURES
