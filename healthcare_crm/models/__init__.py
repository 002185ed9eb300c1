from . import account_move
from . import calendar_event
from . import healthcare_condition
from . import healthcare_consent
from . import healthcare_insurer
from . import healthcare_patient_medication
from . import res_partner
