from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._update_patient_engagement()
        # A treatment invoiced may call for a recall (see healthcare.recall.rule, trigger "product").
        posted.filtered(lambda move: move.move_type == "out_invoice").partner_id._mark_recall_check_needed()
        return posted

    def button_draft(self):
        result = super().button_draft()
        self._update_patient_engagement()
        return result

    def button_cancel(self):
        result = super().button_cancel()
        self._update_patient_engagement()
        return result

    def _update_patient_engagement(self):
        invoices = self.filtered(lambda move: move.is_sale_document(include_receipts=False))
        invoices.commercial_partner_id._update_engagement()
