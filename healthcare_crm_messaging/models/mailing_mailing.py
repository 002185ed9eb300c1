from odoo import _, api, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression

# The consent a patient must currently give for each kind of mailing.
MAILING_CONSENT = {"mail": "consent_email_marketing", "sms": "consent_sms"}


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    def _get_recipients_domain(self):
        """Patients receive a mailing only with their current consent for its channel, whatever its filter."""
        domain = super()._get_recipients_domain()
        consent = MAILING_CONSENT.get(self.mailing_type)
        if self.mailing_model_real == "res.partner" and consent:
            domain = expression.AND([domain, ["|", ("is_patient", "=", False), (consent, "=", "given")]])
        return domain

    @api.constrains("mailing_domain", "mailing_model_id")
    def _check_clinical_filter(self):
        """Mailings are sent by the system: a filter on clinical data must come from a clinician."""
        for mailing in self.filtered(lambda m: m.mailing_model_real == "res.partner"):
            try:
                self.env["res.partner"].search_count(mailing._parse_mailing_domain(), limit=1)
            except AccessError as error:
                raise ValidationError(
                    _("Mailing %s filters on clinical data: only clinicians can do that.", mailing.subject)
                ) from error
