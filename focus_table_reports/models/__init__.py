from . import focus_statistics
from . import focus_situation_report
from . import focus_situation_risk_report
