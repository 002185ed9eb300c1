import hmac
import json

from werkzeug.exceptions import BadRequest, Forbidden

from odoo import http
from odoo.http import request

# WhatsApp's message statuses, as the clinic's message states.
STATUSES = {"sent": "sent", "delivered": "delivered", "read": "read", "failed": "failed"}


def _list(value):
    """A list of objects, as Meta sends them; a missing key is an empty list."""
    value = [] if value is None else value
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise BadRequest()
    return value


def _text(value, numbers=False):
    """A string without NUL (PostgreSQL refuses it), or None; with `numbers`, an integer as a string."""
    if value is None:
        return None
    if numbers and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str) or "\x00" in value:
        raise BadRequest()
    return value


def webhook_statuses(body):
    """The (message id, status, error) of each delivery report in a webhook body.

    Anything that is not what Meta sends (not UTF-8, not JSON, an object where a list is
    expected...) raises BadRequest before anything is applied. Statuses the clinic does
    not track (and other notifications, such as incoming messages) are left out.
    """
    try:
        payload = json.loads(body or b"{}")
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested beyond reason
        raise BadRequest() from None
    if not isinstance(payload, dict):
        raise BadRequest()
    statuses = []
    for entry in _list(payload.get("entry")):
        for change in _list(entry.get("changes")):
            value = change.get("value")
            if value is None:
                continue
            if not isinstance(value, dict):
                raise BadRequest()
            for status in _list(value.get("statuses")):
                reference, state = _text(status.get("id")), STATUSES.get(_text(status.get("status")))
                error = None
                for detail in _list(status.get("errors"))[:1]:  # the first error says why
                    title, code = _text(detail.get("title")), _text(detail.get("code"), numbers=True)
                    error = title and f"WhatsApp error {code}: {title}"
                if reference and state:
                    statuses.append((reference, state, error))
    return statuses


class WhatsappWebhook(http.Controller):
    @http.route("/healthcare_crm_messaging/whatsapp/webhook", type="http", auth="public", methods=["GET"])
    def whatsapp_verify(self, **params):
        """Meta checks the webhook once: echo its challenge if the verify token matches."""
        token = request.env.company.sudo().whatsapp_verify_token
        given, challenge = params.get("hub.verify_token"), params.get("hub.challenge", "")
        if (
            not token
            or params.get("hub.mode") != "subscribe"
            or not isinstance(given, str)
            or not hmac.compare_digest(given.encode(), token.encode())
        ):
            raise Forbidden()
        if not isinstance(challenge, str):
            raise BadRequest()
        return request.make_response(
            challenge,
            headers=[("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff")],
        )

    @http.route("/healthcare_crm_messaging/whatsapp/webhook", type="http", auth="public", methods=["POST"], csrf=False)
    def whatsapp_status(self, **params):
        body = request.httprequest.get_data()
        signature = request.httprequest.headers.get("X-Hub-Signature-256")
        if not request.env["healthcare.whatsapp"].sudo()._check_signature(body, signature):
            raise Forbidden()
        messages = request.env["healthcare.message"].sudo()
        for reference, state, error in webhook_statuses(body):
            messages._provider_status(reference, state, error)
        return request.make_response("", status=200)
