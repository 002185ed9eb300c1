from . import healthcare_whatsapp_campaign
from . import healthcare_conversation_reply
