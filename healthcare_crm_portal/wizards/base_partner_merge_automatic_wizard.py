from odoo import api, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        # `website` merges the partners' website visitors first, which the front desk may not read:
        # a receptionist merging two records of the same patient got an access error.
        if self.env.user.has_group("healthcare_crm.group_healthcare_receptionist"):
            wizard = super(BasePartnerMergeAutomaticWizard, self.sudo())
            return wizard._update_foreign_keys(src_partners.sudo(), dst_partner.sudo())
        return super()._update_foreign_keys(src_partners, dst_partner)
