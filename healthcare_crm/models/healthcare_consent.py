from odoo import _, api, fields, models
from odoo.exceptions import UserError

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
    ("import", "Import"),
]


class HealthcareConsent(models.Model):
    """One consent decision of a patient for one purpose.

    The history is append-only, as evidence must be: a correction or a change of mind is
    a new record, and the patient's current state per purpose is that of the newest one.
    """

    _name = "healthcare.consent"
    _description = "Patient Consent"
    _order = "date desc, id desc"

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
    source = fields.Selection(CONSENT_SOURCES, help="How the clinic received the patient's decision.")
    evidence = fields.Text(help="What proves it, e.g. 'signed form no. 123' or an excerpt of the patient's message.")
    user_id = fields.Many2one(
        "res.users", string="Recorded by", required=True, default=lambda self: self.env.user, ondelete="restrict"
    )
    company_id = fields.Many2one("res.company", string="Company", default=lambda self: self.env.company, index=True)

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

    @api.model_create_multi
    def create(self, vals_list):
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

    def _log_in_patient_chatter(self):
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        sources = dict(self._fields["source"]._description_selection(self.env))
        for consent in self:
            values = {"purpose": purposes[consent.purpose], "source_name": sources.get(consent.source)}
            if consent.state == "given":
                if consent.source:
                    body = _("Consent given: %(purpose)s (source: %(source_name)s).", **values)
                else:
                    body = _("Consent given: %(purpose)s.", **values)
            elif consent.source:
                body = _("Consent withdrawn: %(purpose)s (source: %(source_name)s).", **values)
            else:
                body = _("Consent withdrawn: %(purpose)s.", **values)
            consent.partner_id.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")
