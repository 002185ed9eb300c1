import json

from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.http import request

# WhatsApp's message statuses, as the clinic's message states.
STATUSES = {"sent": "sent", "delivered": "delivered", "read": "read", "failed": "failed"}


class WhatsappWebhook(http.Controller):
    @http.route("/healthcare_crm_messaging/whatsapp/webhook", type="http", auth="public", methods=["GET"])
    def whatsapp_verify(self, **params):
        """Meta checks the webhook once: echo its challenge if the verify token matches."""
        token = request.env.company.sudo().whatsapp_verify_token
        if not token or params.get("hub.mode") != "subscribe" or params.get("hub.verify_token") != token:
            raise Forbidden()
        return request.make_response(params.get("hub.challenge", ""))

    @http.route("/healthcare_crm_messaging/whatsapp/webhook", type="http", auth="public", methods=["POST"], csrf=False)
    def whatsapp_status(self, **params):
        body = request.httprequest.get_data()
        signature = request.httprequest.headers.get("X-Hub-Signature-256")
        if not request.env["healthcare.whatsapp"].sudo()._check_signature(body, signature):
            raise Forbidden()
        messages = request.env["healthcare.message"].sudo()
        for entry in json.loads(body or b"{}").get("entry", []):
            for change in entry.get("changes", []):
                for status in change.get("value", {}).get("statuses", []):
                    state = STATUSES.get(status.get("status"))
                    if state and status.get("id"):
                        errors = status.get("errors") or [{}]
                        error = (
                            errors[0].get("title") and f"WhatsApp error {errors[0].get('code')}: {errors[0]['title']}"
                        )
                        messages._provider_status(status["id"], state, error)
        return request.make_response("", status=200)
