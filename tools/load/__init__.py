"""Generated de-identified load data (see ``tools/generate_load.py``)."""
