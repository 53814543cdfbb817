# Tables before the SQL views that read them: models are initialised in this order.
from . import focus_risk_fact
from . import focus_situation
from . import focus_risk_factor
from . import focus_risk_category
from . import focus_statistics
from . import focus_report_view
from . import focus_situation_report
from . import focus_situation_risk_report
from . import focus_action_report
from . import focus_meeting_attendance_report
from . import focus_meeting
from . import ir_actions_report
from . import focus_table
