from . import focus_period_mixin
from . import focus_summary_wizard
from . import focus_provincial_export
