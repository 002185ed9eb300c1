from . import appointment
from . import twilio
from . import whatsapp
from . import optout
