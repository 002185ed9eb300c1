from . import base_partner_merge_automatic_wizard
from . import healthcare_consent_form_send
from . import healthcare_intake_health_review
from . import healthcare_intake_personal_review
