from . import calendar_event
from . import healthcare_message
from . import healthcare_twilio
from . import mail_mail
from . import res_company
from . import res_config_settings
from . import sms_sms
