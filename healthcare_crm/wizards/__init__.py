from . import healthcare_appointment_reschedule
from . import healthcare_call_list
from . import healthcare_consent_record
from . import healthcare_interaction_log
from . import healthcare_interaction_log_triage
from . import healthcare_quote_reject
from . import healthcare_reactivation
from . import healthcare_vcard_import
