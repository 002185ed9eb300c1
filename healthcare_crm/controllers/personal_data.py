import json

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request


class HealthcarePersonalDataController(http.Controller):
    @http.route("/healthcare_crm/personal_data/<int:partner_id>", type="http", auth="user", methods=["GET"])
    def export_personal_data(self, partner_id, **kwargs):
        """All personal data of one patient as a JSON file (right of access), for managers."""
        patient = request.env["res.partner"].browse(partner_id).exists()
        if not patient:
            raise NotFound()
        try:
            data = patient.healthcare_personal_data_export()
        except AccessError as error:
            raise Forbidden(error.args[0]) from None
        name = f"personal-data-{patient.patient_code or patient.id}.json"
        return request.make_response(
            json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"),
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Disposition", content_disposition(name)),
            ],
        )
