from . import focus_situation_reopen
