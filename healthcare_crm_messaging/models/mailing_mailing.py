from ast import literal_eval

from odoo import _, api, fields, models
from odoo.addons.healthcare_crm.models.restricted_fields import unreadable_domain_paths
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

# The consent a patient must currently give for each kind of mailing.
MAILING_CONSENT = {"mail": "consent_email_marketing", "sms": "consent_sms"}
# The channel of each kind of mailing, as healthcare.message._reach_domain names it.
MAILING_CHANNEL = {"mail": "email", "sms": "sms"}
# What Odoo needs to send any contact each kind of mailing: an address not on the blacklist.
MAILING_ADDRESS = {
    "mail": [("email_normalized", "!=", False), ("is_blacklisted", "=", False)],
    "sms": [("phone_sanitized", "!=", False), ("phone_sanitized_blacklisted", "=", False)],
}


def field_path_label(env, model_name, path):
    """A field path as its author reads it in the filter editor: "Chronic Conditions > Name",
    labels in the env's language, rather than "condition_ids.name"."""
    model, labels = env[model_name], []
    for name in path.split("."):
        field = model._fields.get(name)
        if field is None:
            return path
        labels.append(field._description_string(env))
        if field.relational:
            model = env[field.comodel_name]
    return " > ".join(labels)


def check_recipients_filter(env, model_name, domain, name):
    """Mailings are sent by the system, and their traces tell who matched: a filter on any
    model may only use fields its author can read, through any path."""
    refused = [field_path_label(env, model_name, path) for path in unreadable_domain_paths(env, model_name, domain)]
    if not refused:
        try:
            env[model_name].search_count(domain, limit=1)  # what the author's own search would refuse
        except AccessError:
            refused = [env["ir.model"].sudo()._get(model_name).name]
    if refused:
        # env._: in the env's language wherever this runs, not only in a web request.
        raise ValidationError(
            env._(
                "%(name)s filters on data you cannot read (%(paths)s): only clinicians can filter on clinical data.",
                name=name,
                paths=", ".join(refused),
            )
        )


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    healthcare_reach = fields.Integer(
        compute="_compute_healthcare_reach",
        string="Will Reach",
        help="Recipients this mailing reaches now: those who accept it, with an address not on the blacklist.",
    )
    healthcare_nobody_reason = fields.Char(compute="_compute_healthcare_reach", string="Reaches Nobody")

    @api.depends("mailing_domain", "mailing_model_id", "mailing_type", "contact_list_ids")
    @api.depends_context("uid")
    def _compute_healthcare_reach(self):
        for mailing in self:
            mailing.healthcare_reach, mailing.healthcare_nobody_reason = 0, False
            if not mailing.mailing_model_real or mailing.state != "draft":
                continue
            try:
                mailing.healthcare_reach = self.env[mailing.mailing_model_real].search_count(mailing._reach_domain())
                if not mailing.healthcare_reach:
                    mailing.healthcare_nobody_reason = mailing._nobody_reason()
            except (AccessError, ValueError):
                pass  # a filter the user may not or cannot use: saving it says why

    def _reach_domain(self):
        """The recipients this mailing reaches: those of `_get_recipients_domain` with an address
        Odoo sends to, not on the blacklist; patients, as their segments count them."""
        domain = self._get_recipients_domain()
        if self.mailing_model_real == "res.partner" and self.mailing_type in MAILING_CHANNEL:
            patients = self.env["healthcare.message"]._reach_domain(MAILING_CHANNEL[self.mailing_type], marketing=True)
            domain = expression.AND(
                [domain, MAILING_ADDRESS[self.mailing_type], expression.OR([[("is_patient", "=", False)], patients])]
            )
        return domain

    def _nobody_reason(self):
        """Why this mailing reaches nobody, for whoever sends it."""
        model = self.env[self.mailing_model_real]
        matching = model.search_count(super()._get_recipients_domain())
        if not matching:
            return _("no recipient matches its filter.")
        accepting = model.search_count(self._get_recipients_domain())
        sms = self.mailing_type == "sms"
        if not accepting:
            if sms:
                return _("none of the %s patients matching its filter accepts marketing SMS now.", matching)
            return _("none of the %s patients matching its filter accepts marketing emails now.", matching)
        if sms:
            return _("the %s recipients who accept it have no mobile number or are on the blacklist.", accepting)
        return _("the %s recipients who accept it have no email address or are on the blacklist.", accepting)

    def _check_reaches_someone(self):
        """A mailing that would reach nobody is not sent: the user is told why instead."""
        for mailing in self.filtered(lambda mailing: mailing.state == "draft" and mailing.mailing_model_real):
            if not self.env[mailing.mailing_model_real].search_count(mailing._reach_domain(), limit=1):
                raise UserError(_("This mailing would reach nobody: %s", mailing._nobody_reason()))

    def action_put_in_queue(self):
        self._check_reaches_someone()
        return super().action_put_in_queue()

    def action_schedule(self):
        self._check_reaches_someone()
        return super().action_schedule()

    def action_send_mail(self, res_ids=None):
        if not res_ids:
            self._check_reaches_someone()
        return super().action_send_mail(res_ids)

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
