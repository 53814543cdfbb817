# The SQL views that read these tables are in report/, loaded after them.
from . import focus_bucket_fact
from . import focus_risk_fact
from . import focus_situation
from . import focus_risk_factor
from . import focus_risk_category
from . import focus_statistics
from . import focus_statistics_chart
from . import focus_meeting
from . import ir_actions_report
from . import focus_table
from . import focus_access_request
from . import focus_outcome_fact
from . import focus_situation_fact
