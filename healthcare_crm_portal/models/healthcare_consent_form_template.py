from odoo import fields, models


class HealthcareConsentFormTemplate(models.Model):
    """The text of an informed consent the clinic asks patients to sign before a treatment.

    Not to be confused with `healthcare.consent` (core): that one records a patient's yes or no
    to data processing and marketing; this one is a document about a treatment, signed once.
    """

    _name = "healthcare.consent.form.template"
    _description = "Informed Consent Template"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", string="Company", help="Empty: every clinic of the group uses it.")
    body = fields.Html(
        required=True,
        help="What the patient reads and signs. A copy of it is frozen in each document sent.",
    )
    product_ids = fields.Many2many(
        "product.product",
        "healthcare_consent_form_template_product_rel",
        string="Treatments",
        help="Sending consents for a quote proposes the templates of its treatments.",
    )
    appointment_type_ids = fields.Many2many(
        "healthcare.appointment.type",
        "healthcare_consent_form_template_type_rel",
        string="Appointment Types",
        help="Sending consents for an appointment proposes the templates of its type.",
    )
    form_count = fields.Integer(compute="_compute_form_count", string="Documents Sent")

    def _compute_form_count(self):
        counts = dict(
            self.env["healthcare.consent.form"]._read_group(
                [("template_id", "in", self.ids)], ["template_id"], ["__count"]
            )
        )
        for template in self:
            template.form_count = counts.get(template, 0)

    def _for_quote(self, order):
        """The templates of the treatments quoted in `order`."""
        return self.search(
            [("product_ids", "in", order.order_line.product_id.ids), self._company_clause(order.company_id)]
        )

    def _for_appointment(self, event):
        """The templates of `event`'s appointment type."""
        if not event.appointment_type_id:
            return self.browse()
        return self.search(
            [("appointment_type_ids", "in", event.appointment_type_id.ids), self._company_clause(event.company_id)]
        )

    def _company_clause(self, company):
        return ("company_id", "in", [False, (company or self.env.company).id])
