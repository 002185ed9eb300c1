from . import healthcare_consent, res_partner
