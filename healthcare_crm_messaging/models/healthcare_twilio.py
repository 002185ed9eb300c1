import base64
import hashlib
import hmac
import logging

import requests

from odoo import _, api, models

from .inbound_media import read_media

_logger = logging.getLogger(__name__)
# Twilio error codes for a number that will never receive the message: no retry.
INVALID_NUMBER_CODES = {21211, 21214, 21612, 21614}
TIMEOUT_PARAMETER = "healthcare_crm_messaging.provider_timeout"


class HealthcareTwilio(models.AbstractModel):
    """The parts of Twilio's Messages API the clinic uses: send a message, check a status callback."""

    _name = "healthcare.twilio"
    _description = "Twilio Messages API"

    @api.model
    def _send_message(self, number, body, status_callback=None, session=None):
        """Send one SMS. Returns (ok, message SID, error, worth retrying).

        `session` (a requests.Session) sends many over one kept-alive connection."""
        company = self.env.company.sudo()
        url = f"{company.twilio_api_url.rstrip('/')}/2010-04-01/Accounts/{company.twilio_account_sid}/Messages.json"
        data = {"To": number, "From": company.twilio_from_number, "Body": body}
        if status_callback:
            data["StatusCallback"] = status_callback
        timeout = float(self.env["ir.config_parameter"].sudo().get_param(TIMEOUT_PARAMETER, 10))
        try:
            response = (session or requests).post(
                url, data=data, auth=(company.twilio_account_sid, company.twilio_auth_token), timeout=timeout
            )
        except requests.RequestException as error:
            _logger.info("Twilio unreachable: %s", error)
            return False, None, _("The SMS provider could not be reached: %s", error), True
        try:
            payload = response.json()
        except ValueError:
            payload = {}
        if response.status_code in (200, 201):
            return True, payload.get("sid"), None, False
        error = _(
            "SMS provider error %(status)s: %(message)s",
            status=response.status_code,
            message=payload.get("message") or response.reason,
        )
        if payload.get("code") in INVALID_NUMBER_CODES:
            return False, None, error, False
        return False, None, error, response.status_code >= 500 or response.status_code in (401, 429)

    @api.model
    def _download_media(self, url):
        """(content, mimetype, error) of a file a patient sent with an SMS (MMS). The account's
        credentials go only to the clinic's Twilio API address: a media URL elsewhere is not fetched."""
        company = self.env.company.sudo()
        if not url.startswith(company.twilio_api_url.rstrip("/") + "/"):
            return None, None, _("the file is not on the SMS provider's server")
        timeout = float(self.env["ir.config_parameter"].sudo().get_param(TIMEOUT_PARAMETER, 10))
        try:
            # Twilio answers with a redirect to its storage; requests drops the credentials there.
            with requests.get(
                url, auth=(company.twilio_account_sid, company.twilio_auth_token), timeout=timeout, stream=True
            ) as response:
                return read_media(self.env, response)
        except requests.RequestException as error:
            _logger.info("Twilio media unreachable: %s", error)
            return None, None, _("The SMS provider could not be reached: %s", error)

    @api.model
    def _signature(self, url, params):
        """X-Twilio-Signature: HMAC-SHA1 of the URL followed by the sorted POST parameters."""
        token = self.env.company.sudo().twilio_auth_token or ""
        signed = url + "".join(f"{key}{params[key]}" for key in sorted(params))
        digest = hmac.new(token.encode(), signed.encode("utf-8", "replace"), hashlib.sha1).digest()
        return base64.b64encode(digest).decode()

    @api.model
    def _check_signature(self, url, params, signature):
        # As bytes: a header may carry any character, which compare_digest refuses in a str.
        return bool(self.env.company.sudo().twilio_auth_token) and hmac.compare_digest(
            self._signature(url, params).encode(), (signature or "").encode("utf-8", "replace")
        )
