from odoo import http
from odoo.addons.healthcare_crm_messaging.controllers.common import check_csrf, link_not_valid
from odoo.addons.sale.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

# The hidden field a person never fills and a form-filling robot does.
HONEYPOT = "hc_reference"


class QuotePortal(CustomerPortal):
    """Odoo's sale portal page of a patient's quote: signing it tells the clinic, and the patient
    can ask a question from it."""

    def _document_check_access(self, model_name, document_id, access_token=None):
        # Odoo compares tokens with consteq, which fails (a 500) on a non-ASCII token: such a token
        # is no token, and the document is then reached only by a user allowed to read it.
        if access_token is not None and not (isinstance(access_token, str) and access_token.isascii()):
            access_token = None
        return super()._document_check_access(model_name, document_id, access_token=access_token)

    def _patient_quote(self, order_id, access_token):
        """The quote whose page this is, for its patient (a valid token) or their portal user; else None."""
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token=access_token)
        except (AccessError, MissingError):
            return None
        return order_sudo if order_sudo.is_patient_quote else None

    @http.route()
    def portal_order_page(self, order_id, report_type=None, access_token=None, message=False, **kwargs):
        response = super().portal_order_page(
            order_id, report_type=report_type, access_token=access_token, message=message, **kwargs
        )
        order_sudo = (getattr(response, "qcontext", None) or {}).get("sale_order")
        if order_sudo and order_sudo.is_patient_quote:
            # The clinic's name, logo, address and phone instead of the website's generic header
            # and footer; the breadcrumbs lead to the portal's login, of no use with a link.
            response.qcontext.update(
                healthcare_clinic=order_sudo.company_id.sudo(),
                no_header=True,
                no_footer=True,
                no_breadcrumbs=request.env.user._is_public(),
            )
        return response

    @http.route()
    def portal_quote_accept(self, order_id, access_token=None, name=None, signature=None):
        access_token = access_token or request.httprequest.args.get("access_token")
        order_sudo = self._patient_quote(order_id, access_token)
        to_sign = bool(order_sudo) and order_sudo._has_to_be_signed()
        result = super().portal_quote_accept(order_id, access_token=access_token, name=name, signature=signature)
        if to_sign:
            order_sudo.invalidate_recordset(["signature", "state"])
        if to_sign and "error" not in result and order_sudo.signature:
            order_sudo._patient_signed_online()
        return result

    @http.route()
    def portal_quote_decline(self, order_id, access_token=None, decline_message=None, **kwargs):
        order_sudo = self._patient_quote(order_id, access_token)
        to_sign = bool(order_sudo) and order_sudo._has_to_be_signed()
        response = super().portal_quote_decline(order_id, access_token, decline_message=decline_message, **kwargs)
        if to_sign:
            order_sudo.invalidate_recordset(["state"])
        if to_sign and order_sudo.state == "cancel":
            order_sudo._patient_declined_online(decline_message)
        return response

    # Odoo's CSRF check is made by check_csrf, which refuses odd tokens with a 400 instead of a 500.
    @http.route(
        "/my/orders/<int:order_id>/question", type="http", auth="public", methods=["POST"], website=True, csrf=False
    )
    def portal_quote_question(self, order_id, access_token=None, question=None, **kwargs):
        check_csrf(kwargs)
        order_sudo = self._patient_quote(order_id, access_token)
        if not order_sudo:
            return link_not_valid()
        if kwargs.get(HONEYPOT):
            # A robot: answered as a person would be, and nothing is written.
            return request.redirect(order_sudo.get_portal_url(query_string="&message=question_sent"))
        try:
            order_sudo._patient_question(question)
        except UserError as error:
            # The page again, with what to fix and the question as typed.
            page = self.portal_order_page(order_id, access_token=access_token)
            page.qcontext.update(question_error=error.args[0], question=question if isinstance(question, str) else "")
            page.status_code = 400
            return page
        return request.redirect(order_sudo.get_portal_url(query_string="&message=question_sent"))
