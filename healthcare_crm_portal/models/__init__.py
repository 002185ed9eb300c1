from . import healthcare_consent_form_template
from . import healthcare_consent_form
from . import healthcare_consent_form_send
from . import healthcare_message_consent
from . import sale_order_consent
from . import calendar_event_consent
from . import res_partner_consent_form
