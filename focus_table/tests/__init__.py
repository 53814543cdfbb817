from . import test_situation_workflow
from . import test_timeliness
from . import test_repeat
from . import test_access_matrix
from . import test_identity_log
from . import test_leak_paths
from . import test_retention
from . import test_identity_rpc
