from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from .date_values import check_date_values

# Purposes a patient consents to, one current state each on the patient (res.partner).
CONSENT_PURPOSES = [
    ("data_processing", "Data processing"),
    ("email_marketing", "Email marketing"),
    ("sms", "SMS"),
    ("whatsapp", "WhatsApp"),
    ("phone_marketing", "Phone marketing"),
]
CONSENT_STATES = [("given", "Given"), ("withdrawn", "Withdrawn")]
# Current state of a patient for one purpose, stored on the patient for segmentation.
CONSENT_CURRENT_STATES = [("none", "Not recorded"), *CONSENT_STATES]
CONSENT_SOURCES = [
    ("in_person", "In person form"),
    ("website", "Website"),
    ("email", "Email"),
    ("phone", "Phone call"),
    ("whatsapp", "WhatsApp"),
    ("import", "Data import"),
]
# Which consent is the patient's current one: the last recorded, a withdrawal first when two
# were recorded in the same second. The date the patient decided only documents it.
CURRENT_FIRST = "recorded_at desc, state desc, id desc"
# A clock a few minutes ahead is not a consent "in the future".
CLOCK_TOLERANCE = timedelta(minutes=5)


class HealthcareConsent(models.Model):
    """One consent decision of a patient for one purpose.

    The history is append-only, as evidence must be: a correction or a change of mind is
    a new record, and the patient's current state per purpose is that of the one recorded
    last (see CURRENT_FIRST): a date typed by hand cannot outrank a later withdrawal.
    """

    _name = "healthcare.consent"
    _inherit = ["healthcare.patient.company.mixin"]
    _patient_field = "partner_id"
    _description = "Patient Consent"
    _order = CURRENT_FIRST

    partner_id = fields.Many2one(
        "res.partner",
        string="Patient",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("is_patient", "=", True)],
    )
    purpose = fields.Selection(CONSENT_PURPOSES, required=True)
    state = fields.Selection(CONSENT_STATES, string="Consent", required=True, default="given")
    date = fields.Datetime(required=True, default=fields.Datetime.now, help="When the patient gave or withdrew it.")
    recorded_at = fields.Datetime(
        string="Recorded on",
        required=True,
        readonly=True,
        default=fields.Datetime.now,
        help="When the clinic recorded it: the last one recorded is the patient's current decision.",
    )
    source = fields.Selection(CONSENT_SOURCES, help="How the clinic received the patient's decision.")
    evidence = fields.Text(help="What proves it, e.g. 'signed form no. 123' or an excerpt of the patient's message.")
    user_id = fields.Many2one(
        "res.users",
        string="Recorded by",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
        help="Always the user who recorded it (the public user for a patient's own page).",
    )
    ip_address = fields.Char(
        string="IP Address", readonly=True, help="Of the patient, when they decided on a public page."
    )
    user_agent = fields.Char(
        string="Browser", readonly=True, help="Of the patient, when they decided on a public page."
    )

    @api.depends("partner_id", "purpose", "state")
    def _compute_display_name(self):
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        states = dict(self._fields["state"]._description_selection(self.env))
        for consent in self:
            consent.display_name = " - ".join(
                part
                for part in (
                    consent.partner_id.display_name,
                    purposes.get(consent.purpose),
                    states.get(consent.state),
                )
                if part
            )

    @api.constrains("date")
    def _check_date(self):
        latest = fields.Datetime.now() + CLOCK_TOLERANCE
        for consent in self:
            if consent.date > latest:
                raise ValidationError(
                    _(
                        "The consent of %(patient)s is dated %(date)s, in the future: record it with the date "
                        "the patient decided.",
                        patient=consent.partner_id.display_name,
                        date=consent.date,
                    )
                )

    @api.constrains("date", "state", "purpose", "partner_id")
    def _check_not_older_than_withdrawal(self):
        """A form signed before the patient withdrew cannot bring the consent back."""
        given = self.filtered(lambda c: c.state == "given")
        if not given:
            return
        # The patients' consents for these purposes in one query, in the order they were recorded.
        history = defaultdict(list)
        for other in self.sudo().search_fetch(
            [("partner_id", "in", given.partner_id.ids), ("purpose", "in", list(set(given.mapped("purpose"))))],
            ["partner_id", "purpose", "state", "date", "recorded_at"],
            order="recorded_at, id",
        ):
            history[other.partner_id.id, other.purpose].append(other)
        for consent in given:
            # The decision that was current when this one was recorded: the one recorded just
            # before it. A withdrawal recorded after it (or later in the same import) is later
            # evidence, not one this consent could bring back.
            recorded = history[consent.partner_id.id, consent.purpose]
            position = [other.id for other in recorded].index(consent.id)
            current = recorded[position - 1] if position else None
            if current and current.state == "withdrawn" and consent.date < current.date:
                raise ValidationError(
                    _(
                        "%(patient)s withdrew this consent on %(withdrawn)s: a consent given before that date cannot "
                        "bring it back. Record the patient's new decision with the date they made it.",
                        patient=consent.partner_id.display_name,
                        withdrawn=current.date,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        check_date_values(self, vals_list)
        now = fields.Datetime.now()
        vals_list = [dict(vals, recorded_at=now) for vals in vals_list]
        if not self.env.su:  # data files and imports run as superuser and may name who recorded it
            vals_list = [dict(vals, user_id=self.env.user.id) for vals in vals_list]
        if request and self.env.user.share:  # the patient decided on a public or portal page
            evidence = {
                "ip_address": request.httprequest.remote_addr,
                "user_agent": (request.httprequest.user_agent.string or "")[:500],
            }
            vals_list = [dict(vals, **evidence) for vals in vals_list]
        consents = super().create(vals_list)
        consents._log_in_patient_chatter()
        return consents

    def write(self, vals):
        if not vals:
            return True
        raise UserError(
            _(
                "A consent cannot be modified: the history is kept as evidence. "
                "To correct it or record a change of mind, record a new consent."
            )
        )

    def unlink(self):
        raise UserError(
            _(
                "A consent cannot be deleted: the history is kept as evidence. "
                "To correct it or record a change of mind, record a new consent."
            )
        )

    def _chatter_env(self):
        """The env whose language the chatter line is written in: the user's who records it, the
        patient's when nobody does (the opt-out page as the public user, a cron as OdooBot), whose
        language is no clinic's. Sentence and labels come from this one env, never mixed."""
        user = self.env.user
        if user._is_public() or user._is_superuser():
            return self.with_context(lang=self.partner_id.lang or self.env.lang).env
        return self.env

    def _log_in_patient_chatter(self):
        for consent in self:
            env = consent._chatter_env()
            purposes = dict(self._fields["purpose"]._description_selection(env))
            sources = dict(self._fields["source"]._description_selection(env))
            values = {"purpose": purposes[consent.purpose], "source_name": sources.get(consent.source)}
            if consent.state == "given":
                if consent.source:
                    body = env._("Consent given: %(purpose)s (source: %(source_name)s).", **values)
                else:
                    body = env._("Consent given: %(purpose)s.", **values)
            elif consent.source:
                body = env._("Consent withdrawn: %(purpose)s (source: %(source_name)s).", **values)
            else:
                body = env._("Consent withdrawn: %(purpose)s.", **values)
            consent.partner_id.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")
