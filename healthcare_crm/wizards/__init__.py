from . import healthcare_interaction_log
