from datetime import timedelta
from unittest.mock import patch

from odoo import fields

from .security_common import FocusSecurityCase


class TestRetention(FocusSecurityCase):
    def _closed(self, days_ago, name):
        situation = self._accepted_situation(lead_agency_id=self.health.id)
        self.env["focus.situation.identity"].create(
            {
                "situation_id": situation.id,
                "name": name,
                "birth_date": "2001-01-01",
            }
        )
        situation.date_intervention = situation.date_decision
        situation.action_start_intervention()
        situation.conclusion_id = self.conclusion
        situation.action_close()
        situation.date_closed = fields.Date.today() - timedelta(days=days_ago)
        return situation

    def test_purge_after_retention_keeps_statistics_and_hash(self):
        old = self._closed(95, "Pat Oldcase")
        recent = self._closed(10, "Lee Recent")
        keys = old.sudo().repeat_keys
        purged = self.env["focus.situation"]._cron_purge_identities()
        self.assertIn(old, purged)
        self.assertNotIn(recent, purged)
        self.assertFalse(old.identity_ids)
        self.assertEqual(old.identity_purged_on, fields.Date.context_today(old))
        self.assertEqual(old.sudo().repeat_keys, keys)
        self.assertTrue(
            old.risk_factor_ids and old.conclusion_id and old.intervention_hours >= 0
        )
        self.assertIn("retention period of 90 days", old.message_ids[0].body)
        self.assertTrue(recent.identity_ids)
        # Harmless to run again.
        self.assertFalse(self.env["focus.situation"]._cron_purge_identities())
        # A new presentation of the purged person is still flagged.
        later = self._new_situation()
        self.env["focus.situation.identity"].create(
            {
                "situation_id": later.id,
                "name": "pat oldcase",
                "birth_date": "2001-01-01",
            }
        )
        self.assertEqual(later.repeat_of_ids, old)

    def test_table_retention_period_and_rejected_leftovers(self):
        self.table.retention_days = 200
        old = self._closed(95, "Pat Oldcase")
        rejected = self._new_situation()
        rejected.action_submit()
        rejected.date_decision = rejected.date_submitted
        rejected.action_reject()
        self.env["focus.situation.identity"].sudo().create(
            {"situation_id": rejected.id, "name": "Late Entry"}
        )
        purged = self.env["focus.situation"]._cron_purge_identities()
        self.assertIn(rejected, purged)
        self.assertNotIn(old, purged)
        self.assertTrue(old.identity_ids)
        self.assertFalse(rejected.identity_ids)

    def test_interrupted_run_leaves_no_half_state(self):
        first = self._closed(120, "First Purged")
        second = self._closed(100, "Second Purged")
        self._flush_tracking()
        situation_class = type(self.env["focus.situation"])
        original = situation_class._log_purge_notes

        def failing_log(records, *args, **kwargs):
            if second in records:
                raise RuntimeError("interrupted")
            return original(records, *args, **kwargs)

        # Not assertRaises: it would roll back the whole block, while a real cron run
        # has committed each finished situation (_commit_progress) before the crash.
        crashed = False
        with patch.object(situation_class, "_log_purge_notes", failing_log):
            try:
                # One situation per batch, so that the first is done when the
                # second fails.
                self.env["focus.situation"]._cron_purge_identities(batch_size=1)
            except RuntimeError:
                crashed = True
        self.assertTrue(crashed)
        self.assertFalse(first.identity_ids)
        self.assertTrue(first.identity_purged_on)
        self.assertEqual(second.identity_ids.sudo().name, "Second Purged")
        self.assertFalse(second.identity_purged_on)
        self.assertIn(second, self.env["focus.situation"]._cron_purge_identities())
        self.assertFalse(second.identity_ids)

    def _purge_queries(self, count):
        situations = self.env["focus.situation"]
        for i in range(count):
            situations |= self._closed(100 + i, f"Batch Person{i}")
        self._flush_tracking()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        purged = self.env["focus.situation"]._cron_purge_identities()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(purged & situations, situations)
        self.assertFalse(situations.sudo().identity_ids)
        for situation in situations:
            logs = situation.message_ids.filtered(
                lambda m: "identity record(s) deleted" in (m.body or "")
            )
            self.assertEqual(len(logs), 1)
        return queries

    def test_purge_queries_do_not_grow_with_the_batch(self):
        """A province purges hundreds of thousands: no query per situation."""
        self._purge_queries(1)  # purges what was due before, warms the caches
        few = self._purge_queries(2)
        many = self._purge_queries(8)
        self.assertEqual(few, many)

    def test_purge_passes_once_and_again_after_reopening(self):
        """Every due situation is passed once, with or without identities."""
        self.env["focus.situation"]._cron_purge_identities()  # what was due before
        bare = self._accepted_situation(lead_agency_id=self.health.id)
        bare.date_intervention = bare.date_decision
        bare.action_start_intervention()
        bare.conclusion_id = self.conclusion
        bare.action_close()
        bare.date_closed = fields.Date.today() - timedelta(days=200)
        held = self._closed(120, "Sam Reopened")
        notes_before = len(bare.message_ids)
        purged = self.env["focus.situation"]._cron_purge_identities()
        self.assertEqual(purged, bare | held)
        self.assertTrue(bare.identity_purged_on)
        # Nothing was deleted there: no note says otherwise.
        self.assertEqual(len(bare.message_ids), notes_before)
        self.assertFalse(self.env["focus.situation"]._cron_purge_identities())
        # Re-opened, given new details and closed again: purged again in time.
        held.action_reopen("New information from the school")
        self.assertFalse(held.identity_purged_on)
        self.env["focus.situation.identity"].create(
            {
                "situation_id": held.id,
                "name": "Sam Reopened",
                "birth_date": "2001-01-01",
            }
        )
        held.conclusion_id = self.conclusion
        held.action_close()
        self.assertNotIn(held, self.env["focus.situation"]._cron_purge_identities())
        self.assertTrue(held.identity_ids)
        held.date_closed = fields.Date.today() - timedelta(days=95)
        self.assertIn(held, self.env["focus.situation"]._cron_purge_identities())
        self.assertFalse(held.identity_ids)
