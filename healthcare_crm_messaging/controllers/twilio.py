from werkzeug.exceptions import BadRequest, Forbidden

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


def callback_status(params):
    """(message SID, status, error) of a status callback; status is None for a status the clinic does not track.

    A callback without its SID or status, or with values that are no text, raises BadRequest.
    """
    sid, status, code = params.get("MessageSid"), params.get("MessageStatus"), params.get("ErrorCode")
    for value in (sid, status, code):
        if value is not None and (not isinstance(value, str) or "\x00" in value or len(value) > 256):
            raise BadRequest()
    if not sid or not status:
        raise BadRequest()
    return sid, STATUSES.get(status), code and f"Twilio error {code}"


class TwilioStatus(http.Controller):
    @http.route("/healthcare_crm_messaging/twilio/status", type="http", auth="public", methods=["POST"], csrf=False)
    def twilio_status(self, **params):
        signature = request.httprequest.headers.get("X-Twilio-Signature")
        twilio = request.env["healthcare.twilio"].sudo()
        if not twilio._check_signature(request.httprequest.url, params, signature):
            raise Forbidden()
        sid, status, error = callback_status(params)
        if status:
            request.env["healthcare.message"].sudo()._provider_status(sid, status, error)
        return request.make_response("", status=204)
