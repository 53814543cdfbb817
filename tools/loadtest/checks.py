"""After a load run: what the users did, compared with what the database kept.

* Every identity read that returned records left exactly one entry in the
  identity access log (``focus.access.log``), for that user and situation, and
  the load's users have no entry the load did not ask for (a read whose answer
  was lost, a failed request, may or may not have one).
* No agenda item was decided twice: each new situation on the run's agendas
  has at most one decision message ("Decided at <meeting>", posted by every
  accept, reject and defer), one exactly when it holds a decision, and no two
  sessions both succeeded in deciding it.

``records`` are the JSON lines the locust users wrote (see ``locustfile.py``);
``query(sql, params)`` returns the rows of a query on the committed state.
"""

import json
from collections import Counter


def read_records(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def check_access_log(query, records, since, uids):
    """Problems (texts) with the access log of the users ``uids`` since ``since``."""
    reads = Counter(
        (entry["uid"], entry["situation"])
        for entry in records
        if entry["kind"] == "identity_read" and entry["records"]
    )
    # Reads whose answer never came back (the request failed or timed out):
    # the server may or may not have served and logged them.
    unanswered = Counter(
        (entry["uid"], entry["situation"])
        for entry in records
        if entry["kind"] == "identity_attempt"
    ) - Counter(
        (entry["uid"], entry["situation"])
        for entry in records
        if entry["kind"] == "identity_read"
    )
    rows = query(
        "SELECT user_id, situation_id, count(*) FROM focus_access_log"
        " WHERE date >= %s AND user_id IN %s GROUP BY user_id, situation_id",
        [since, tuple(uids) or (0,)],
    )
    logged = Counter({(user, situation): count for user, situation, count in rows})
    problems = []
    for key in sorted(set(reads) | set(logged), key=str):
        if not reads[key] <= logged[key] <= reads[key] + unanswered[key]:
            problems.append(
                f"user {key[0]}, situation {key[1]}: {reads[key]} identity reads"
                f" ({unanswered[key]} unanswered), {logged[key]} access-log entries"
            )
    return problems


def check_decisions(query, records):
    """Problems (texts) with the decisions taken on the run's meetings."""
    meetings = sorted({e["meeting"] for e in records if e["kind"] == "meeting"})
    if not meetings:
        return []
    won = Counter(e["item"] for e in records if e["kind"] == "decision")
    problems = [
        f"agenda item {item}: decided by {count} sessions"
        for item, count in sorted(won.items())
        if count > 1
    ]
    rows = query(
        r"""SELECT i.id, i.meeting_id, i.decision,
                   (SELECT count(*) FROM mail_message m
                     WHERE m.model = 'focus.situation' AND m.res_id = i.situation_id
                       AND m.body::text LIKE '%%Decided at%%'
                       AND m.body::text ~ ('data-oe-model=.?focus\.meeting.? '
                                           || 'data-oe-id=.?' || i.meeting_id
                                           || '[^0-9]'))
              FROM focus_meeting_item i
             WHERE i.meeting_id IN %s AND i.kind = 'new_situation'
             ORDER BY i.id""",
        [tuple(meetings)],
    )
    recorded = {e["item"]: e["decision"] for e in records if e["kind"] == "decision"}
    for item, meeting, decision, messages in rows:
        if messages > 1:
            problems.append(
                f"agenda item {item} of meeting {meeting}: {messages} decisions"
            )
        elif messages != (1 if decision else 0):
            problems.append(
                f"agenda item {item} of meeting {meeting}: decision {decision!r}"
                f" with {messages} decision messages"
            )
        if item in recorded and recorded[item] != decision:
            problems.append(
                f"agenda item {item}: decided {recorded[item]!r} by the load,"
                f" {decision!r} in the database"
            )
    return problems
