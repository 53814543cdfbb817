"""make loadtest, short, in make test: a few users of each role for about 30 s
against a real prefork server on the test database (demo data), then the
integrity checks of the full run. Times are not checked here (the machine is
shared); that every identity read left one access-log entry and that no agenda
item was decided twice is.

locust runs from its own virtualenv (``.venv-load``, made by ``.ci/run``); when
it is missing the test fails and says how to make it.
"""

import sys
import tempfile
import unittest
from pathlib import Path

from odoo.tools import config

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from loadtest import run as loadtest  # noqa: E402

USERS = 6
SECONDS = 30


class TestLoadtestShort(unittest.TestCase):
    def test_short_load_keeps_the_log_and_the_decisions(self):
        loadtest.locust_path()  # fails, with the command to run, when missing
        db = config["db_name"]
        db = db[0] if isinstance(db, list) else db
        self.assertTrue(db, "run with --odoo-database")
        with tempfile.TemporaryDirectory(prefix="focus_loadtest_") as workdir:
            # Demo users log in with their login as password: none is set.
            result = loadtest.run(
                db, workdir, USERS, SECONDS, workers=2, tables=1, wait="1,3"
            )
        self.assertEqual(result["problems"], [], result["report"])
        kinds = [entry["kind"] for entry in result["records"]]
        # The load did what the checks are about.
        self.assertIn("identity_read", kinds, result["report"])
        self.assertIn("decision", kinds, result["report"])
        self.assertIn("meeting", kinds, result["report"])
        self.assertEqual(result["errors"], 0, result["report"])


if __name__ == "__main__":
    unittest.main()
