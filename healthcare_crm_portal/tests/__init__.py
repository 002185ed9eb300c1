from . import test_quote_followup_link
from . import test_quote_online
from . import test_quote_tour
