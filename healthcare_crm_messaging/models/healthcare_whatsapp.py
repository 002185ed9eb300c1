import hashlib
import hmac
import logging

import requests

from odoo import _, api, models

from .healthcare_twilio import TIMEOUT_PARAMETER
from .inbound_media import read_media

_logger = logging.getLogger(__name__)
# WhatsApp Cloud API errors for a number that cannot receive the message: no retry.
UNREACHABLE_CODES = {131026, 131030, 131049}
TEMPLATE_STATES = {"APPROVED": "approved", "PENDING": "pending", "REJECTED": "rejected"}


class HealthcareWhatsapp(models.AbstractModel):
    """The parts of the WhatsApp Business Cloud API the clinic uses."""

    _name = "healthcare.whatsapp"
    _description = "WhatsApp Cloud API"

    def _api(self, method, path, session=None, **kwargs):
        """A request to the API; `session` (a requests.Session) keeps one connection for many."""
        company = self.env.company.sudo()
        timeout = float(self.env["ir.config_parameter"].sudo().get_param(TIMEOUT_PARAMETER, 10))
        return (session or requests).request(
            method,
            f"{company.whatsapp_api_url.rstrip('/')}/{path}",
            headers={"Authorization": f"Bearer {company.whatsapp_token}"},
            timeout=timeout,
            **kwargs,
        )

    @api.model
    def _configured(self):
        company = self.env.company.sudo()
        return bool(company.whatsapp_phone_number_id and company.whatsapp_token)

    @api.model
    def _send_template(self, number, template, params, session=None):
        """Send a template message. Returns (ok, WhatsApp message id, error, worth retrying)."""
        payload = {
            "messaging_product": "whatsapp",
            "to": number.lstrip("+"),
            "type": "template",
            "template": {
                "name": template.name,
                "language": {"code": template.language},
                "components": [{"type": "body", "parameters": [{"type": "text", "text": str(p)} for p in params]}],
            },
        }
        return self._post_message(payload, session)

    @api.model
    def _post_message(self, payload, session=None):
        try:
            response = self._api(
                "POST", f"{self.env.company.sudo().whatsapp_phone_number_id}/messages", json=payload, session=session
            )
        except requests.RequestException as error:
            return False, None, _("WhatsApp could not be reached: %s", error), True
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.ok and data.get("messages"):
            return True, data["messages"][0]["id"], None, False
        error = data.get("error") or {}
        message = _(
            "WhatsApp error %(status)s: %(message)s",
            status=response.status_code,
            message=error.get("message") or response.reason,
        )
        retry = response.status_code >= 500 or response.status_code == 429
        return False, None, message, retry and error.get("code") not in UNREACHABLE_CODES

    @api.model
    def _send_text(self, number, text, session=None):
        """Send free text: WhatsApp takes it only within 24 hours of the patient's last message
        (see res.partner._whatsapp_free_text_allowed). Returns as `_send_template`."""
        payload = {
            "messaging_product": "whatsapp",
            "to": number.lstrip("+"),
            "type": "text",
            "text": {"preview_url": False, "body": text},
        }
        return self._post_message(payload, session)

    @api.model
    def _download_media(self, media_id):
        """(content, mimetype, error) of a file a patient sent: its URL first, then the file,
        both with the access token, as the Cloud API asks."""
        try:
            response = self._api("GET", media_id)
            info = response.json() if response.ok else {}
            url = info.get("url") if isinstance(info, dict) else None
            if not isinstance(url, str) or not url.startswith(("https://", "http://")):
                return None, None, _("WhatsApp did not give the file (%s)", response.status_code)
            company = self.env.company.sudo()
            timeout = float(self.env["ir.config_parameter"].sudo().get_param(TIMEOUT_PARAMETER, 10))
            with requests.get(
                url, headers={"Authorization": f"Bearer {company.whatsapp_token}"}, timeout=timeout, stream=True
            ) as download:
                return read_media(self.env, download, info.get("mime_type"))
        except (requests.RequestException, ValueError) as error:
            _logger.info("WhatsApp media %s unreachable: %s", media_id, error)
            return None, None, _("WhatsApp could not be reached: %s", error)

    @api.model
    def _template_statuses(self):
        """{(name, language): (state, rejection reason)} of the business account's templates; None if unreachable."""
        try:
            response = self._api("GET", f"{self.env.company.sudo().whatsapp_business_account_id}/message_templates")
            response.raise_for_status()
            rows = response.json().get("data", [])
        except (requests.RequestException, ValueError) as error:
            _logger.info("WhatsApp templates unreachable: %s", error)
            return None
        return {
            (row["name"], row["language"]): (
                TEMPLATE_STATES.get(row.get("status"), "pending"),
                row.get("rejected_reason") if row.get("status") == "REJECTED" else False,
            )
            for row in rows
        }

    @api.model
    def _check_signature(self, body, signature):
        """X-Hub-Signature-256: sha256= HMAC of the raw body with the app secret."""
        secret = self.env.company.sudo().whatsapp_app_secret
        if not secret or not signature:
            return False
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        # As bytes: a header may carry any character, which compare_digest refuses in a str.
        return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))
