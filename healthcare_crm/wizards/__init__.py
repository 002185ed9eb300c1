from . import healthcare_consent_record
from . import healthcare_interaction_log
from . import healthcare_quote_reject
from . import healthcare_vcard_import
