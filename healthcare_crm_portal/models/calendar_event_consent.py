from odoo import api, fields, models

from .healthcare_consent_form_status import CONSENT_STATES, consent_state, list_action, send_action


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    consent_form_ids = fields.One2many(
        "healthcare.consent.form",
        "calendar_event_id",
        string="Informed Consents",
        groups="healthcare_crm.group_healthcare_receptionist",
    )
    consent_form_count = fields.Integer(
        compute="_compute_consent_form_count", string="Consents", groups="healthcare_crm.group_healthcare_receptionist"
    )
    consent_form_state = fields.Selection(
        CONSENT_STATES,
        string="Informed Consent",
        compute="_compute_consent_form_state",
        store=True,
        help="Signed: every consent sent for the appointment is signed. Waiting: one is still to be signed.",
    )

    @api.depends("consent_form_ids.state")
    def _compute_consent_form_state(self):
        for record in self:
            record.consent_form_state = consent_state(record.consent_form_ids)

    def _compute_consent_form_count(self):
        counts = dict(
            self.env["healthcare.consent.form"]._read_group(
                [("calendar_event_id", "in", self.ids), ("state", "!=", "cancelled")],
                ["calendar_event_id"],
                ["__count"],
            )
        )
        for record in self:
            record.consent_form_count = counts.get(record, 0)

    def action_send_consent_forms(self):
        self.ensure_one()
        return send_action(self.env, {"default_calendar_event_id": self.id})

    def action_view_consent_forms(self):
        self.ensure_one()
        return list_action(self.env, [("calendar_event_id", "=", self.id)])
