"""Crashes at precise points of a real server leave a consistent database.

One real Odoo server (``--workers=2``) runs on the database under test through
``crash_server.py``, which adds crash points to Odoo's own main (the addons
carry no test hook). Armed by the test, the worker serving a request kills
itself with SIGKILL at the point, with its writes sent to PostgreSQL but not
committed; the master starts a new worker. The committed state is then read
from a new connection, and the filestore from the disk:

* approval of the minutes, killed while the PDF is converted, after the
  archive is written (row and file), and once the step is done before the
  commit; then wkhtmltopdf failing; then a real approval;
* a Filter 2 decision whose client gives up mid-request, the server finishing
  or being killed;
* the retention purge, killed between two batches, then run again.

Two chairs deciding one item at once: ``test_multiworker.py``
(``test_1_concurrent_decisions``).
"""

import hashlib
import json
import secrets
import tempfile
import threading
import time
import unittest
from datetime import datetime, timedelta
from pathlib import Path

import requests
from odoo_server import TIMEOUT, Client, OdooServer, RpcError, free_port

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

CRASH_SERVER = Path(__file__).resolve().with_name("crash_server.py")
SITUATIONS = 7
PURGE_BATCH = 2
# How long a worker pauses at a point: the client gives up, another acts.
STALL = 4
# What re-opening leaves of a closed situation.
KEPT = ("summary", "repeat_keys", "age_band_id", "gender", "lead_agency_id")


