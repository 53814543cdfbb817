from . import test_http_smoke
from . import test_statistics
from . import test_case_report
from . import test_summary_report
from . import test_analysis_views
from . import test_provincial_export
from . import test_meeting_reports
