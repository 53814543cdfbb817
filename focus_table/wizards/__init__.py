from . import focus_situation_reopen
from . import focus_identity_reveal
from . import focus_situation_step
from . import focus_membership
from . import focus_access_review
from . import focus_table_disclosure
