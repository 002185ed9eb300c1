from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .healthcare_triage_list import DISPOSITIONS

# Recorded once, with the interaction, by the logging dialog; nobody rewrites them afterwards.
TRIAGE_FIELDS = {"triage_disposition", "triage_user_id", "triage_date", "triage_answer_ids"}
# Health data (docs/security.md): clinicians and managers read the answers and the recorded
# disposition over any path (read, search, group by, export).
TRIAGE_GROUPS = "healthcare_crm.group_healthcare_clinician,healthcare_crm.group_healthcare_manager"


class HealthcareInteraction(models.Model):
    """The red-flag triage of a call or message about a symptom, recorded on the interaction."""

    _inherit = "healthcare.interaction"

    triage_disposition = fields.Selection(
        DISPOSITIONS, string="Triage disposition", readonly=True, groups=TRIAGE_GROUPS
    )
    triage_user_id = fields.Many2one("res.users", string="Triaged by", readonly=True, groups=TRIAGE_GROUPS)
    triage_date = fields.Datetime(string="Triaged on", readonly=True, groups=TRIAGE_GROUPS)
    triage_answer_ids = fields.One2many(
        "healthcare.triage.answer", "interaction_id", string="Red-flag answers", readonly=True, groups=TRIAGE_GROUPS
    )
    # What the front desk reads in the contact history: the disposition, not the answers.
    # Marketing is a receptionist too in the groups, so a field group cannot tell them apart.
    triage_result = fields.Selection(
        DISPOSITIONS, string="Triage", compute="_compute_triage_result", help="What the red-flag checklist concluded."
    )

    @api.depends_context("uid")
    def _compute_triage_result(self):
        reads = self._user_reads_triage_result()
        for interaction in self:
            interaction.triage_result = reads and interaction.sudo().triage_disposition

    @api.model
    def _user_reads_triage_result(self):
        """The front desk, clinicians and managers read a triage's result; a marketing user (a
        receptionist in the groups, but not at the desk) does not."""
        user = self.env.user
        if self.env.su or user.has_groups(TRIAGE_GROUPS):
            return True
        return user.has_group("healthcare_crm.group_healthcare_receptionist") and not user.has_group(
            "healthcare_crm.group_healthcare_marketing"
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Only the logging dialog records a triage, from the answers it was given (as superuser).
        forged = {name for vals in vals_list for name in TRIAGE_FIELDS & set(vals)}
        if forged and not self.env.su:
            self.check_field_access_rights("write", list(forged))
            raise UserError(_("A red-flag triage is recorded by answering the checklist of the logging dialog."))
        return super().create(vals_list)

    def write(self, vals):
        recorded = TRIAGE_FIELDS & set(vals)
        if recorded and self:
            self.check_field_access_rights("write", list(recorded))  # who may not even read it is told so
            raise UserError(
                _(
                    "A red-flag triage cannot be changed once recorded. "
                    "Log a new interaction with the patient's new answers."
                )
            )
        return super().write(vals)

    def _triage_alert(self):
        """Tell the clinicians on duty (appointments today, in the clinic's time zone), else every
        clinician, that a patient needs them now: an activity on the patient, which notifies them.
        A practitioner outside the clinician group (who may not even read the patient) is not alerted."""
        self.ensure_one()
        clinicians = self._clinicians()
        users = (self._clinicians_on_duty() & clinicians) or clinicians
        if not users:
            return self.env["mail.activity"]
        dispositions = dict(self.sudo()._fields["triage_disposition"]._description_selection(self.env))
        disposition = dispositions.get(self.sudo().triage_disposition)
        summary = _("Urgent triage: %s", disposition)
        note = _(
            "%(patient)s got in touch with a symptom and the red-flag checklist concluded: %(disposition)s. "
            "Triaged by %(user)s; the answers are in the patient's contact history.",
            patient=self.partner_id.name,
            disposition=disposition,
            user=self.env.user.name,
        )
        activity_type = self.env.ref("healthcare_crm.mail_activity_type_triage_urgent")
        model = self.env["ir.model"]._get_id("res.partner")
        return self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model,
                    "res_id": self.partner_id.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "note": note,
                    "user_id": user.id,
                    "date_deadline": fields.Date.context_today(self),
                    "automated": True,
                }
                for user in users
            ]
        )

    def _clinicians_on_duty(self):
        """The practitioners with an appointment starting today in the clinic's time zone."""
        tz = self.env["healthcare.appointment.stat"]._report_tz()
        today = pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()

        def utc(day):
            return tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)

        groups = (
            self.env["calendar.event"]
            .sudo()
            ._read_group(
                [
                    ("practitioner_id", "!=", False),
                    ("start", ">=", utc(today)),
                    ("start", "<", utc(today + timedelta(days=1))),
                    ("attendance", "not in", ("cancelled", "rescheduled")),
                ],
                ["practitioner_id"],
            )
        )
        practitioners = self.env["res.users"].union(*(user for (user,) in groups))
        return practitioners.filtered(
            lambda user: user.active and (not self.company_id or self.company_id in user.company_ids)
        )

    def _clinicians(self):
        group = self.env.ref("healthcare_crm.group_healthcare_clinician")
        return group.sudo().users.filtered(
            lambda user: user.active and not user.share and (not self.company_id or self.company_id in user.company_ids)
        )
