#!/usr/bin/env python3
"""make loadtest: locust against a real prefork server, then the integrity checks.

    python3 tools/loadtest/run.py -c odoo.conf -d DB [--users 50] [--time 150]
        [--workers 4] [--set-passwords]

1. The plan: users, tables, screens (``prepare.py``, with the ORM).
2. ``odoo-bin --workers=N`` on DB, on a free port of 127.0.0.1, no cron thread
   (``tests/odoo_server.py``, as ``tests/test_multiworker.py`` starts it).
3. locust, headless, for a bounded time, from its own virtualenv
   (``$LOCUST``, by default ``.venv-load/bin/locust``).
4. The chairs close their meetings; the server stops.
5. The access log and the decisions are checked in the database
   (``checks.py``); a problem fails the run. The table of p50/p95/p99 per
   operation and whether the goal held are printed (``report.py``).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE.parent), str(ROOT / "tests")]

VENV_HINT = (
    "python3 -m venv .venv-load && .venv-load/bin/pip install locust==2.47.0"
    " (or bash .ci/run)"
)


def locust_path():
    """The locust command, or an AssertionError telling how to get it."""
    path = Path(os.environ.get("LOCUST") or ROOT / ".venv-load" / "bin" / "locust")
    assert path.is_file() and os.access(path, os.X_OK), (
        f"locust not found at {path}: create its virtualenv with {VENV_HINT}"
    )
    return path


def run_locust(locust, url, plan_file, records, prefix, users, seconds, wait, log):
    env = dict(
        os.environ,
        LOADTEST_PLAN=str(plan_file),
        LOADTEST_RECORDS=str(records),
        LOADTEST_WAIT=wait,
        LOADTEST_USERS=str(users),
        LOADTEST_SECONDS=str(seconds),
    )
    command = [
        str(locust),
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--host",
        url,
        "-u",
        str(users),
        "-r",
        str(max(1, min(2, users // 5))),
        # The locustfile stops the run SECONDS after the last login; this is
        # the bound of the whole, logins included.
        "-t",
        f"{seconds + 900}s",
        "--csv",
        str(prefix),
        # At the end, each user ends the task it is in, so that what it did
        # is recorded.
        "--stop-timeout",
        "60",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    with open(log, "wb") as handle:
        # locust exits 1 when a request failed: the report says so, not this.
        subprocess.run(  # noqa: S603 (our own command line)
            command,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            check=False,
            timeout=seconds + 1200,
        )


def warm_up(server, plan, workers):
    """Each worker loads the registry on its first request: a few sessions at
    once make that happen before the measured run."""
    from concurrent.futures import ThreadPoolExecutor

    from odoo_server import Client

    # One login (they are slow by design), its session used by all at once.
    client = Client(server, plan["tables"][0]["archivist"]["login"])

    def session(_index):
        client.call("focus.situation", "search_count", [])

    with ThreadPoolExecutor(workers * 2) as pool:
        list(pool.map(session, range(workers * 4)))


def close_meetings(server, plan, records):
    """The chairs close the meetings they started (undecided items deferred)."""
    from odoo_server import Client

    chairs = {table["id"]: table["chair"]["login"] for table in plan["tables"]}
    for entry in records:
        if entry["kind"] == "meeting":
            chair = Client(server, chairs[entry["table"]])
            chair.button("focus.meeting", "action_close", [entry["meeting"]])


def run(
    db,
    workdir,
    users,
    seconds,
    workers=4,
    tables=5,
    passwords=False,
    wait=None,
    log_level="warn",
):
    """One load run on ``db`` (configuration already parsed); returns a dict:
    ``problems`` (integrity), ``report`` (text), ``held``, ``errors``,
    ``records``."""
    from odoo_server import OdooServer, free_port

    from loadtest import checks, report
    from loadtest.prepare import prepare

    locust = locust_path()
    workdir = Path(workdir)
    plan = prepare(db, tables=tables, passwords=passwords)
    plan_file = workdir / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    records_file = workdir / "records.jsonl"
    records_file.write_text("", encoding="utf-8")
    prefix = workdir / "locust"
    server = OdooServer(db, free_port(), workdir, workers=workers, log_level=log_level)
    try:
        server.start()
        warm_up(server, plan, workers)
        (since,) = server.query("SELECT now() AT TIME ZONE 'UTC'")[0]
        run_locust(
            locust,
            server.url,
            plan_file,
            records_file,
            prefix,
            users,
            seconds,
            wait or os.environ.get("LOADTEST_WAIT") or "5,15",
            workdir / "locust.log",
        )
        records = checks.read_records(records_file)
        close_meetings(server, plan, records)
    finally:
        server.stop()
    assert Path(f"{prefix}_stats.csv").is_file(), (
        "locust wrote no statistics:\n"
        + (workdir / "locust.log").read_text(encoding="utf-8", errors="replace")[-3000:]
    )
    uids = {
        user["uid"]
        for table in plan["tables"]
        for user in (table["chair"], table["archivist"], *table["members"])
    }
    problems = checks.check_access_log(server.query, records, since, uids)
    problems += checks.check_decisions(server.query, records)
    text, held, errors = report.summarise(prefix, users, records)
    return {
        "problems": problems,
        "report": text,
        "held": held,
        "errors": errors,
        "records": records,
        "server_log": server.log_text(),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--time", type=int, default=150, help="seconds")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--tables", type=int, default=5)
    parser.add_argument("--set-passwords", action="store_true")
    parser.add_argument("--keep", help="folder for the plan, records and csv")
    parser.add_argument(
        "--log-level", default="warn", help="of the server (info: each request)"
    )
    args = parser.parse_args(argv)
    try:
        locust_path()
    except AssertionError as error:
        print(error, file=sys.stderr)
        return 2

    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    with tempfile.TemporaryDirectory(prefix="focus_loadtest_") as tmp:
        workdir = Path(args.keep or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        print(
            f"locust: {args.users} users for {args.time} s against"
            f" --workers={args.workers} on {args.database}",
            flush=True,
        )
        result = run(
            args.database,
            workdir,
            args.users,
            args.time,
            workers=args.workers,
            tables=args.tables,
            passwords=args.set_passwords,
            log_level=args.log_level,
        )
    print(result["report"])
    reads = sum(1 for e in result["records"] if e["kind"] == "identity_read")
    decisions = sum(1 for e in result["records"] if e["kind"] == "decision")
    if result["problems"]:
        print(f"Integrity: {len(result['problems'])} problems", file=sys.stderr)
        for problem in result["problems"]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(
        f"Integrity: {reads} identity reads, each logged once;"
        f" {decisions} decisions, no item decided twice"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
