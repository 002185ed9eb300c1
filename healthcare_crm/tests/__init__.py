from . import test_interaction, test_interaction_tour, test_patient, test_patient_tour, test_roles
