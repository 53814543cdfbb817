from datetime import timedelta

from odoo import fields

from .common import FocusTableCase


class TestTimeliness(FocusTableCase):
    def test_hours_and_target(self):
        situation = self._accepted_situation(lead_agency_id=self.health.id)
        situation.date_decision = fields.Datetime.now() - timedelta(hours=60)
        self.assertEqual(
            situation.date_target, situation.date_decision + timedelta(hours=48)
        )
        self.assertTrue(situation.is_overdue)
        overdue = self.env["focus.situation"].search([("is_overdue", "=", True)])
        self.assertIn(situation, overdue)
        self.assertNotIn(
            situation, self.env["focus.situation"].search([("is_overdue", "=", False)])
        )
        situation.date_intervention = situation.date_decision + timedelta(
            hours=50, minutes=30
        )
        self.assertAlmostEqual(situation.intervention_hours, 50.5)
        self.assertFalse(situation.within_target)
        self.assertFalse(situation.is_overdue)
        self.assertNotIn(
            situation, self.env["focus.situation"].search([("is_overdue", "=", True)])
        )

    def test_table_target_is_used(self):
        self.table.response_target_hours = 24
        situation = self._accepted_situation()
        situation.date_intervention = situation.date_decision + timedelta(hours=30)
        self.assertFalse(situation.within_target)
        self.table.response_target_hours = 36
        self.assertTrue(situation.within_target)

    def test_reminder_activity_without_identity(self):
        situation = self._accepted_situation(lead_agency_id=self.health.id)
        self.env["focus.situation.identity"].create(
            {
                "situation_id": situation.id,
                "name": "Casey Sample",
                "birth_date": "2009-02-03",
            }
        )
        situation.date_decision = fields.Datetime.now() - timedelta(hours=40)
        not_yet = self._accepted_situation(lead_agency_id=self.health.id)
        self.env["focus.situation"]._cron_target_alerts()
        activity = situation.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_health)
        self.assertFalse(not_yet.activity_ids)
        for text in (activity.summary or "", activity.note or ""):
            self.assertNotIn("Casey", text)
            self.assertNotIn("2009", text)
        self.assertIn(situation.name, activity.note)
        # Runs once per situation.
        self.env["focus.situation"]._cron_target_alerts()
        self.assertEqual(len(situation.activity_ids), 1)
        # Recording the intervention closes the reminder.
        situation.date_intervention = fields.Datetime.now()
        situation.action_start_intervention()
        self.assertFalse(situation.activity_ids)
