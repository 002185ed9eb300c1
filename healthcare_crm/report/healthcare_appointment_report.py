from odoo import fields, models, tools


class HealthcareAppointmentReport(models.Model):
    """One row per patient appointment, for no-show and attendance rates by type, practitioner and period."""

    _name = "healthcare.appointment.report"
    _description = "Appointment Analysis"
    _auto = False
    _order = "start desc"
    _rec_name = "event_id"

    event_id = fields.Many2one("calendar.event", string="Appointment", readonly=True)
    start = fields.Datetime(string="Date", readonly=True)
    patient_id = fields.Many2one("res.partner", string="Patient", readonly=True)
    appointment_type_id = fields.Many2one("healthcare.appointment.type", string="Appointment Type", readonly=True)
    practitioner_id = fields.Many2one("res.users", string="Practitioner", readonly=True)
    # The appointments' own labels, in the reader's language (a callable selection is not translated).
    attendance = fields.Selection(
        lambda self: self.env["calendar.event"]._fields["attendance"]._description_selection(self.env), readonly=True
    )
    appointment_count = fields.Integer(string="Appointments", readonly=True)
    attended_count = fields.Integer(string="Attended", readonly=True)
    no_show_count = fields.Integer(string="No-shows", readonly=True)
    # Empty for appointments not yet attended or missed, so the average is over those that are.
    no_show_rate = fields.Float(string="No-show Rate (%)", aggregator="avg", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS (
                SELECT ev.id AS id,
                       ev.id AS event_id,
                       ev.start,
                       ev.patient_id,
                       ev.appointment_type_id,
                       ev.practitioner_id,
                       ev.attendance,
                       1 AS appointment_count,
                       (ev.attendance = 'attended')::int AS attended_count,
                       (ev.attendance = 'no_show')::int AS no_show_count,
                       CASE ev.attendance WHEN 'no_show' THEN 100.0 WHEN 'attended' THEN 0.0 END AS no_show_rate
                  FROM calendar_event ev
                 WHERE ev.active AND ev.patient_id IS NOT NULL
            )
            """
        )
