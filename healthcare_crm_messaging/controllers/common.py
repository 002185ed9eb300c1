from werkzeug.exceptions import BadRequest

from odoo.http import request


def check_csrf(params):
    """The CSRF check Odoo makes on a POST, for a route declared with csrf=False: a token that
    is not ASCII text (a file, "é...") is refused with a 400 where Odoo's own check fails with a 500.
    """
    token = params.pop("csrf_token", None)
    if not isinstance(token, str) or not token.isascii() or not request.validate_csrf(token):
        raise BadRequest("Session expired (invalid CSRF token)")
