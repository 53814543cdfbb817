from . import focus_report_base
from . import report_situation_case
from . import report_periodic_summary
