from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError

from .common import FocusReportCase
from .fact_counts import recount_risk_facts, stored_risk_facts


class TestRiskFact(FocusReportCase):
    """The pre-aggregated risk analysis always equals a count of the situations."""

    def _commit_facts(self):
        # What a commit does before COMMIT: flush, then the precommit hooks.
        self.env.flush_all()
        self.env.cr.flush()

    def assertFactsCurrent(self):
        self._commit_facts()
        self.assertEqual(stored_risk_facts(self.env), recount_risk_facts(self.env))

    def test_facts_of_the_quarter(self):
        self.assertFactsCurrent()
        january = self.env["focus.risk.fact"].search(
            [
                ("table_id", "=", self.table.id),
                ("date_month", "=", "2025-01-01"),
                ("risk_category_id", "=", self.cat_a.id),
                ("state", "=", "closed"),
            ]
        )
        # Intervened i 0-5 were decided in January (every 5 days from the 6th),
        # all with category A; closed ones among them: i 0-5 (conclusions).
        self.assertEqual(january.situation_count, 6)

    def test_steps_move_situations_between_facts(self):
        self._commit_facts()
        situation = self.deferred
        situation.action_accept(
            date_decision=datetime(2025, 2, 11, 9, 0), lead_agency_id=self.health.id
        )
        self.assertFactsCurrent()
        situation.date_intervention = datetime(2025, 2, 11, 15, 0)
        situation.action_start_intervention()
        situation.risk_factor_ids = [Command.link(self.factor_c.id)]
        self.assertFactsCurrent()
        self.rejected[0].unlink()
        self.assertFactsCurrent()

    def test_new_situation_and_draft(self):
        self._commit_facts()
        situation = self.env["focus.situation"].create(
            self._situation_vals(date_received="2025-05-02")
        )
        self.assertFactsCurrent()
        situation.action_submit()
        situation.action_accept(date_decision=datetime(2025, 5, 6, 9, 0))
        self.assertTrue(situation.date_presented)
        self.assertFactsCurrent()

    def test_taxonomy_change_rebuilds(self):
        self._commit_facts()
        self.factor_b.category_id = self.cat_c
        self.assertFactsCurrent()
        self.cat_c.is_protective = True
        self.assertFactsCurrent()

    def _bucket(self, key):
        cr = self.env.cr
        cr.execute(
            "SELECT version FROM focus_risk_fact_bucket"
            " WHERE table_id = %s AND date_month = %s",
            key,
        )
        version = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*) FROM focus_risk_fact_queue"
            " WHERE table_id = %s AND date_month = %s",
            key,
        )
        return version, cr.fetchone()[0]

    def test_a_write_queues_its_bucket_and_the_same_transaction_reads_it(self):
        """The writer queues the bucket (no lock on it before its commit); a
        read of the statistics in the same transaction recomputes it first,
        bumping its version, so that it reads its own write."""
        self.assertFactsCurrent()
        key = (self.table.id, "2025-02-01")
        version, queued = self._bucket(key)
        self.assertEqual(queued, 0)
        self.rejected[1].risk_factor_ids = [Command.link(self.factor_c.id)]
        self._commit_facts()
        self.assertEqual(self._bucket(key), (version, 1))
        self.assertEqual(stored_risk_facts(self.env), recount_risk_facts(self.env))
        self.assertEqual(self._bucket(key), (version + 1, 0))

    def test_scheduled_action_recomputes_what_a_crash_left_queued(self):
        """Counts written wrong and a bucket left in the queue, as after a crash
        between a commit and its recomputation: the scheduled action mends them."""
        self.assertFactsCurrent()
        key = (self.table.id, "2025-01-01")
        cr = self.env.cr
        cr.execute(
            "UPDATE focus_risk_fact SET situation_count = situation_count + 7"
            " WHERE table_id = %s AND date_month = %s",
            key,
        )
        cr.execute(
            "UPDATE focus_outcome_fact SET situation_count = situation_count + 7"
            " WHERE table_id = %s AND date_month = %s",
            key,
        )
        cr.execute(
            "INSERT INTO focus_risk_fact_queue (table_id, date_month) VALUES (%s, %s)",
            key,
        )
        self.env.invalidate_all()
        self.assertNotEqual(stored_risk_facts(self.env), recount_risk_facts(self.env))
        self.assertEqual(self.env["focus.risk.fact"]._cron_refresh_queued(), 1)
        self.assertEqual(self._bucket(key)[1], 0)
        self.assertEqual(stored_risk_facts(self.env), recount_risk_facts(self.env))
        outcome = self.env["focus.outcome.fact"]._read_group(
            [("table_id", "=", self.table.id), ("date_month", "=", "2025-01-01")],
            [],
            ["situation_count:sum"],
        )[0][0]
        self.assertEqual(
            outcome,
            self.env["focus.situation"].search_count(
                [
                    ("table_id", "=", self.table.id),
                    ("state", "!=", "draft"),
                    ("date_presented", ">=", "2025-01-01"),
                    ("date_presented", "<", "2025-02-01"),
                ]
            ),
        )
        self.assertEqual(self.env["focus.risk.fact"]._cron_refresh_queued(), 0)

    def test_rules(self):
        self._commit_facts()
        Fact = self.env["focus.risk.fact"]
        self.assertEqual(
            Fact.with_user(self.user_archivist).search([]).table_id, self.table
        )
        self.assertEqual(
            Fact.with_user(self.user_chair).search([]).table_id, self.table
        )
        self.assertLessEqual(
            self.table | self.table_north,
            Fact.with_user(self.user_manager).search([]).table_id,
        )
        for user in (self.user_police, self.user_other):
            with self.assertRaises(AccessError):
                Fact.with_user(user).search([])
            with self.assertRaises(AccessError):
                Fact.with_user(user)._read_group(
                    [], ["table_id"], ["situation_count:sum"]
                )

    def test_read_only_for_everyone(self):
        self._commit_facts()
        fact = self.env["focus.risk.fact"].search([], limit=1)
        for user in (self.user_archivist, self.user_chair, self.user_manager):
            with self.assertRaises(AccessError):
                fact.with_user(user).write({"situation_count": 999})
            with self.assertRaises(AccessError):
                fact.with_user(user).unlink()
            with self.assertRaises(AccessError):
                fact.with_user(user).create(
                    {
                        "table_id": self.table.id,
                        "date_month": "2025-01-01",
                        "risk_category_id": self.cat_a.id,
                        "state": "closed",
                        "situation_count": 999,
                    }
                )

    def test_pivot_category_by_quarter(self):
        """What the pivot shows equals the per-factor view, situation by situation."""
        self._commit_facts()
        domain = [("table_id", "=", self.table.id), ("is_protective", "=", False)]
        groups = (
            self.env["focus.risk.fact"]
            .with_user(self.user_archivist)
            ._read_group(
                domain,
                ["risk_category_id", "date_month:quarter"],
                ["situation_count:sum"],
            )
        )
        detail = self.env["focus.situation.risk.report"].with_user(self.user_archivist)
        for category, quarter, count in groups:
            distinct = detail._read_group(
                domain
                + [
                    ("risk_category_id", "=", category.id),
                    ("date_presented", ">=", quarter),
                    (
                        "date_presented",
                        "<",
                        quarter.replace(month=quarter.month + 3)
                        if quarter.month < 10
                        else quarter.replace(year=quarter.year + 1, month=1),
                    ),
                ],
                ["risk_category_id", "state"],
                ["situation_id:count_distinct"],
            )
            self.assertEqual(
                count, sum(n for _c, _s, n in distinct), (category, quarter)
            )
