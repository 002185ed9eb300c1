from . import healthcare_intake
from . import intake_calendar_event
from . import intake_res_partner
