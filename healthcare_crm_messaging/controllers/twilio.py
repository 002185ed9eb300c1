from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.http import request

# Twilio's message statuses, as the clinic's message states.
STATUSES = {
    "queued": "sent",
    "sending": "sent",
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "undelivered": "failed",
    "failed": "failed",
}


class TwilioStatus(http.Controller):
    @http.route("/healthcare_crm_messaging/twilio/status", type="http", auth="public", methods=["POST"], csrf=False)
    def twilio_status(self, **params):
        signature = request.httprequest.headers.get("X-Twilio-Signature")
        twilio = request.env["healthcare.twilio"].sudo()
        if not twilio._check_signature(request.httprequest.url, params, signature):
            raise Forbidden()
        status = STATUSES.get(params.get("MessageStatus"))
        if status and params.get("MessageSid"):
            error = params.get("ErrorCode") and f"Twilio error {params['ErrorCode']}"
            request.env["healthcare.message"].sudo()._provider_status(params["MessageSid"], status, error)
        return request.make_response("", status=204)
