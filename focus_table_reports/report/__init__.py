from . import focus_report_base
from . import focus_report_meeting
from . import report_situation_case
from . import report_periodic_summary
from . import report_meeting_agenda
from . import report_meeting_minutes