class TestCrashConsistency(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        db = config["db_name"]
        db = db[0] if isinstance(db, list) else db
        assert db, "run with --odoo-database"
        cls.db = db
        cls._workdir = tempfile.TemporaryDirectory(prefix="focus_crash_")
        cls.addClassCleanup(cls._workdir.cleanup)
        cls.crash_dir = Path(cls._workdir.name) / "crash"
        cls.crash_dir.mkdir()
        cls.server = OdooServer(
            db,
            free_port(),
            cls._workdir.name,
            replica=False,
            script=str(CRASH_SERVER),
            env={"FOCUS_CRASH_DIR": str(cls.crash_dir)},
        )
        cls.addClassCleanup(cls.server.stop)
        cls.server.start()
        cls.filestore = Path(config.filestore(db))
        cls.police = Client(cls.server, "riverside.police")
        cls.chair = Client(cls.server, "riverside.chair")
        cls.admin = Client(cls.server, "admin")
        cls._prepare()

    # ------------------------------------------------------------------
    # Set-up, over RPC: all of it committed by the server
    # ------------------------------------------------------------------
    @classmethod
    def _meeting(cls, table, situations):
        """A started meeting of ``table`` whose agenda holds ``situations`` only."""
        # A time of its own, far from the demo series, so reruns never collide.
        start = datetime(2032, 1, 1, 9) + timedelta(minutes=secrets.randbelow(10**5))
        meeting = cls.chair.call(
            "focus.meeting",
            "create",
            {"table_id": table, "date_start": start.strftime("%Y-%m-%d %H:%M:%S")},
        )
        cls.chair.button("focus.meeting", "action_prepare_agenda", [meeting])
        items = cls.chair.call(
            "focus.meeting.item",
            "search_read",
            [("meeting_id", "=", meeting)],
            ["situation_id"],
        )
        # Other situations waiting on the shared database stay undecided.
        others = [
            item["id"]
            for item in items
            if not item["situation_id"] or item["situation_id"][0] not in situations
        ]
        if others:
            cls.chair.call("focus.meeting.item", "unlink", others)
        cls.chair.button("focus.meeting", "action_start", [meeting])
        by_situation = {
            item["situation_id"][0]: item["id"]
            for item in items
            if item["id"] not in others
        }
        return meeting, [by_situation[situation] for situation in situations]

    @classmethod
    def _prepare(cls):
        police = cls.police
        agency = police.call("res.users", "read", [police.uid], ["focus_agency_id"])[0][
            "focus_agency_id"
        ][0]
        cls.police_agency = agency
        table = police.call("focus.table", "search", [("code", "=", "RIV")])[0]
        age_band = police.call("focus.age.band", "search", [], limit=1)[0]
        factors = police.call("focus.risk.factor", "search", [], limit=2)
        cls.situations = []
        for index in range(SITUATIONS):
            situation = police.call(
                "focus.situation",
                "create",
                {
                    "table_id": table,
                    "originating_agency_id": agency,
                    "subject_type": "individual",
                    "age_band_id": age_band,
                    "gender": "male",
                    "risk_factor_ids": [(6, 0, factors)],
                    "summary": f"Crash check {index}: youth missing from home.",
                    "consent_status": "obtained",
                    "disclosure_authority": "consent",
                },
            )
            police.button("focus.situation", "action_submit", [situation])
            police.call(
                "focus.situation.identity",
                "create",
                [
                    {"situation_id": situation, "name": f"Robin Crashtest{index}"},
                    {
                        "situation_id": situation,
                        "name": f"Alex Crashtest{index}",
                        "role": "family",
                    },
                ],
            )
            cls.situations.append(situation)
        # Two decided in test_2, the others closed and purged in test_3.
        cls.purged = sorted(cls.situations[2:])
        cls.decision_meeting, cls.items = cls._meeting(table, cls.situations)
        cls.approval_meeting, _items = cls._meeting(table, [])
        cls.chair.button("focus.meeting", "action_close", [cls.approval_meeting])

    # ------------------------------------------------------------------
    # Crash points
    # ------------------------------------------------------------------
    def arm(self, point, **plan):
        (self.crash_dir / "reached").unlink(missing_ok=True)
        (self.crash_dir / "plan.json").write_text(
            json.dumps({"point": point, **plan}), encoding="utf-8"
        )

    def reached(self, point):
        """The worker that reached ``point`` (its pid); fails if none did."""
        path = self.crash_dir / "reached"
        self.assertTrue(path.exists(), f"no request reached {point}")
        reached = json.loads(path.read_text(encoding="utf-8"))
        self.assertEqual(reached["point"], point)
        return reached["pid"]

    def wait_dead(self, pid):
        """Wait until the killed worker is gone (reaped by the master)."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
            except (FileNotFoundError, IndexError):
                return
            if state in "ZX":
                return
            time.sleep(0.2)
        raise AssertionError(f"worker {pid} is still running")

    def crashes(self, point, call, **plan):
        """Run ``call`` with a kill armed at ``point``: the worker dies there."""
        self.arm(point, kill=True, **plan)
        with self.assertRaises(requests.ConnectionError, msg=point):
            call()
        self.wait_dead(self.reached(point))

    def gives_up(self, client, model, method, ids):
        """Call a button and close the socket after a second, mid-request."""
        with self.assertRaises(requests.Timeout):
            client.session.post(
                f"{self.server.url}/web/dataset/call_button/{model}/{method}",
                json={
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 0,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": [ids],
                        "kwargs": {},
                    },
                },
                timeout=1,
            )
        client.session.close()

    def query(self, query, params=()):
        return self.server.query(query, params)

    def _cron(self, xmlid):
        """The id of the scheduled action ``module.name``."""
        module, name = xmlid.split(".")
        return self.admin.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            ["res_id"],
        )[0]["res_id"]

    # ------------------------------------------------------------------
    # 1. Approval of the minutes
    # ------------------------------------------------------------------
    def _filestore_files(self):
        return {
            str(path.relative_to(self.filestore))
            for path in self.filestore.glob("[0-9a-f][0-9a-f]/*")
            if path.is_file()
        }

    def _unreferenced(self, files):
        referenced = {
            row[0]
            for row in self.query(
                "SELECT store_fname FROM ir_attachment WHERE store_fname IN %s",
                [tuple(files) or ("",)],
            )
        }
        return files - referenced

    def _checklisted(self):
        checklist = self.filestore / "checklist"
        return {
            str(path.relative_to(checklist))
            for path in checklist.glob("*/*")
            if path.is_file()
        }

    def assert_still_closed(self, meeting):
        row = self.query(
            "SELECT state, minutes_attachment_id, minutes_sha256, date_approved,"
            " approved_by_id FROM focus_meeting WHERE id = %s",
            [meeting],
        )[0]
        self.assertEqual(row, ("done", None, None, None, None))
        attachments = self.query(
            "SELECT count(*) FROM ir_attachment"
            " WHERE res_model = 'focus.meeting' AND res_id = %s",
            [meeting],
        )[0][0]
        self.assertEqual(attachments, 0, "an orphan attachment")
        notes = self.query(
            "SELECT count(*) FROM mail_message WHERE model = 'focus.meeting'"
            " AND res_id = %s AND body::text LIKE %s",
            [meeting, "%SHA-256%"],
        )[0][0]
        self.assertEqual(notes, 0)

    def test_1_approval(self):
        meeting = self.approval_meeting
        before = self._filestore_files()

        def approve():
            return self.chair.button("focus.meeting", "action_approve", [meeting])

        for point in ("approve.render", "approve.attachment", "approve.commit"):
            self.crashes(point, approve)
            self.assert_still_closed(meeting)
            # A file written before the crash belongs to no attachment: it is
            # on the checklist of Odoo's filestore garbage collection.
            orphans = self._unreferenced(self._filestore_files() - before)
            self.assertLessEqual(orphans, self._checklisted(), point)
        self.assertTrue(orphans, "the archive written before the crash")
        # wkhtmltopdf failing, with (2) or without (1) an error status for Odoo.
        for status in (1, 2):
            self.arm("approve.render", exit=status)
            with self.assertRaises(RpcError) as failure:
                approve()
            self.reached("approve.render")
            self.assertEqual(failure.exception.name, "odoo.exceptions.UserError")
            self.assertIn("could not be printed", failure.exception.message)
            if status == 2:  # Odoo reads wkhtmltopdf's message on an error only
                self.assertIn("HostNotFoundError", failure.exception.message)
            self.assert_still_closed(meeting)
        # Approved at last, the one archive verifies.
        approve()
        state, digest, fname, checksum, mimetype = self.query(
            "SELECT m.state, m.minutes_sha256, a.store_fname, a.checksum, a.mimetype"
            " FROM focus_meeting m JOIN ir_attachment a"
            " ON a.id = m.minutes_attachment_id WHERE m.id = %s",
            [meeting],
        )[0]
        self.assertEqual((state, mimetype), ("approved", "application/pdf"))
        content = (self.filestore / fname).read_bytes()
        self.assertTrue(content.startswith(b"%PDF"))
        self.assertEqual(hashlib.sha256(content).hexdigest(), digest)
        self.assertEqual(hashlib.sha1(content).hexdigest(), checksum)
        self.assertEqual(
            self.query(
                "SELECT count(*) FROM ir_attachment"
                " WHERE res_model = 'focus.meeting' AND res_id = %s",
                [meeting],
            )[0][0],
            1,
        )
        # Odoo's garbage collection removes what the crashes left, not the archive.
        registry = Registry(self.db)
        with registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["ir.attachment"]._gc_file_store()
        # (A render identical to the bytes of a crashed attempt is the same file.)
        self.assertFalse((orphans - {fname}) & self._filestore_files())
        self.assertFalse(self._unreferenced(self._filestore_files() - before))
        self.assertTrue((self.filestore / fname).is_file())

    # ------------------------------------------------------------------
    # 2. A decision whose client gives up
    # ------------------------------------------------------------------
    def _decision(self, index):
        item, situation = self.items[index], self.situations[index]
        decision, state = self.query(
            "SELECT i.decision, s.state FROM focus_meeting_item i"
            " JOIN focus_situation s ON s.id = i.situation_id WHERE i.id = %s",
            [item],
        )[0]
        messages = self.query(
            "SELECT count(*) FROM mail_message WHERE model = 'focus.situation'"
            " AND res_id = %s AND body::text LIKE %s",
            [situation, "%Decided at%"],
        )[0][0]
        return decision, state, messages

    def test_2_decision_lost_connection(self):
        reject = ("focus.meeting.item", "action_reject")
        # The server finishes the request the client gave up on: both written.
        self.arm("decision.chatter", sleep=STALL)
        self.gives_up(self.chair, *reject, [self.items[0]])
        pid = self.reached("decision.chatter")
        deadline = time.monotonic() + TIMEOUT
        while self._decision(0)[0] is None and time.monotonic() < deadline:
            time.sleep(0.5)
        self.assertEqual(self._decision(0), ("reject", "rejected", 1))
        self.assertTrue(Path(f"/proc/{pid}").exists(), "the worker lives on")
        # Killed mid-decision after the client gave up: neither written.
        self.arm("decision.chatter", sleep=STALL, kill=True)
        self.gives_up(self.chair, *reject, [self.items[1]])
        self.wait_dead(self.reached("decision.chatter"))
        self.assertEqual(self._decision(1), (None, "submitted", 0))
        # Killed at once, the client waiting: neither written.
        self.crashes(
            "decision.chatter",
            lambda: self.chair.button(*reject, [self.items[1]]),
        )
        self.assertEqual(self._decision(1), (None, "submitted", 0))
        # The item is decided as if nothing had happened.
        self.chair.button(*reject, [self.items[1]])
        self.assertEqual(self._decision(1), ("reject", "rejected", 1))

    # ------------------------------------------------------------------
    # 3. The retention purge, killed between two batches
    # ------------------------------------------------------------------
    def _situation_rows(self):
        """The situations' stored values but those the purge writes."""
        cnx = self.server._connect()
        try:
            with cnx.cursor() as cr:
                cr.execute(
                    "SELECT * FROM focus_situation WHERE id IN %s ORDER BY id",
                    [tuple(self.purged)],
                )
                names = [column.name for column in cr.description]
                return [
                    {
                        name: value
                        for name, value in zip(names, row, strict=True)
                        if name not in ("identity_purged_on", "write_date", "write_uid")
                    }
                    for row in cr.fetchall()
                ]
        finally:
            cnx.close()

    def _purge_state(self):
        """Per situation: (purged, identities left, purge notes).

        The purge's notes are those of the cron's user: every other message of
        these situations is written by the police or the chair.
        """
        return self.query(
            "SELECT s.identity_purged_on IS NOT NULL,"
            " (SELECT count(*) FROM focus_situation_identity i"
            "   WHERE i.situation_id = s.id),"
            " (SELECT count(*) FROM mail_message m"
            "   JOIN res_users u ON u.partner_id = m.author_id"
            "   JOIN ir_cron c ON c.user_id = u.id AND c.id = %s"
            "   WHERE m.model = 'focus.situation' AND m.res_id = s.id)"
            " FROM focus_situation s WHERE s.id IN %s ORDER BY s.id",
            [self.cron, tuple(self.purged)],
        )

    def _close_purged_situations(self):
        """The situations of the purge: accepted, closed, due for the purge."""
        self.chair.call(
            "focus.meeting.item",
            "write",
            self.items[2:],
            {"lead_agency_id": self.police_agency},
        )
        self.chair.button("focus.meeting.item", "action_accept", self.items[2:])
        date = self.chair.call(
            "focus.situation", "read", self.purged, ["date_decision"]
        )[0]["date_decision"]
        conclusion = self.chair.call("focus.conclusion", "search", [], limit=1)[0]
        for situation in self.purged:
            self.chair.call(
                "focus.situation",
                "action_start_intervention",
                [situation],
                date_intervention=date,
            )
            # Closed on the earliest date anywhere (UTC-12): today or before
            # in the time zone of the purge's user, whichever it is.
            self.chair.call(
                "focus.situation",
                "action_close",
                [situation],
                conclusion_id=conclusion,
                context={"tz": "Etc/GMT+12"},
            )
        # Due at once: the table keeps identities 0 days (restored after).
        table = self.admin.call("focus.table", "search", [("code", "=", "RIV")])
        days = self.admin.call("focus.table", "read", table, ["retention_days"])[0][
            "retention_days"
        ]
        self.admin.call("focus.table", "write", table, {"retention_days": 0})
        self.addCleanup(
            self.admin.call, "focus.table", "write", table, {"retention_days": days}
        )

    def test_3_purge_killed_between_batches(self):
        self._close_purged_situations()
        (self.crash_dir / "purge.json").write_text(
            json.dumps({"ids": self.purged, "batch_size": PURGE_BATCH}),
            encoding="utf-8",
        )
        self.cron = self._cron("focus_table.ir_cron_focus_situation_purge_identities")
        rows = self._situation_rows()
        untouched, purged = (False, 2, 0), (True, 0, 1)
        self.assertEqual(self._purge_state(), [untouched] * len(self.purged))

        def run():
            return self.admin.button("ir.cron", "method_direct_trigger", [self.cron])

        self.crashes("purge.batch", run)
        # The first batch is purged and noted, the others untouched.
        self.assertEqual(
            self._purge_state(),
            [purged] * PURGE_BATCH + [untouched] * (len(self.purged) - PURGE_BATCH),
        )
        # The next run finishes the job. Between its two batches, the chair
        # re-opens the situation of the second: it keeps its identities.
        self.arm("purge.batch", sleep=STALL)
        finished = []
        rerun = threading.Thread(target=lambda: finished.append(run() is not None))
        rerun.start()
        deadline = time.monotonic() + TIMEOUT
        while not (self.crash_dir / "reached").exists():
            self.assertLess(time.monotonic(), deadline, "the purge did not run")
            time.sleep(0.2)
        reopened = self.purged[-1]
        self.chair.call(
            "focus.situation", "action_reopen", [reopened], reason="New information."
        )
        rerun.join(TIMEOUT)
        self.assertEqual(finished, [True], "the purge failed or hung")
        # One note each, and no de-identified value lost.
        self.assertEqual(
            self._purge_state(), [purged] * (len(self.purged) - 1) + [untouched]
        )
        after = self._situation_rows()
        self.assertEqual(after[:-1], rows[:-1])
        self.assertEqual(after[-1]["state"], "intervention")
        self.assertEqual(
            {name: value for name, value in after[-1].items() if name in KEPT},
            {name: value for name, value in rows[-1].items() if name in KEPT},
        )

    # ------------------------------------------------------------------
    # 4. The statistics, killed between a commit and their recomputation
    # ------------------------------------------------------------------
    def _bucket_mentions(self, table, month):
        """(mentions stored in the risk facts, mentions recounted, queued)."""
        return self.query(
            "SELECT (SELECT COALESCE(sum(mention_count), 0) FROM focus_risk_fact"
            "         WHERE table_id = %(table)s AND date_month = %(month)s),"
            " (SELECT count(*) FROM focus_situation s"
            "   JOIN focus_risk_factor_focus_situation_rel rel"
            "     ON rel.focus_situation_id = s.id"
            "  WHERE s.table_id = %(table)s AND s.state != 'draft'"
            "    AND date_trunc('month', s.date_presented)::date = %(month)s),"
            " (SELECT count(*) FROM focus_risk_fact_queue"
            "   WHERE table_id = %(table)s AND date_month = %(month)s)",
            {"table": table, "month": month},
        )[0]

    def test_4_statistics_killed_after_the_commit(self):
        situation = self.purged[-1]  # re-opened by test_3
        table, month = self.query(
            "SELECT table_id, date_trunc('month', date_presented)::date"
            " FROM focus_situation WHERE id = %s",
            [situation],
        )[0]
        stored, recounted, queued = self._bucket_mentions(table, month)
        self.assertEqual((stored, queued), (recounted, 0))
        factors = self.police.call("focus.risk.factor", "search", [], limit=3)
        self.crashes(
            "statistics.after_commit",
            lambda: self.chair.call(
                "focus.situation",
                "write",
                [situation],
                {"risk_factor_ids": [(6, 0, factors)]},
            ),
        )
        # The write is committed, its bucket queued, not recomputed yet.
        stored_now, recounted_now, queued = self._bucket_mentions(table, month)
        self.assertEqual(recounted_now, recounted + 1)
        self.assertEqual((stored_now, queued), (stored, 1))
        # The scheduled action recomputes what the crash left queued.
        cron = self._cron("focus_table_reports.ir_cron_focus_risk_fact_refresh_queued")
        self.admin.button("ir.cron", "method_direct_trigger", [cron])
        self.assertEqual(
            self._bucket_mentions(table, month), (recounted + 1, recounted + 1, 0)
        )
