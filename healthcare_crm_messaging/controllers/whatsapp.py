import hmac
import json

from werkzeug.exceptions import BadRequest, Forbidden

from odoo import http
from odoo.http import request

# WhatsApp's message statuses, as the clinic's message states.
STATUSES = {"sent": "sent", "delivered": "delivered", "read": "read", "failed": "failed"}
# Incoming message types whose content is a file the clinic keeps as an attachment.
MEDIA_TYPES = ("image", "document", "audio", "video", "sticker")
# Types whose content object is read; others (reaction, unsupported...) land as their type alone.
CONTENT_TYPES = ("text", "location", "button", "interactive", *MEDIA_TYPES)


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


def _payload(body):
    """The webhook body as a dict; BadRequest for anything that is not a JSON object in UTF-8."""
    try:
        payload = json.loads(body or b"{}")
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested beyond reason
        raise BadRequest() from None
    if not isinstance(payload, dict):
        raise BadRequest()
    return payload


def _values(payload):
    """Each change's `value` object of a webhook payload."""
    for entry in _list(payload.get("entry")):
        for change in _list(entry.get("changes")):
            value = change.get("value")
            if value is None:
                continue
            if not isinstance(value, dict):
                raise BadRequest()
            yield value


def _object(value):
    """An object, as Meta sends them; a missing key is an empty one."""
    value = {} if value is None else value
    if not isinstance(value, dict):
        raise BadRequest()
    return value


def _number(value):
    """A coordinate: a JSON number (or a numeric string), as text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    value = _text(value)
    if value is not None:
        try:
            float(value)
        except ValueError:
            raise BadRequest() from None
    return value


def webhook_statuses(body):
    """The (message id, status, error) of each delivery report in a webhook body.

    Anything that is not what Meta sends (not UTF-8, not JSON, an object where a list is
    expected...) raises BadRequest before anything is applied. Statuses the clinic does
    not track (and other notifications, such as incoming messages) are left out.
    """
    return _statuses(_payload(body))


def _statuses(payload):
    statuses = []
    for value in _values(payload):
        for status in _list(value.get("statuses")):
            reference, state = _text(status.get("id")), STATUSES.get(_text(status.get("status")))
            error = None
            for detail in _list(status.get("errors"))[:1]:  # the first error says why
                title, code = _text(detail.get("title")), _text(detail.get("code"), numbers=True)
                error = title and f"WhatsApp error {code}: {title}"
            if reference and state:
                statuses.append((reference, state, error))
    return statuses


def webhook_messages(body):
    """The incoming messages of a webhook body, as dicts for healthcare.inbound.message._receive.

    Checked whole, as the statuses: a message without its id, sender or type, a field of the
    wrong kind, text with NUL... raises BadRequest before anything is written. Each message
    gets the profile name WhatsApp gives for its sender in the same change's `contacts`.
    """
    return _messages(_payload(body))


def _messages(payload):
    messages = []
    for value in _values(payload):
        names = {}
        for contact in _list(value.get("contacts")):
            wa_id = _text(contact.get("wa_id"))
            name = _text(_object(contact.get("profile")).get("name"))
            if wa_id and name:
                names[wa_id] = name[:128]
        messages += [_message(row, names) for row in _list(value.get("messages"))]
    return messages


def _message(row, names):
    """One incoming message; `names` the senders' profile names."""
    reference, sender, kind = _text(row.get("id")), _text(row.get("from")), _text(row.get("type"))
    timestamp = _text(row.get("timestamp"), numbers=True)
    if not reference or not sender or not kind or len(reference) > 256 or not sender.isdigit():
        raise BadRequest()
    if timestamp is not None and not timestamp.isdigit():
        raise BadRequest()
    message = {
        "channel": "whatsapp",
        "provider_ref": reference,
        "sender": f"+{sender}",
        "profile_name": names.get(sender),
        "timestamp": timestamp and int(timestamp),
        "message_type": kind,
        "text": None,
        "answer": None,
        "media": [],
    }
    content = _object(row.get(kind)) if kind in CONTENT_TYPES else {}
    if kind == "text":
        message["text"] = _text(content.get("body"))
    elif kind in MEDIA_TYPES:
        media_id = _text(content.get("id"))
        if not media_id:
            raise BadRequest()
        message["text"] = _text(content.get("caption"))
        media = {
            "id": media_id,
            "mimetype": _text(content.get("mime_type")),
            "filename": _text(content.get("filename")),
        }
        message["media"] = [media]
    elif kind == "location":
        latitude, longitude = _number(content.get("latitude")), _number(content.get("longitude"))
        if latitude is None or longitude is None:
            raise BadRequest()
        message["location"] = {
            "latitude": latitude,
            "longitude": longitude,
            "name": _text(content.get("name")),
            "address": _text(content.get("address")),
        }
    elif kind == "button":  # a template's quick-reply button
        message["text"], message["answer"] = _text(content.get("text")), _text(content.get("payload"))
    elif kind == "interactive":  # a reply button or list row of an interactive message
        reply = _object(content.get("button_reply") or content.get("list_reply"))
        message["text"], message["answer"] = _text(reply.get("title")), _text(reply.get("id"))
    return message


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
        payload = _payload(body)
        statuses, incoming = _statuses(payload), _messages(payload)  # all checked before anything is written
        messages = request.env["healthcare.message"].sudo()
        for reference, state, error in statuses:
            messages._provider_status(reference, state, error)
        if incoming:
            request.env["healthcare.inbound.message"].sudo()._receive(incoming)
        return request.make_response("", status=200)
