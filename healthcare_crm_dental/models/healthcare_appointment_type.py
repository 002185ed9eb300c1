from odoo import fields, models


class HealthcareAppointmentType(models.Model):
    """Appointment types the dental lists look for (an attended visit of the type counts)."""

    _inherit = "healthcare.appointment.type"

    dental_kind = fields.Selection(
        [("hygiene", "Hygiene"), ("orthodontics", "Orthodontic first visit")],
        string="Dental List",
        help="Hygiene: attending it counts as the patient's hygiene visit. Orthodontic first visit: "
        "the visit the open-day invitation looks for.",
    )
