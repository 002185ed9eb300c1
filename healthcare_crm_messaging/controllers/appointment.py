from odoo import http
from odoo.http import request

from .common import check_csrf, clinic_page, link_not_valid

ANSWERS = ("confirm", "cancel", "change")


class AppointmentAnswer(http.Controller):
    """The page a reminder links to: the patient confirms, cancels or asks for another time."""

    def _appointment(self, token):
        # Wrong, used or expired: all the same to whoever asks (see link_not_valid).
        return request.env["calendar.event"].sudo()._from_patient_token(token)

    def _page(self, appointment, template, values):
        return clinic_page(
            template,
            {"appointment": appointment, "when": appointment._patient_local_start(), **values},
            company=appointment.company_id,
            lang=appointment.patient_id.lang,
        )

    @http.route("/clinic/appointment/<string:token>", type="http", auth="public", methods=["GET"], website=True)
    def appointment_page(self, token, **kwargs):
        appointment = self._appointment(token)
        if not appointment:
            return link_not_valid()
        return self._page(appointment, "healthcare_crm_messaging.appointment_answer_page", {"token": token})

    # Odoo's CSRF check is made by check_csrf, which refuses odd tokens without failing.
    @http.route(
        "/clinic/appointment/<string:token>/<string:answer>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        website=True,
    )
    def appointment_answer(self, token, answer, note="", **kwargs):
        check_csrf(kwargs)
        appointment = self._appointment(token)
        if answer not in ANSWERS or not appointment:
            return link_not_valid()
        note = note.replace("\x00", "").strip()[:500] if isinstance(note, str) else ""  # a file is no note
        appointment._patient_answer(answer, note=note)
        return self._page(appointment, "healthcare_crm_messaging.appointment_answer_done", {"answer": answer})
