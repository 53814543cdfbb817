"""Odoo's server with crash points, for ``test_crash_consistency.py`` only.

``python tests/crash_server.py <odoo arguments>`` patches a few functions of
Odoo and of the addons' models (in each registry, once loaded), then runs
Odoo's own main: the addons carry no test hook. A crash point does nothing
until the test arms it by writing ``plan.json`` in the folder named by
``FOCUS_CRASH_DIR``. The first request that reaches the point takes the plan
(one request only), writes ``reached`` (the point and its pid) and acts: it
waits ``sleep`` seconds, then, with ``kill``, flushes its pending writes to
PostgreSQL and kills its own process with SIGKILL, before the commit (after
it at ``statistics.after_commit``); with
``exit``, the PDF is converted by ``fake_wkhtmltopdf``, which fails with that
status.

``purge.json`` in the same folder (kept across requests) limits the retention
purge to the situations of the test (``ids``) and sets its ``batch_size``, so
that the shared test database keeps its demo identities.
"""

import functools
import json
import os
import signal
import subprocess
import time
from pathlib import Path
from unittest import mock

import odoo.cli
from odoo.modules.registry import Registry

from odoo.addons.base.models import ir_actions_report

DIR = Path(os.environ["FOCUS_CRASH_DIR"])
FAKE_WKHTMLTOPDF = Path(__file__).resolve().with_name("fake_wkhtmltopdf")


def armed(point):
    """The plan armed at ``point``, taken by this request; ``None`` if none."""
    plan_file = DIR / "plan.json"
    try:
        plan = json.loads(plan_file.read_text(encoding="utf-8"))
        if plan["point"] != point:
            return None
        plan_file.unlink()  # only one worker succeeds
    except FileNotFoundError:
        return None
    reached = {"point": point, "pid": os.getpid()}
    (DIR / "reached").write_text(json.dumps(reached), encoding="utf-8")
    return plan


def act(plan, env=None):
    time.sleep(plan.get("sleep", 0))
    if plan.get("kill"):
        if env is not None:
            env.flush_all()  # the writes are in PostgreSQL, not committed
        os.kill(os.getpid(), signal.SIGKILL)


def run_wkhtmltopdf(args, original=ir_actions_report._run_wkhtmltopdf):
    """approve.render: while the minutes are converted to PDF."""
    plan = armed("approve.render")
    if plan and "exit" in plan:
        return subprocess.run(  # noqa: S603 (the test's own script)
            [str(FAKE_WKHTMLTOPDF), *args],
            capture_output=True,
            encoding="utf-8",
            check=False,
            env={**os.environ, "FAKE_WKHTMLTOPDF_EXIT": str(plan["exit"])},
        )
    if plan:
        act(plan)
    return original(args)


def patch_method(model_class, name, make):
    original = getattr(model_class, name)
    mock.patch.object(
        model_class, name, functools.wraps(original)(make(original))
    ).start()


def attachment_create(original):
    def create(self, vals_list):
        records = original(self, vals_list)
        # sudo: only tells whether a meeting's file was written.
        if "focus.meeting" in records.sudo().mapped("res_model"):
            plan = armed("approve.attachment")  # written: row and filestore
            if plan:
                act(plan, self.env)
        return records

    return create


def action_approve(original):
    def approve(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        plan = armed("approve.commit")  # the step is done, not committed
        if plan:
            act(plan, self.env)
        return result

    return approve


def post_decision(original):
    def post(self, *args, **kwargs):
        plan = armed("decision.chatter")  # decided, chatter not written yet
        if plan:
            act(plan, self.env)
        return original(self, *args, **kwargs)

    return post


def commit_progress(original):
    def commit(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        plan = armed("purge.batch")  # a batch committed, the next not begun
        if plan:
            act(plan)
        return result

    return commit


def purge_settings():
    return json.loads((DIR / "purge.json").read_text(encoding="utf-8"))


def purge_candidates(original):
    def candidates(self):
        return original(self) & self.browse(purge_settings()["ids"])

    return candidates


def cron_purge(original):
    def purge(self, batch_size=None):
        return original(self, batch_size=purge_settings()["batch_size"])

    return purge


def refresh_after_commit(original):
    def refresh(registry, buckets):
        plan = armed("statistics.after_commit")  # committed, not recomputed
        if plan:
            act(plan)
        return original(registry, buckets)

    return refresh


def install(registry):
    patch_method(registry["ir.attachment"], "create", attachment_create)
    patch_method(registry["focus.meeting"], "action_approve", action_approve)
    patch_method(registry["focus.meeting.item"], "_post_decision", post_decision)
    patch_method(registry["ir.cron"], "_commit_progress", commit_progress)
    situation = registry["focus.situation"]
    patch_method(situation, "_purge_candidates", purge_candidates)
    patch_method(situation, "_cron_purge_identities", cron_purge)
    # A function of the module, looked up by name when the commit's hook runs.
    from odoo.addons.focus_table_reports.models import focus_bucket_queue

    patch_method(focus_bucket_queue, "refresh_after_commit", refresh_after_commit)


def new_registry(cls, db_name, *args, original=Registry.new.__func__, **kwargs):
    registry = original(cls, db_name, *args, **kwargs)
    if "focus.meeting" in registry:
        install(registry)
    return registry


if __name__ == "__main__":
    mock.patch.object(ir_actions_report, "_run_wkhtmltopdf", run_wkhtmltopdf).start()
    mock.patch.object(Registry, "new", classmethod(new_registry)).start()
    odoo.cli.main()
