from odoo import http
from odoo.http import request

from .common import check_csrf, clinic_page, link_not_valid


class MarketingOptout(http.Controller):
    """The link at the foot of a marketing message: the patient stops them for that channel."""

    def _message(self, token):
        return request.env["healthcare.message"].sudo()._from_optout_token(token)

    def _page(self, message, values):
        return clinic_page(
            "healthcare_crm_messaging.optout_page",
            {"message": message, **values},
            company=message.company_id,
            lang=message.patient_id.lang,
        )

    @http.route("/clinic/optout/<string:token>", type="http", auth="public", methods=["GET"], website=True)
    def optout_page(self, token, **kwargs):
        message = self._message(token)
        if not message:
            return link_not_valid()
        return self._page(message, {"token": token, "done": False})

    # Odoo's CSRF check is made by check_csrf, which refuses odd tokens without failing.
    @http.route("/clinic/optout/<string:token>", type="http", auth="public", methods=["POST"], csrf=False, website=True)
    def optout(self, token, **kwargs):
        check_csrf(kwargs)
        message = self._message(token)
        if not message:
            return link_not_valid()
        message._optout()
        return self._page(message, {"done": True})
