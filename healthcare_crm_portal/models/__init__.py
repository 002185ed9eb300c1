from . import base_partner_merge_automatic_wizard
from . import booking_res_company
from . import booking_res_config_settings
from . import booking_attempt
from . import booking_res_users
from . import booking_appointment_type
from . import booking_calendar_event
from . import booking_healthcare_message
