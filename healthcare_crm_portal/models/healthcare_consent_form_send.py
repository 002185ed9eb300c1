from odoo import api, fields, models


class HealthcareConsentFormSend(models.TransientModel):
    """Send informed consents to sign: from the patient, a quote (its treatments' templates) or an
    appointment (its type's templates)."""

    _name = "healthcare.consent.form.send"
    _description = "Send Informed Consents"

    patient_id = fields.Many2one(
        "res.partner",
        string="Patient",
        required=True,
        domain=[("is_patient", "=", True)],
        compute="_compute_patient_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    sale_order_id = fields.Many2one("sale.order", string="Quote", readonly=True)
    calendar_event_id = fields.Many2one("calendar.event", string="Appointment", readonly=True)
    template_ids = fields.Many2many(
        "healthcare.consent.form.template",
        "healthcare_consent_form_send_template_rel",
        string="Documents",
        compute="_compute_template_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    channel_hint = fields.Char(compute="_compute_channel_hint", string="Sent By")

    @api.depends("sale_order_id", "calendar_event_id")
    def _compute_patient_id(self):
        for wizard in self:
            wizard.patient_id = (
                wizard.sale_order_id.partner_id or wizard.calendar_event_id.patient_id or wizard.patient_id
            )

    @api.depends("sale_order_id", "calendar_event_id")
    def _compute_template_ids(self):
        templates = self.env["healthcare.consent.form.template"]
        for wizard in self:
            if wizard.sale_order_id:
                wizard.template_ids = templates._for_quote(wizard.sale_order_id)
            elif wizard.calendar_event_id:
                wizard.template_ids = templates._for_appointment(wizard.calendar_event_id)

    @api.depends("patient_id")
    def _compute_channel_hint(self):
        messages = self.env["healthcare.message"]
        labels = dict(messages._fields["channel"]._description_selection(self.env))
        for wizard in self:
            channel = wizard.patient_id and messages._channel_for(wizard.patient_id, kind="consent_form")
            wizard.channel_hint = labels.get(channel) or ""

    def action_send(self):
        self.ensure_one()
        self.env["healthcare.consent.form"]._send(
            self.patient_id, self.template_ids, sale_order=self.sale_order_id, event=self.calendar_event_id
        )
        return {"type": "ir.actions.act_window_close"}
