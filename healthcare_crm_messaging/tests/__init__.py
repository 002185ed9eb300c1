from . import test_malformed_requests
from . import test_no_provider
from . import test_public_pages
from . import test_patient_messages
from . import test_reminders
from . import test_segments
from . import test_sms_delivery
from . import test_whatsapp
