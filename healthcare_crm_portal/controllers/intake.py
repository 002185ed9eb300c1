import datetime

from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.addons.healthcare_crm_messaging.controllers.common import check_csrf, clinic_page, link_not_valid
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import email_normalize

from ..models.healthcare_intake import HEALTH_QUESTIONS, PERSONAL_FIELDS

# Longest answer kept: a line, or a paragraph for the health details.
MAX_LINE = 256
MAX_TEXT = 2000
MAX_AGE = 130


class IntakeForm(http.Controller):
    """The admission form a patient fills in on their phone from the link the clinic sent."""

    def _insurers(self, intake):
        company = intake.company_id
        return request.env["healthcare.insurer"].sudo().search([("company_id", "in", [company.id, False])])

    def _render(self, intake, token, values, errors=None, status=200):
        return clinic_page(
            "healthcare_crm_portal.intake_form_page",
            {
                "token": token,
                "values": values,
                "errors": errors or {},
                "insurers": self._insurers(intake),
                "document_types": intake.patient_id._fields["id_document_type"]._description_selection(request.env),
            },
            company=intake.company_id,
            lang=intake.patient_id.lang,
            status=status,
        )

    def _prefill(self, intake):
        """What the form shows first: the patient's own identity and contact data, nothing clinical."""
        patient = intake.patient_id
        values = {name: patient[name] or "" for name in PERSONAL_FIELDS}
        values["insurer_id"] = patient.insurer_id.id or ""
        values["birthdate"] = patient.birthdate and fields.Date.to_string(patient.birthdate) or ""
        return values

    @http.route(
        "/clinic/admission/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        multilang=False,
        sitemap=False,
    )
    def intake_page(self, token, **kwargs):
        intake = request.env["healthcare.intake"]._from_token(token)
        if not intake:
            return link_not_valid()
        return self._render(intake, token, self._prefill(intake))

    # Odoo's CSRF check is made by check_csrf, which refuses odd tokens without failing.
    @http.route(
        "/clinic/admission/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        website=True,
        multilang=False,
        sitemap=False,
    )
    def intake_submit(self, token, **form):
        check_csrf(form)
        intake = request.env["healthcare.intake"]._from_token(token)
        if not intake:
            return link_not_valid()
        lang = intake.patient_id.lang or intake.company_id.partner_id.lang
        if lang:
            request.update_context(lang=lang)
        values = {name: self._text(form.get(name), MAX_LINE) for name in PERSONAL_FIELDS}
        values.update(
            {
                name: self._text(form.get(name), MAX_TEXT)
                for question in HEALTH_QUESTIONS
                for name in (f"health_{question}", f"health_{question}_details")
            }
        )
        personal, health, errors = self._check(intake, values)
        if errors:
            return self._render(intake, token, values, errors, status=400)
        intake._submit(
            personal,
            health,
            ip=request.httprequest.remote_addr,
            user_agent=request.httprequest.user_agent.string,
        )
        return clinic_page(
            "healthcare_crm_portal.intake_done_page",
            {},
            company=intake.company_id,
            lang=intake.patient_id.lang,
        )

    @staticmethod
    def _text(value, limit):
        """The answer as text: anything else (a file, a list) is no answer."""
        if not isinstance(value, str):
            return ""
        return value.replace("\x00", "").strip()[:limit]

    def _check(self, intake, values):
        """The answers ready to keep, and the errors to show beside the fields, in the patient's words."""
        errors = {}
        personal = self._check_personal(intake, values, errors)
        self._check_contact(intake, values, errors)
        health = self._check_health(values, errors)
        return personal, health, errors

    def _check_personal(self, intake, values, errors):
        _ = request.env._
        patient = intake.patient_id.sudo()
        personal = {name: values[name] or False for name in PERSONAL_FIELDS}
        if not values["name"]:
            errors["name"] = _("Enter your full name.")
        personal["birthdate"] = False
        if not values["birthdate"]:
            errors["birthdate"] = _("Enter your birthdate.")
        else:
            try:
                birthdate = datetime.date.fromisoformat(values["birthdate"])
            except ValueError:
                birthdate = None
            today = fields.Date.context_today(patient)
            if not birthdate or birthdate > today or birthdate < today - relativedelta(years=MAX_AGE):
                errors["birthdate"] = _("Enter a real birthdate.")
            personal["birthdate"] = birthdate
        document_type, number = values["id_document_type"], values["id_document_number"]
        if document_type and document_type not in dict(patient._fields["id_document_type"].selection):
            errors["id_document_type"] = _("Choose a document type from the list.")
        elif number and not document_type:
            errors["id_document_type"] = _("Choose the type of your identity document.")
        elif number:
            try:
                personal["id_document_number"] = patient._normalize_id_document(document_type, number)
            except ValidationError as error:
                errors["id_document_number"] = error.args[0]
        personal["insurer_id"] = False
        if values["insurer_id"]:
            insurer_id = int(values["insurer_id"]) if values["insurer_id"].isdigit() else 0
            insurer = self._insurers(intake).filtered(lambda i: i.id == insurer_id)
            if not insurer:
                errors["insurer_id"] = _("Choose your insurer from the list.")
            personal["insurer_id"] = insurer.id
        return personal

    def _check_contact(self, intake, values, errors):
        _ = request.env._
        patient = intake.patient_id.sudo()
        if values["email"] and not email_normalize(values["email"]):
            errors["email"] = _("Enter a valid email address, e.g. name@example.com.")
        if not values["mobile"]:
            errors["mobile"] = _("Enter your mobile number.")
        for name in ("mobile", "emergency_contact_phone"):
            if values[name] and name not in errors:
                try:
                    patient._parse_phone(values[name], raise_exception=True)
                except UserError as error:
                    errors[name] = error.args[0]

    def _check_health(self, values, errors):
        _ = request.env._
        health = {}
        for question in HEALTH_QUESTIONS:
            answer = values[f"health_{question}"]
            allowed = ("yes", "no", "na") if question == "pregnancy" else ("yes", "no")
            if answer not in allowed:
                errors[f"health_{question}"] = _("Answer this question.")
                continue
            health[f"health_{question}"] = answer
            if question == "pregnancy":
                continue
            details = values[f"health_{question}_details"]
            if answer == "yes" and not details:
                errors[f"health_{question}_details"] = _("Tell us which, please.")
            health[f"health_{question}_details"] = (details if answer == "yes" else "") or False
        return health
