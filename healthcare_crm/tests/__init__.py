from . import test_patient, test_patient_tour, test_roles, test_vcard
