from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    healthcare_booking_notice_hours = fields.Integer(
        related="company_id.healthcare_booking_notice_hours", readonly=False
    )
    healthcare_booking_horizon_days = fields.Integer(
        related="company_id.healthcare_booking_horizon_days", readonly=False
    )
    healthcare_booking_approval = fields.Boolean(related="company_id.healthcare_booking_approval", readonly=False)
    healthcare_booking_user_id = fields.Many2one(related="company_id.healthcare_booking_user_id", readonly=False)
