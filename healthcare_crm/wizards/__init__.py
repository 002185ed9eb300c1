from . import healthcare_consent_record
from . import healthcare_interaction_log
