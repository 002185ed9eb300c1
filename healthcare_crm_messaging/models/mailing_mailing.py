from ast import literal_eval

from odoo import _, api, models
from odoo.addons.healthcare_crm.models.restricted_fields import unreadable_domain_paths
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression

# The consent a patient must currently give for each kind of mailing.
MAILING_CONSENT = {"mail": "consent_email_marketing", "sms": "consent_sms"}


def check_recipients_filter(env, model_name, domain, name):
    """Mailings are sent by the system, and their traces tell who matched: a filter on any
    model may only use fields its author can read, through any path."""
    refused = unreadable_domain_paths(env, model_name, domain)
    if not refused:
        try:
            env[model_name].search_count(domain, limit=1)  # what the author's own search would refuse
        except AccessError:
            refused = [model_name]
    if refused:
        raise ValidationError(
            _(
                "%(name)s filters on data you cannot read (%(paths)s): only clinicians can filter on clinical data.",
                name=name,
                paths=", ".join(refused),
            )
        )


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    def _get_recipients_domain(self):
        """Patients receive a mailing only with their current consent for its channel, whatever its filter."""
        domain = super()._get_recipients_domain()
        consent = MAILING_CONSENT.get(self.mailing_type)
        if self.mailing_model_real == "res.partner" and consent:
            domain = expression.AND([domain, ["|", ("is_patient", "=", False), (consent, "=", "given")]])
        return domain

    @api.model_create_multi
    def create(self, vals_list):
        mailings = super().create(vals_list)
        mailings._check_recipients_filter()
        return mailings

    def write(self, vals):
        result = super().write(vals)
        # Also when another field changes: whoever queues or schedules a mailing answers for its filter.
        self._check_recipients_filter()
        return result

    def _check_recipients_filter(self):
        if self.env.su:
            return
        for mailing in self.filtered("mailing_model_real"):
            check_recipients_filter(
                self.env, mailing.mailing_model_real, mailing._parse_mailing_domain(), mailing.subject or mailing.name
            )


class MailingFilter(models.Model):
    _inherit = "mailing.filter"

    @api.constrains("mailing_domain", "mailing_model_id")
    def _check_recipients_filter(self):
        for mailing_filter in self:
            check_recipients_filter(
                self.env,
                mailing_filter.mailing_model_id.model,
                literal_eval(mailing_filter.mailing_domain or "[]"),
                mailing_filter.name,
            )
