from odoo import api, fields, models


class CalendarEvent(models.Model):
    """A first visit's reminders carry the patient's admission form; the desk prints it as a QR."""

    _inherit = "calendar.event"

    intake_state = fields.Selection(related="patient_id.intake_state", string="Admission Form")

    def _reminder_links(self):
        links = super()._reminder_links()
        # A first visit: the patient never came. One who already sent a form gets no link.
        first = self.filtered(lambda e: e.patient_id.is_patient and not e.patient_id.first_visit_date)
        if not first:
            return links
        intakes = self.env["healthcare.intake"]._pending_for(first.patient_id, first)
        label = self.env._("Before your first visit, fill in your admission form")
        for event in first:
            intake = intakes.get(event.patient_id.id)
            if intake:
                links.setdefault(event.id, []).append((label, intake.sudo().public_url))
        return links

    @api.model
    def _intake_url_for_page(self, event):
        """The admission form the appointment page offers (the WhatsApp reminder links only that
        page): the patient's waiting form, never a new one."""
        patient = event.sudo().patient_id
        if patient.first_visit_date:
            return False
        intake = (
            self.env["healthcare.intake"]
            .sudo()
            .search([("patient_id", "=", patient.id), ("state", "=", "sent"), ("token", "!=", False)], limit=1)
        )
        return intake.public_url

    def action_print_intake_qr(self):
        self.ensure_one()
        return self.patient_id.action_print_intake_qr()
