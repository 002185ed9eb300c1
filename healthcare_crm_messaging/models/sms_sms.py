from odoo import models


class SmsSms(models.Model):
    _inherit = "sms.sms"

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        """With Twilio as the company's provider, send through its Messages API instead of Odoo's IAP."""
        if self.env.company.healthcare_sms_provider != "twilio":
            return super()._send(unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception)
        twilio = self.env["healthcare.twilio"]
        callback = f"{self.get_base_url()}/healthcare_crm_messaging/twilio/status"
        results = {}
        for sms in self.sudo():
            ok, sid, error, retry = twilio._send_message(sms.number, sms.body, status_callback=callback)
            results[sms.uuid] = (ok, sid, error, retry)
            if ok:
                sms.write({"state": "pending", "failure_type": False, "to_delete": unlink_sent})
            else:
                failure = "sms_server" if retry else "sms_number_format"
                sms.write({"state": "error", "failure_type": failure, "to_delete": unlink_failed})
        self.env["healthcare.message"].sudo()._sms_result(results)
