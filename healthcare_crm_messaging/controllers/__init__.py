from . import appointment
from . import twilio
