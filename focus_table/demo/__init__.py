from . import focus_demo
