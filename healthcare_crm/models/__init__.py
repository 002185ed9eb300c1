from . import (
    account_move,
    calendar_event,
    healthcare_condition,
    healthcare_insurer,
    healthcare_patient_medication,
    res_partner,
)
