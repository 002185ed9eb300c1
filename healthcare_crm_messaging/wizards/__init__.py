from . import healthcare_whatsapp_campaign
from . import healthcare_conversation_reply
from . import healthcare_kb_send
from . import healthcare_interaction_log_request
from . import healthcare_conversation_reply_kb
