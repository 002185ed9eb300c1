from . import healthcare_quote_report
