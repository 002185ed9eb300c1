from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """The clinic's online booking settings: how far ahead, how soon, and whether staff approve."""

    _inherit = "res.company"

    healthcare_booking_notice_hours = fields.Integer(
        string="Minimum Notice (Hours)", default=2, help="No online booking starts sooner than this."
    )
    healthcare_booking_horizon_days = fields.Integer(
        string="Booking Horizon (Days)", default=30, help="Patients book online at most this many days ahead."
    )
    healthcare_booking_approval = fields.Boolean(
        string="Online Bookings Need Approval",
        help="An online booking holds its time but waits until the front desk approves it.",
    )
    healthcare_booking_user_id = fields.Many2one(
        "res.users",
        string="Online Bookings Go To",
        domain=[("share", "=", False)],
        help="Who gets the activity of each online booking (default: the practitioner).",
    )

    @api.constrains("healthcare_booking_notice_hours", "healthcare_booking_horizon_days")
    def _check_booking_window(self):
        for company in self:
            if company.healthcare_booking_notice_hours < 0 or company.healthcare_booking_horizon_days < 1:
                raise ValidationError(
                    _("Online booking: the notice cannot be negative and the horizon must be at least one day.")
                )
