from odoo import fields, models


class CalendarEvent(models.Model):
    """An appointment booked for dental treatments performs them when the patient attends."""

    _inherit = "calendar.event"

    dental_treatment_ids = fields.One2many(
        "healthcare.dental.treatment",
        "appointment_id",
        string="Dental Treatments",
        groups="healthcare_crm.group_healthcare_clinician",
    )

    def write(self, vals):
        result = super().write(vals)
        if vals.get("attendance") == "attended":
            self._perform_dental_treatments()
        return result

    def _perform_dental_treatments(self):
        # The front desk records the attendance; the appointment's practitioner did the work.
        events = self.sudo()
        treatments = events.dental_treatment_ids
        if not treatments:
            return
        practitioners = {
            treatment.id: treatment.appointment_id.practitioner_id.id
            for treatment in treatments
            if treatment.appointment_id.practitioner_id
        }
        for date in set(events.mapped("start")):
            on_date = treatments.filtered(lambda t, date=date: t.appointment_id.start == date)
            on_date._perform(practitioners, fields.Date.context_today(self, date))
