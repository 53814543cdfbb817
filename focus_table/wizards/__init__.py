from . import focus_situation_reopen
from . import focus_identity_reveal
