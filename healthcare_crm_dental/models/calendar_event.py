from odoo import api, fields, models


class CalendarEvent(models.Model):
    """An appointment booked for dental work performs it when the patient attends: the treatments
    linked by a clinician, or the quote lines the front desk booked it for."""

    _inherit = "calendar.event"

    dental_treatment_ids = fields.One2many(
        "healthcare.dental.treatment",
        "appointment_id",
        string="Dental Treatments",
        groups="healthcare_crm.group_healthcare_clinician",
    )
    # The front desk books quote lines (it reads their teeth, not the clinical rows behind them).
    dental_sale_line_ids = fields.Many2many(
        "sale.order.line",
        "calendar_event_dental_sale_line_rel",
        "event_id",
        "line_id",
        string="Quote Lines Booked",
        domain="[('order_id.partner_id', '=', patient_id), ('dental_teeth', '!=', False), "
        "('dental_line_outcome', '!=', 'rejected')]",
        help="The dental quote lines done at this appointment: attending it performs their treatments.",
    )

    # Stored on the event's own row: marking a day of appointments attended reads it with the
    # rest of the event, and looks for treatments only on the appointments that have some.
    dental_work_booked = fields.Boolean(compute="_compute_dental_work_booked", store=True)

    @api.depends("dental_treatment_ids", "dental_sale_line_ids")
    def _compute_dental_work_booked(self):
        for event in self:
            event.dental_work_booked = bool(event.dental_treatment_ids or event.dental_sale_line_ids)

    def write(self, vals):
        result = super().write(vals)
        if vals.get("attendance") == "attended":
            self.filtered("dental_work_booked")._perform_dental_treatments()
        return result

    def _perform_dental_treatments(self):
        # The front desk records the attendance; the appointment's practitioner did the work.
        # Grouped by practitioner and day: a day's agenda marked attended at once is one batch each.
        groups = {}
        for event in self.sudo():
            treatments = event.dental_treatment_ids | event.dental_sale_line_ids.dental_treatment_ids
            if treatments:
                key = (event.practitioner_id.id, fields.Date.context_today(self, event.start))
                groups[key] = groups.get(key, treatments.browse()) | treatments
        for (practitioner, date), treatments in groups.items():
            treatments._perform(dict.fromkeys(treatments.ids, practitioner) if practitioner else None, date)
