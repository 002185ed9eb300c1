from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

ANSWERS = ("confirm", "cancel", "change")


class AppointmentAnswer(http.Controller):
    """The page a reminder links to: the patient confirms, cancels or asks for another time."""

    def _appointment(self, token):
        appointment = request.env["calendar.event"].sudo()._from_patient_token(token)
        if not appointment:
            raise NotFound()  # wrong, used or expired: the same answer, which tells nothing
        return appointment

    @http.route("/clinic/appointment/<string:token>", type="http", auth="public", methods=["GET"])
    def appointment_page(self, token, **kwargs):
        appointment = self._appointment(token)
        return request.render(
            "healthcare_crm_messaging.appointment_answer_page",
            {"appointment": appointment, "token": token, "when": appointment._patient_local_start()},
        )

    @http.route("/clinic/appointment/<string:token>/<string:answer>", type="http", auth="public", methods=["POST"])
    def appointment_answer(self, token, answer, note="", **kwargs):
        if answer not in ANSWERS:
            raise NotFound()
        appointment = self._appointment(token)
        appointment._patient_answer(answer, note=(note or "").strip()[:500])
        return request.render(
            "healthcare_crm_messaging.appointment_answer_done",
            {"appointment": appointment, "answer": answer, "when": appointment._patient_local_start()},
        )
