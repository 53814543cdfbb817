"""A backup made by ``make backup`` restores, with ``make restore``, into a
database whose archived minutes still verify and whose identity access log is
whole.

Works on the database under test (the demo data, committed): backs it up with
``tools/backup.sh``, restores it into a new database with ``tools/restore.sh``,
compares the two over new connections, and drops the restored database with
its filestore.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import psycopg2

from odoo import sql_db
from odoo.tools import config

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 600
ARCHIVES = """
    SELECT m.id, m.minutes_sha256, a.store_fname
      FROM focus_meeting m
      JOIN ir_attachment a ON a.id = m.minutes_attachment_id
     ORDER BY m.id
"""


def query(db, sql):
    cnx = psycopg2.connect(**sql_db.connection_info_for(db)[1])
    try:
        with cnx.cursor() as cr:
            cr.execute(sql)
            return cr.fetchall()
    finally:
        cnx.close()


def run(script, **env):
    """Run a tool of the repository as ``make`` does; return its output."""
    result = subprocess.run(  # noqa: S603 (our own scripts)
        ["bash", str(ROOT / "tools" / script)],  # noqa: S607
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"{script}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


class TestBackupRoundTrip(unittest.TestCase):
    def setUp(self):
        db = config["db_name"]
        self.db = db[0] if isinstance(db, list) else db
        assert self.db, "run with --odoo-database"
        assert config["config"], "run with --odoo-config: the scripts need it"
        self.restored = f"{self.db}_restored"[:63]
        workdir = tempfile.TemporaryDirectory(prefix="focus_backup_")
        self.addCleanup(workdir.cleanup)
        self.file = Path(workdir.name) / "backup.zip"
        self.addCleanup(self.drop_restored)

    def drop_restored(self):
        cnx = psycopg2.connect(**sql_db.connection_info_for("postgres")[1])
        cnx.autocommit = True
        try:
            with cnx.cursor() as cr:
                cr.execute(f'DROP DATABASE IF EXISTS "{self.restored}" WITH (FORCE)')
        finally:
            cnx.close()
        shutil.rmtree(config.filestore(self.restored), ignore_errors=True)

    def test_round_trip(self):
        conf = config["config"]
        start = time.monotonic()
        out = run("backup.sh", DB=self.db, FILE=str(self.file), CONF=conf)
        self.assertIn(f"backup of {self.db}", out)
        # Owner-only: the backup holds identifying details.
        self.assertEqual(self.file.stat().st_mode & 0o077, 0)
        run("restore.sh", FILE=str(self.file), DB=self.restored, CONF=conf)
        seconds = time.monotonic() - start

        # Every approved-minutes archive is in the restored filestore, and
        # hashes to the SHA-256 recorded when the chair approved it.
        archives = query(self.restored, ARCHIVES)
        self.assertEqual(archives, query(self.db, ARCHIVES))
        self.assertTrue(archives, "the demo data holds approved minutes")
        filestore = Path(config.filestore(self.restored))
        for meeting, recorded, fname in archives:
            content = (filestore / fname).read_bytes()
            self.assertEqual(hashlib.sha256(content).hexdigest(), recorded, meeting)

        # The identity access log: the same rows, every column.
        log = "SELECT * FROM focus_access_log ORDER BY id"
        rows = query(self.restored, log)
        self.assertTrue(rows, "the demo data holds identity reads")
        self.assertEqual(rows, query(self.db, log))
        print(  # the measure the README quotes
            f"round trip of {self.db}: {self.file.stat().st_size} bytes, "
            f"{seconds:.1f} s, {len(archives)} archives, {len(rows)} log rows"
        )
