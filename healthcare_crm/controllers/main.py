from werkzeug.exceptions import BadRequest, Forbidden, NotFound

from odoo import _, http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request


class HealthcareVcardController(http.Controller):
    @http.route("/healthcare_crm/vcard", type="http", auth="user", methods=["GET"])
    def export_vcard(self, ids="", **kwargs):
        """The partners of `ids` ("7,12,31") as one vCard 3.0 file, read with the user's own rights."""
        try:
            partner_ids = list(dict.fromkeys(int(part) for part in ids.split(",") if part.strip()))
        except ValueError:
            raise BadRequest(_("The ids parameter must list record ids separated by commas, e.g. ids=7,12.")) from None
        if not partner_ids or min(partner_ids) <= 0:
            raise BadRequest(_("The ids parameter must list record ids separated by commas, e.g. ids=7,12."))
        if not request.env.user.has_group("healthcare_crm.group_healthcare_receptionist"):
            raise Forbidden(_("Only Clinic CRM users can export patients as vCard."))
        partners = request.env["res.partner"].browse(partner_ids)
        if len(partners.exists()) != len(partners):
            raise NotFound(_("Some of the requested patients do not exist."))
        try:
            partners.check_access("read")
            body = "".join(partner._healthcare_vcard().serialize() for partner in partners)
        except AccessError:
            raise Forbidden(_("You are not allowed to read some of the requested patients.")) from None
        return request.make_response(
            body.encode("utf-8"),
            headers=[
                ("Content-Type", "text/vcard; charset=utf-8"),
                ("Content-Disposition", content_disposition("patients.vcf")),
            ],
        )
