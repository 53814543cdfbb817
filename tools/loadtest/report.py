"""The table at the end of a load run, from locust's ``--csv`` statistics."""

import csv
from collections import Counter

# The goal: screens (what opens a view) answer within 300 ms at the 95th
# percentile with 50 users, and nothing fails. Buttons, logins and printing are
# reported but not held to it.
GOAL_USERS = 50
GOAL_P95_MS = 300
SCREENS = {
    "rep: situation list",
    "rep: situation form",
    "rep: reveal identities",
    "chair: meeting room",
    "archivist: situation pivot",
    "archivist: risk pivot",
}


def read_stats(prefix):
    """``{name: row}`` of locust's ``<prefix>_stats.csv``, and the total row."""
    with open(f"{prefix}_stats.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return {row["Name"]: row for row in rows if row["Name"] != "Aggregated"}, total


def _ms(value):
    return "-" if value in ("", "N/A", None) else f"{float(value):.0f}"


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def ramp_up(records):
    """Logins (made while the users are spawned, before locust's statistics are
    reset) and the errors of the whole run, from the users' own records."""
    operations = [e for e in records if e["kind"] == "operation"]
    logins = [e["ms"] for e in operations if e["name"].endswith(": login")]
    errors = [e for e in operations if e["error"]]
    line = f"logins: {len(logins)}"
    if logins:
        line += (
            f", p50 {_percentile(logins, 0.5):.0f} ms,"
            f" p95 {_percentile(logins, 0.95):.0f} ms (during the ramp-up)"
        )
    return line, errors


def summarise(prefix, users, records):
    """The table; return (text, goal_held, error_count).

    The table is locust's, measured once every user is logged in (the
    locustfile resets the statistics then); the errors are those of the whole
    run."""
    stats, total = read_stats(prefix)
    lines = [
        f"{'operation':<40} {'kind':<6} {'count':>6} {'errors':>6}"
        f" {'p50':>6} {'p95':>6} {'p99':>6}  (ms)",
    ]
    slow = []
    for name in sorted(stats):
        row = stats[name]
        if not int(row["Request Count"]):
            continue  # the logins, before the statistics started again
        kind = "screen" if name in SCREENS else "action"
        lines.append(
            f"{name:<40} {kind:<6} {row['Request Count']:>6} {row['Failure Count']:>6}"
            f" {_ms(row['50%']):>6} {_ms(row['95%']):>6} {_ms(row['99%']):>6}"
        )
        if kind == "screen" and float(row["95%"] or 0) > GOAL_P95_MS:
            slow.append(name)
    lines.append(
        f"{'all':<40} {'':<6} {total['Request Count']:>6}"
        f" {total['Failure Count']:>6}"
        f" {_ms(total['50%']):>6} {_ms(total['95%']):>6} {_ms(total['99%']):>6}"
    )
    login_line, failed = ramp_up(records)
    lines.append(login_line)
    errors = len(failed)
    lines.append(f"errors in the whole run: {errors}")
    for message, count in Counter(f"{e['name']}: {e['error']}" for e in failed).items():
        lines.append(f"  x{count} {message}")
    held = users >= GOAL_USERS and not slow and errors == 0
    verdict = "HELD" if held else "NOT HELD"
    reasons = []
    if users < GOAL_USERS:
        reasons.append(f"{users} users, the goal is for {GOAL_USERS}")
    if slow:
        reasons.append(f"p95 above {GOAL_P95_MS} ms: {', '.join(slow)}")
    if errors:
        reasons.append(f"{errors} errors")
    lines.append(
        f"Goal ({GOAL_USERS} users, screens p95 <= {GOAL_P95_MS} ms, 0 errors):"
        f" {verdict}" + (f" ({'; '.join(reasons)})" if reasons else "")
    )
    return "\n".join(lines), held, errors
