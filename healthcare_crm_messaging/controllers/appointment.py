from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from .common import check_csrf

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

    # Odoo's CSRF check is made by check_csrf, which refuses odd tokens without failing.
    @http.route(
        "/clinic/appointment/<string:token>/<string:answer>", type="http", auth="public", methods=["POST"], csrf=False
    )
    def appointment_answer(self, token, answer, note="", **kwargs):
        check_csrf(kwargs)
        if answer not in ANSWERS:
            raise NotFound()
        appointment = self._appointment(token)
        note = note.replace("\x00", "").strip()[:500] if isinstance(note, str) else ""  # a file is no note
        appointment._patient_answer(answer, note=note)
        return request.render(
            "healthcare_crm_messaging.appointment_answer_done",
            {"appointment": appointment, "answer": answer, "when": appointment._patient_local_start()},
        )
