from . import healthcare_consent_record
