from . import healthcare_appointment_report
from . import healthcare_quote_report
