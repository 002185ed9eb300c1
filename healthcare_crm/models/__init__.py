from . import healthcare_condition, healthcare_insurer, healthcare_patient_medication, res_partner
