from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext
from odoo.tools.safe_eval import safe_eval

from .meeting_common import FocusMeetingCase


class TestAction(FocusMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.situation = cls.env["focus.situation"].create(cls._situation_vals())
        cls.situation.action_submit()
        cls.situation.date_decision = fields.Datetime.now()
        cls.situation.action_accept()
        cls.identity_name = "Bartholomew Actionfield"
        cls.env["focus.situation.identity"].create(
            {
                "situation_id": cls.situation.id,
                "name": cls.identity_name,
                "aliases": "Barty",
                "address": "42 Quarry Road",
            }
        )
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")

    def _activity(self, action):
        action.invalidate_recordset(["activity_ids"])
        return action.sudo().activity_ids

    def test_open_action_gives_its_owner_a_neutral_activity(self):
        vals = {
            # Typed carelessly: the de-identification guard refuses it.
            "name": f"Visit {self.identity_name} at 42 Quarry Road",
            "situation_id": self.situation.id,
            "agency_id": self.police.id,
            "user_id": self.user_police.id,
            "date_deadline": fields.Date.today() + timedelta(days=2),
        }
        # Refused to the originating agency, who reads the identities (the chair,
        # outside need-to-know, is compared with the table's word list only).
        with self.assertRaises(ValidationError):
            self.Action.with_user(self.user_police).create(vals)
        # The description is never copied to the activity either.
        vals["name"] = "Home visit with the outreach nurse after the hearing"
        action = self.Action.with_user(self.user_chair).create(vals)
        self.assertEqual(action.table_id, self.table)
        activity = self._activity(action)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_police)
        self.assertEqual(activity.activity_type_id, self.todo)
        self.assertEqual(activity.date_deadline, action.date_deadline)
        self.assertEqual(activity.summary, "Focus Table action due")
        note = html2plaintext(activity.note)
        self.assertIn(self.situation.name, note)
        self.assertIn(fields.Date.to_string(action.date_deadline), note)
        # What the assignee reads without access to the situation: nothing identifying.
        visible = " ".join(
            [
                activity.summary,
                note,
                activity.res_name or "",
                action.display_name,
            ]
        )
        for forbidden in ("Bartholomew", "Actionfield", "Barty", "Quarry", action.name):
            self.assertNotIn(forbidden, visible)
        # Assigned from the agency when no person is named.
        other = self._new_action(situation=self.situation, agency=self.health)
        self.assertEqual(self._activity(other).user_id, self.user_health)

    def test_lifecycle_done_closes_the_activity(self):
        action = self._new_action(situation=self.situation, user=self.user_police)
        self.assertEqual(action.state, "open")
        action = action.with_user(self.user_police)
        action.result = "Counsellor met the youth on Monday."
        action.action_done()
        self.assertEqual(action.state, "done")
        self.assertEqual(action.date_done, fields.Date.context_today(action))
        self.assertFalse(self._activity(action))
        with self.assertRaisesRegex(UserError, "while it is Done"):
            action.action_done()
        action.action_reopen()
        self.assertEqual(action.state, "open")
        self.assertEqual(len(self._activity(action)), 1)

    def test_not_possible_needs_a_reason_cancel_removes_activity(self):
        action = self._new_action(situation=self.situation, user=self.user_police)
        before = self._snapshot(action)
        with self.assertRaisesRegex(UserError, "why"):
            action.with_user(self.user_police).action_not_possible()
        self.assertEqual(self._snapshot(action), before)
        action.result = "The family moved out of the area."
        action.with_user(self.user_police).action_not_possible()
        self.assertEqual(action.state, "not_possible")
        self.assertFalse(self._activity(action))
        cancelled = self._new_action(situation=self.situation, user=self.user_police)
        cancelled.with_user(self.user_chair).action_cancel()
        self.assertEqual(cancelled.state, "cancelled")
        self.assertFalse(self._activity(cancelled))

    def test_reassigning_moves_the_activity(self):
        action = self._new_action(situation=self.situation, user=self.user_police)
        action.write(
            {
                "agency_id": self.health.id,
                "user_id": self.user_health.id,
                "date_deadline": fields.Date.today() + timedelta(days=10),
            }
        )
        activity = self._activity(action)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_health)
        self.assertEqual(activity.date_deadline, action.date_deadline)

    def test_overdue_flag_and_search(self):
        late = self._new_action(situation=self.situation, days=-1)
        due = self._new_action(situation=self.situation, days=0)
        done = self._new_action(situation=self.situation, days=-3)
        done.action_done()
        self.assertTrue(late.is_overdue)
        self.assertFalse(due.is_overdue)
        self.assertFalse(done.is_overdue)
        mine = late | due | done
        self.assertEqual(
            self.Action.search([("id", "in", mine.ids), ("is_overdue", "=", True)]),
            late,
        )
        self.assertEqual(
            self.Action.search([("id", "in", mine.ids), ("is_overdue", "=", False)]),
            due | done,
        )

    def test_overdue_is_told_by_the_users_day(self):
        # At 23:30 UTC it is already tomorrow in Auckland and still today in
        # Honolulu: a deadline of the user's yesterday is overdue in both.
        for zone in ("Pacific/Auckland", "Pacific/Honolulu"):
            with self.subTest(zone=zone), freeze_time("2026-03-10 23:30:00"):
                self.env.user.tz = zone
                late = self._new_action(situation=self.situation, days=-1)
                due = self._new_action(situation=self.situation, days=0)
                self.assertTrue(late.is_overdue)
                self.assertFalse(due.is_overdue)
                self.assertEqual(
                    self.Action.search(
                        [("id", "in", (late | due).ids), ("is_overdue", "=", True)]
                    ),
                    late,
                )

    def test_members_act_for_their_own_agency(self):
        Action = self.Action.with_user(self.user_police)
        own = Action.create(
            {
                "name": "Patrol check",
                "situation_id": self.situation.id,
                "agency_id": self.police.id,
                "date_deadline": fields.Date.today() + timedelta(days=1),
            }
        )
        own.write({"result": "Done twice."})
        with self.assertRaises(AccessError):
            Action.create(
                {
                    "name": "Book a clinic slot",
                    "situation_id": self.situation.id,
                    "agency_id": self.health.id,
                    "date_deadline": fields.Date.today(),
                }
            )
        health_action = self._new_action(situation=self.situation, agency=self.health)
        before = self._snapshot(health_action)
        with self.assertRaises(AccessError):
            health_action.with_user(self.user_police).write(
                {"result": "Not mine to write."}
            )
        with self.assertRaises(AccessError):
            health_action.with_user(self.user_police).action_done()
        self.assertEqual(self._snapshot(health_action), before)
        # Read across the table, not beyond it.
        health_action.with_user(self.user_police).read(["name"])
        with self.assertRaises(AccessError):
            health_action.with_user(self.user_other).read(["name"])
        with self.assertRaises(AccessError):
            own.with_user(self.user_police).unlink()

    def test_owner_agency_sits_at_the_table(self):
        with self.assertRaises(ValidationError):
            self._new_action(situation=self.situation, agency=self.other_police)
        with self.assertRaises(ValidationError):
            self._new_action(
                situation=self.situation, agency=self.police, user=self.user_health
            )

    def test_my_actions_menu(self):
        mine = self._new_action(situation=self.situation, agency=self.police)
        person = self._new_action(
            situation=self.situation, agency=self.health, user=self.user_health
        )
        self._new_action(situation=self.situation, agency=self.housing)
        action = self.env.ref("focus_table.focus_action_action_my")
        domain = [("table_id", "=", self.table.id)] + safe_eval(
            action.domain, {"uid": self.user_police.id}
        )
        self.assertEqual(self.Action.with_user(self.user_police).search(domain), mine)
        domain = [("table_id", "=", self.table.id)] + safe_eval(
            action.domain, {"uid": self.user_health.id}
        )
        self.assertEqual(self.Action.with_user(self.user_health).search(domain), person)
