from . import test_consent, test_patient, test_patient_tour, test_roles
