# The SQL-view report models first (models are initialised in import order,
# after the tables of models/ that they read), then the printed reports.
from . import focus_report_view
from . import focus_situation_dimensions
from . import focus_situation_report
from . import focus_situation_risk_report
from . import focus_action_report
from . import focus_meeting_attendance_report
from . import focus_report_base
from . import focus_report_meeting
from . import report_situation_case
from . import report_periodic_summary
from . import report_meeting_agenda
from . import report_meeting_minutes
from . import report_situation_accountability
