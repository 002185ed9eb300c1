from odoo import _, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _creation_message(self):
        # Odoo logs "<model description> created" ("Sales Order created"): the clinic makes quotes.
        return _("Quote created")
