from . import healthcare_appointment_report
from . import healthcare_appointment_stat
from . import healthcare_quote_report
from . import patient_personal_data_report
