from . import sale_portal
from . import booking
from . import consent_form
