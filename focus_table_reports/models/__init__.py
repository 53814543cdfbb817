from . import focus_statistics
from . import focus_report_view
from . import focus_situation_report
from . import focus_situation_risk_report
from . import focus_action_report
from . import focus_meeting_attendance_report
from . import focus_meeting
from . import focus_table
