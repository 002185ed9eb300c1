from odoo import api, fields, models


class ResUsers(models.Model):
    """A practitioner's own booking link, for their profile, card or email signature."""

    _inherit = "res.users"

    healthcare_booking_url = fields.Char(
        string="Online Booking Link",
        compute="_compute_healthcare_booking_url",
        help="The clinic's booking page with only this practitioner's appointment types.",
    )

    @api.depends_context("uid")
    def _compute_healthcare_booking_url(self):
        base_url = self.env.company.get_base_url()
        for user in self:
            user.healthcare_booking_url = user.id and f"{base_url}/reservar?profesional={user.id}"
