import hashlib
import hmac
import logging

import requests

from odoo import _, api, models

from .healthcare_twilio import TIMEOUT_PARAMETER

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
