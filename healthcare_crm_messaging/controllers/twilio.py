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


# Twilio sends at most 10 media per message (MediaUrl0..MediaUrl9).
MAX_MEDIA = 10
# An empty TwiML answer: the clinic's acknowledgements, if any, go through the Messages API.
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def _param(params, name, limit=256):
    value = params.get(name)
    if value is not None and (not isinstance(value, str) or "\x00" in value or len(value) > limit):
        raise BadRequest()
    return value


def inbound_message(params):
    """An incoming SMS, as a dict for healthcare.inbound.message._receive.

    Without its SID or sender, or with values that are no text, raises BadRequest; the body
    may be empty (a picture alone)."""
    sid, sender = _param(params, "MessageSid"), _param(params, "From")
    body, profile = _param(params, "Body", limit=10000), _param(params, "ProfileName")
    count = _param(params, "NumMedia") or "0"
    if not sid or not sender or not count.isdigit() or int(count) > MAX_MEDIA:
        raise BadRequest()
    media = []
    for index in range(int(count)):
        url = _param(params, f"MediaUrl{index}", limit=2048)
        if not url or not url.startswith(("https://", "http://")):
            raise BadRequest()
        media.append({"url": url, "mimetype": _param(params, f"MediaContentType{index}"), "filename": None})
    return {
        "channel": "sms",
        "provider_ref": sid,
        "sender": sender,
        "profile_name": profile and profile[:128],
        "timestamp": None,
        "message_type": "text" if not media else "media",
        "text": body,
        "answer": None,
        "media": media,
    }


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

    @http.route("/healthcare_crm_messaging/twilio/inbound", type="http", auth="public", methods=["POST"], csrf=False)
    def twilio_inbound(self, **params):
        """Twilio's incoming-message webhook: the patient wrote to the clinic's number."""
        signature = request.httprequest.headers.get("X-Twilio-Signature")
        if not request.env["healthcare.twilio"].sudo()._check_signature(request.httprequest.url, params, signature):
            raise Forbidden()
        message = inbound_message(params)
        request.env["healthcare.inbound.message"].sudo()._receive([message])
        return request.make_response(EMPTY_TWIML, headers=[("Content-Type", "text/xml; charset=utf-8")])
