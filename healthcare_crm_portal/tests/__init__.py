from . import test_intake_review
from . import test_intake_rpc
from . import test_intake_public
from . import test_intake_reminder
from . import test_intake_tour
