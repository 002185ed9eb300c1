from odoo import http
from odoo.addons.healthcare_crm_messaging.controllers.common import clinic_page, link_not_valid
from odoo.exceptions import UserError
from odoo.http import request


class ConsentFormPage(http.Controller):
    """The page a consent link opens: the patient reads the document and signs it on the phone."""

    def _form(self, token):
        # Wrong, signed or withdrawn: all the same to whoever asks (see link_not_valid).
        return request.env["healthcare.consent.form"].sudo()._from_token(token)

    @http.route("/clinic/consent/<string:token>", type="http", auth="public", methods=["GET"], website=True)
    def consent_form_page(self, token, **kwargs):
        form = self._form(token)
        if not form:
            return link_not_valid()
        return clinic_page(
            "healthcare_crm_portal.consent_form_page",
            {"form": form, "token": token},
            company=form.company_id,
            lang=form.patient_id.lang,
        )

    # type="json", like the sale portal's signature route that portal's signature form calls.
    @http.route("/clinic/consent/<string:token>/sign", type="json", auth="public", methods=["POST"], website=True)
    def consent_form_sign(self, token, name=None, signature=None, **kwargs):
        form = self._form(token)
        if not form:
            return {"error": request.env._("This link is no longer valid.")}
        form = form.with_context(lang=form.patient_id.lang or request.env.lang)
        httprequest = request.httprequest
        try:
            form._sign(name, signature, httprequest.remote_addr, httprequest.user_agent.string)
        except UserError as error:
            request.env.cr.rollback()  # nothing half-written
            return {"error": error.args[0]}
        return {"message": form.env._("Thank you: your signed consent is with the clinic.")}
