from . import healthcare_interaction, mail_activity, mail_activity_type, res_partner
