"""The COPY writer: rows streamed into PostgreSQL, ids reserved from the
tables' sequences, and the phases timed."""

import io
import time
from datetime import date, datetime

from .plan import COPY_CHUNK


# ----------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------
class Timer:
    """Phase timings, printed as they end: wall clock and this process's CPU.

    On a busy machine the wall clock runs ahead of the CPU time; the database
    server's own work shows in the wall clock only.
    """

    def __init__(self, log):
        self.log = log
        self.phases = {}
        self.start = time.monotonic()
        self._phase_start = self.start
        self._cpu_start = time.process_time()

    def phase(self, name, note=""):
        now = time.monotonic()
        cpu = time.process_time()
        self.phases[name] = now - self._phase_start
        used = cpu - self._cpu_start
        self.log(
            f"{name:<28} {self.phases[name]:8.1f} s  (cpu {used:6.1f} s,"
            f" total {now - self.start:7.1f} s){'  ' + note if note else ''}"
        )
        self._phase_start = now
        self._cpu_start = cpu


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


# COPY text format of each Python type (datetimes to the second, as Odoo stores).
_FORMATS = {
    type(None): lambda value: "\\N",
    bool: lambda value: "t" if value else "f",
    int: str,
    float: repr,
    str: lambda value: value.translate(_ESCAPES),
    datetime: lambda value: value.isoformat(" ", "seconds"),
    date: date.isoformat,
}


def copy_rows(cr, table, columns, rows):
    """COPY ``rows`` (tuples in ``columns`` order) into ``table``; returns the count."""
    count = 0
    formats = _FORMATS
    buffer = io.StringIO()
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    for row in rows:
        buffer.write("\t".join([formats[type(value)](value) for value in row]))
        buffer.write("\n")
        count += 1
        if count % COPY_CHUNK == 0:
            buffer.seek(0)
            cr.copy_expert(sql, buffer)
            buffer = io.StringIO()
    if buffer.tell():
        buffer.seek(0)
        cr.copy_expert(sql, buffer)
    return count


def reserve_ids(cr, table, count):
    """Reserve ``count`` consecutive ids of ``table``; returns the first."""
    if not count:
        return 0
    cr.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    seq = cr.fetchone()[0]
    # Lock the sequence's users out for the time of the two calls.
    cr.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    cr.execute("SELECT nextval(%s)", [seq])
    first = cr.fetchone()[0]
    cr.execute("SELECT setval(%s, %s)", [seq, first + count - 1])
    return first
