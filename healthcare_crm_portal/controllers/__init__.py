from . import consent_form
