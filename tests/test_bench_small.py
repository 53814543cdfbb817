"""make bench at small scale, in make test, so that it cannot rot: every
operation runs, as its real user, and produces something. Timings are not
checked here (see tests/bench/README.md)."""

from bench import bench
from bench.replicate import replicate_situations

from odoo.tests import TransactionCase

SMALL_SCALE = 2000


class TestBenchSmall(TransactionCase):
    # Odoo tags the tests of an addon from its module path; these cross-addon
    # tests live beside the addons, so they say it themselves.
    test_tags = {"standard", "post_install"}
    test_module = "focus_table"

    def test_every_operation_runs_and_produces_rows(self):
        size = replicate_situations(self.env, SMALL_SCALE)
        self.assertGreaterEqual(size, SMALL_SCALE)
        with self.allow_pdf_render():
            results, measured = bench.run(
                self.env, runs=1, warmup=0, with_project=False
            )
        self.assertEqual(measured, size)
        expected = {
            "list_sql", "list", "kanban", "search_ref", "overdue", "my_agency",
            "situation_form", "meeting_form", "approve", "risk_pivot",
            "manager_pivot", "rows_pivot", "summary_pdf", "export", "purge",
            "repeat", "outcomes",
        }  # fmt: skip
        self.assertEqual(set(results), expected)
        for key, measure in results.items():
            with self.subTest(operation=key):
                self.assertIsNone(measure.error)
                self.assertEqual(len(measure.times), 1)
                self.assertGreater(measure.rows, 0)
                self.assertGreater(measure.queries[0], 0)
        # The member's list is the same page whether the ORM or the SQL reads it.
        self.assertEqual(results["list"].rows, results["list_sql"].rows)
        targets = bench.evaluate_targets(results, size)
        self.assertEqual(len(targets), 11)
        self.assertTrue(all(counted is False for *_rest, counted in targets[1:]))
