from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from .common import check_csrf


class MarketingOptout(http.Controller):
    """The link at the foot of a marketing message: the patient stops them for that channel."""

    def _message(self, token):
        message = request.env["healthcare.message"].sudo()._from_optout_token(token)
        if not message:
            raise NotFound()
        return message

    @http.route("/clinic/optout/<string:token>", type="http", auth="public", methods=["GET"])
    def optout_page(self, token, **kwargs):
        message = self._message(token)
        return request.render(
            "healthcare_crm_messaging.optout_page", {"message": message, "token": token, "done": False}
        )

    # Odoo's CSRF check is made by check_csrf, which refuses odd tokens without failing.
    @http.route("/clinic/optout/<string:token>", type="http", auth="public", methods=["POST"], csrf=False)
    def optout(self, token, **kwargs):
        check_csrf(kwargs)
        message = self._message(token)
        message._optout()
        return request.render("healthcare_crm_messaging.optout_page", {"message": message, "done": True})
