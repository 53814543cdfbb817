"""After a load run: what the users did, compared with what the database kept.

* Every identity read that returned records left exactly one entry in the
  identity access log (``focus.access.log``), for that user and situation, and
  the load's users have no entry the load did not ask for (a read whose answer
  was lost, a failed request, may or may not have one).
* No agenda item was decided twice: each new situation on the run's agendas
  has at most one accept or reject and at most one deferral (a "Decided at
  <meeting>" message each), in that order when both, matching the decision the
  item holds, and no two sessions both succeeded in deciding it.

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


# The decision messages an item may have, by the decision it holds.
VALID = {
    None: [[]],
    False: [[]],
    "defer": [["defer"]],
    "final": [["final"], ["defer", "final"]],
}


def _outcome(body):
    """``final`` (accepted, rejected) or ``defer`` of a decision message."""
    return "defer" if "deferred" in body else "final"


def check_decisions(query, records):
    """Problems (texts) with the decisions taken on the run's meetings.

    The table may come back, in the room, to an item it deferred (see
    ``test_meeting_decisions``): a deferral, then one accept or reject, is not
    deciding twice. Two accepts or rejects, or two deferrals, are."""
    meetings = sorted({e["meeting"] for e in records if e["kind"] == "meeting"})
    if not meetings:
        return []
    problems = []
    won = Counter(
        (e["item"], "defer" if e["decision"] == "defer" else "final")
        for e in records
        if e["kind"] == "decision"
    )
    problems += [
        f"agenda item {item}: {count} sessions took a {kind} decision"
        for (item, kind), count in sorted(won.items())
        if count > 1
    ]
    rows = query(
        r"""SELECT i.id, i.meeting_id, i.decision, m.body::text
              FROM focus_meeting_item i
              LEFT JOIN mail_message m
                ON m.model = 'focus.situation' AND m.res_id = i.situation_id
               AND m.body::text LIKE '%%Decided at%%'
               AND m.body::text ~ ('data-oe-model=.?focus\.meeting.? '
                                   || 'data-oe-id=.?' || i.meeting_id || '[^0-9]')
             WHERE i.meeting_id IN %s AND i.kind = 'new_situation'
             ORDER BY i.id, m.id""",
        [tuple(meetings)],
    )
    items = {}
    for item, meeting, decision, body in rows:
        entry = items.setdefault(item, (meeting, decision, []))
        if body:
            entry[2].append(_outcome(body))
    final = {
        e["item"]: e["decision"]
        for e in records
        if e["kind"] == "decision" and e["decision"] != "defer"
    }
    for item, (meeting, decision, outcomes) in sorted(items.items()):
        valid = VALID.get(decision if decision in (None, False, "defer") else "final")
        if outcomes not in valid:
            problems.append(
                f"agenda item {item} of meeting {meeting}: holds {decision!r},"
                f" decision messages {outcomes}"
            )
        if item in final and final[item] != decision:
            problems.append(
                f"agenda item {item}: {final[item]!r} by the load,"
                f" {decision!r} in the database"
            )
    return problems
