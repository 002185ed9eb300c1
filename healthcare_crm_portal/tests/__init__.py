from . import test_consent_form_signature
from . import test_consent_form_public
from . import test_consent_form_tour
