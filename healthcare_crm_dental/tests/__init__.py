from . import test_fdi
from . import test_tooth_state
from . import test_treatment_flow
from . import test_plan_errors
from . import test_chart_queries
from . import test_dental_quote_form
from . import test_dental_rpc
from . import test_dental_multi_company
