from . import test_situation_workflow
from . import test_timeliness
from . import test_repeat
