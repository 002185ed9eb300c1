from . import (
    test_clinical_access,
    test_duplicates,
    test_identity_document,
    test_patient,
    test_patient_tour,
    test_phones,
    test_roles,
)
