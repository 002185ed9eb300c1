"""Files patients send: how big and of which kinds the clinic keeps them (not a model)."""

from odoo import _
from odoo.tools.mimetypes import guess_mimetype

# Above this size a file is not kept (WhatsApp allows 100 MB documents): a parameter can raise it.
MAX_BYTES_PARAMETER = "healthcare_crm_messaging.inbound_media_max_bytes"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# What a patient may usefully send a clinic: photos, PDFs (reports, prescriptions), voice notes,
# short videos. Anything else (archives, executables, HTML) is not kept.
ALLOWED_MIMETYPES = {
    "image/jpeg",
    "image/png",
    "image/webp",
    "application/pdf",
    "audio/ogg",
    "audio/mpeg",
    "audio/aac",
    "audio/amr",
    "audio/mp4",
    "video/mp4",
    "video/3gpp",
}


def max_bytes(env):
    return int(env["ir.config_parameter"].sudo().get_param(MAX_BYTES_PARAMETER, DEFAULT_MAX_BYTES))


def read_media(env, response, declared=None):
    """(content, mimetype, error) of a provider's file download, `response` a streamed requests
    response. The type must be allowed both as declared and as the content looks (a "photo"
    that is HTML is refused); formats the sniffer cannot tell (voice notes) go by the declaration."""
    limit = max_bytes(env)
    if not response.ok:
        return None, None, _("the provider answered %s", response.status_code)
    declared = (declared or response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if declared not in ALLOWED_MIMETYPES:
        return None, None, _("files of type %s are not kept", declared or "?")
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        return None, None, _("larger than %s MB", round(limit / 1024 / 1024, 1))
    content = b""
    for chunk in response.iter_content(64 * 1024):
        content += chunk
        if len(content) > limit:
            return None, None, _("larger than %s MB", round(limit / 1024 / 1024, 1))
    sniffed = guess_mimetype(content, default="application/octet-stream")
    if sniffed not in (declared, "application/octet-stream"):
        return None, None, _("a file announced as %(declared)s is %(sniffed)s", declared=declared, sniffed=sniffed)
    return content, declared, None
