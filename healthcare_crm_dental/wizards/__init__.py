from . import healthcare_dental_perio_compare
from . import healthcare_dental_perio_compare_line
