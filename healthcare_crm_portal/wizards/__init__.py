from . import healthcare_intake_personal_review
from . import healthcare_intake_health_review
