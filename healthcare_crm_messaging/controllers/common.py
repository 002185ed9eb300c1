from werkzeug.exceptions import BadRequest

from odoo.http import request


def check_csrf(params):
    """The CSRF check Odoo makes on a POST, for a route declared with csrf=False: a token that
    is not ASCII text (a file, "é...") is refused with a 400 where Odoo's own check fails with a 500.
    """
    token = params.pop("csrf_token", None)
    if not isinstance(token, str) or not token.isascii() or not request.validate_csrf(token):
        raise BadRequest("Session expired (invalid CSRF token)")


def clinic_page(template, values, company=None, lang=None, status=200):
    """A page for patients, in their language, under the clinic's own logo, name, address and phone.

    Odoo's "Your logo" placeholder is left out: a clinic that uploaded no logo shows its name.
    Routes rendering it say website=True, as portal's do: once `website` is installed, its layout
    needs the website the request came to (without `website` the flag is ignored).
    """
    company = (company or request.env.company).sudo()
    lang = lang or company.partner_id.lang or request.env.lang
    request.update_context(lang=lang)
    values = {"clinic": company, **values}
    response = request.render(template, values, status=status)
    # A patient's page (their appointment, their admission form...) is kept by no cache and shown
    # in no other site's frame.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Content-Security-Policy"] = "frame-ancestors 'self'"
    return response


def link_not_valid(company=None):
    """A wrong, used or expired link: a 404 that names the clinic and its phone, and no patient."""
    return clinic_page("healthcare_crm_messaging.link_not_valid_page", {}, company=company, status=404)
