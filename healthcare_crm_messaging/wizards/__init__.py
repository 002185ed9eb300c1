from . import healthcare_whatsapp_campaign
