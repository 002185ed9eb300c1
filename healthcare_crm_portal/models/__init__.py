from . import healthcare_interaction_web
from . import sale_order_online
from . import healthcare_message_quote_link
