from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.addons.healthcare_crm.models.restricted_fields import unreadable_domain_paths
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import datetime, safe_eval

# The channels a segment counts its reach on, as healthcare.message._reach_domain names them.
REACH_CHANNELS = ("email", "sms", "whatsapp")


class HealthcareSegment(models.Model):
    """A named, reusable filter of patients, with a live count: it feeds mailings, WhatsApp
    campaigns and call lists."""

    _name = "healthcare.segment"
    _description = "Patient Segment"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    description = fields.Text()
    domain = fields.Char(string="Patients", default="[]", required=True, tracking=True)
    active = fields.Boolean(default=True)
    patient_count = fields.Integer(compute="_compute_patient_count", string="Patients Now")
    clinical = fields.Boolean(
        compute="_compute_patient_count", help="The filter uses clinical data: only clinicians can use it."
    )
    # Who each channel reaches now: consent for the channel, not blacklisted, an email or a mobile.
    email_reach = fields.Integer(
        compute="_compute_reach", string="Email Reach", help="Patients an email mailing would reach now."
    )
    sms_reach = fields.Integer(
        compute="_compute_reach", string="SMS Reach", help="Patients an SMS mailing would reach now."
    )
    whatsapp_reach = fields.Integer(
        compute="_compute_reach", string="WhatsApp Reach", help="Patients a WhatsApp campaign would reach now."
    )
    whatsapp_unavailable = fields.Char(
        compute="_compute_reach", string="WhatsApp Unavailable", help="Why a WhatsApp campaign reaches nobody."
    )

    def _patient_domain(self):
        """The filter as of today: relative dates such as context_today() - relativedelta(years=2) are resolved."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        domain = safe_eval(
            self.domain or "[]",
            {"context_today": lambda: today, "relativedelta": relativedelta, "datetime": datetime},
        )
        return expression.AND([[("is_patient", "=", True)], domain])

    def _patients(self):
        return self.env["res.partner"].search(self._patient_domain())

    @api.constrains("domain")
    def _check_domain(self):
        for segment in self:
            try:
                domain = segment._patient_domain()
                if unreadable_domain_paths(self.env, "res.partner", domain):
                    raise AccessError(segment.name)  # a clinical field through a related path
                self.env["res.partner"].search_count(domain)
            except AccessError as error:
                raise ValidationError(
                    _("Segment %s filters on clinical data: only clinicians can do that.", segment.name)
                ) from error
            except Exception as error:  # noqa: BLE001 (any malformed filter)
                raise ValidationError(
                    _("Segment %(name)s has a filter Odoo cannot read: %(error)s", name=segment.name, error=error)
                ) from error

    @api.depends("domain")
    @api.depends_context("uid")
    def _compute_patient_count(self):
        for segment in self:
            try:
                segment.patient_count = self.env["res.partner"].search_count(segment._patient_domain())
                segment.clinical = False
            except AccessError:
                segment.patient_count = 0
                segment.clinical = True

    @api.depends("domain")
    @api.depends_context("uid", "company")
    def _compute_reach(self):
        """One count per channel, each a single query on the patients' stored fields."""
        messages = self.env["healthcare.message"]
        whatsapp_unavailable = messages._whatsapp_unavailable("campaign")
        reach = {
            channel: messages._reach_domain(channel, marketing=True, kind="campaign") for channel in REACH_CHANNELS
        }
        partners = self.env["res.partner"]
        for segment in self:
            segment.whatsapp_unavailable = whatsapp_unavailable
            for channel, domain in reach.items():
                count = 0
                if domain != expression.FALSE_DOMAIN:
                    try:
                        count = partners.search_count(expression.AND([segment._patient_domain(), domain]))
                    except AccessError:
                        pass  # a clinical filter: clinicians only, as the patient count says
                segment[f"{channel}_reach"] = count

    def action_preview(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "res.partner",
            "view_mode": "list,form",
            "views": [
                (self.env.ref("healthcare_crm.view_patient_list").id, "list"),
                (self.env.ref("healthcare_crm.view_patient_form").id, "form"),
            ],
            "domain": self._patient_domain(),
        }

    def _new_mailing(self, mailing_type):
        self.ensure_one()
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": self.name,
                "mailing_type": mailing_type,
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr(self._patient_domain()),
                **({"body_plaintext": ""} if mailing_type == "sms" else {}),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mailing.mailing",
            "res_id": mailing.id,
            "view_mode": "form",
            "context": {"default_mailing_type": mailing_type},
        }

    def action_email_mailing(self):
        return self._new_mailing("mail")

    def action_sms_mailing(self):
        return self._new_mailing("sms")

    def action_whatsapp_campaign(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("WhatsApp Campaign"),
            "res_model": "healthcare.whatsapp.campaign",
            "view_mode": "form",
            "target": "new",
            "context": {"default_segment_id": self.id},
        }

    def action_call_list(self):
        self.ensure_one()
        patients = self._patients()
        if not patients:
            raise UserError(_("Segment %s has no patients right now.", self.name))
        return {
            "type": "ir.actions.act_window",
            "name": _("Create Call List"),
            "res_model": "healthcare.call.list",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "res.partner", "active_ids": patients.ids},
        }
