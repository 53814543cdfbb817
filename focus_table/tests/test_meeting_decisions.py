import re

from odoo import Command
from odoo.exceptions import AccessError, UserError

from .meeting_common import FocusMeetingCase


class TestMeetingDecisions(FocusMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.situations = cls.env["focus.situation"]
        for _i in range(3):
            situation = cls.env["focus.situation"].create(cls._situation_vals())
            situation.action_submit()
            cls.situations |= situation
        cls.first, cls.second, cls.third = cls.situations

    def _decision_notes(self, situation):
        self._flush_tracking()
        situation.invalidate_recordset(["message_ids"])
        return [
            re.sub(r"<[^>]+>", "", body)
            for body in situation.message_ids.mapped("body")
            if "Decided at" in (body or "")
        ]

    def test_accept_updates_the_situation_at_once(self):
        meeting = self._running_meeting()
        item = self._item_of(meeting, self.first)
        item.write(
            {
                "notes": "Consensus: AER. Door knock tomorrow.",
                "lead_agency_id": self.health.id,
                "assisting_agency_ids": [Command.set((self.housing | self.school).ids)],
            }
        )
        item.action_accept()
        self.assertEqual(self.first.state, "accepted")
        self.assertEqual(self.first.date_decision, meeting.date_start)
        self.assertEqual(self.first.date_presented, meeting.date_start.date())
        self.assertEqual(item.decision, "accept")
        # Filter 3 named at the table goes to the situation.
        self.assertEqual(self.first.lead_agency_id, self.health)
        self.assertEqual(self.first.assisting_agency_ids, self.housing | self.school)
        # Once decided, the item's choice of agencies is the meeting's record.
        with self.assertRaises(UserError):
            item.with_user(self.user_chair).write({"lead_agency_id": self.police.id})
        self.assertEqual(self.first.lead_agency_id, self.health)
        notes = self._decision_notes(self.first)
        self.assertEqual(len(notes), 1)
        self.assertIn(f"Decided at {meeting.name}: accepted", notes[0])
        message = self.first.message_ids.filtered(
            lambda m: "Decided at" in (m.body or "")
        )
        self.assertRegex(
            message.body,
            rf"data-oe-model=.focus\.meeting. data-oe-id=.{meeting.id}.",
        )
        self.assertNotIn(self.first.summary, message.body)

    def test_lead_agency_chosen_before_accepting(self):
        meeting = self._running_meeting()
        item = self._item_of(meeting, self.first)
        item.lead_agency_id = self.police
        self.assertFalse(
            self.first.lead_agency_id, "nothing reaches a situation not accepted"
        )
        item.action_accept()
        self.assertEqual(self.first.lead_agency_id, self.police)

    def test_reject_keeps_only_minimal_data(self):
        meeting = self._running_meeting()
        item = self._item_of(meeting, self.second)
        item.notes = "Single-agency response is enough."
        item.action_reject()
        self.assertEqual(self.second.state, "rejected")
        self.assertFalse(self.second.summary)
        self.assertFalse(self.second.risk_factor_ids)
        self.assertEqual(item.decision, "reject")
        self.assertFalse(item.notes, "the item keeps no notes of a rejected situation")
        notes = self._decision_notes(self.second)
        self.assertEqual(len(notes), 1)
        self.assertIn(f"Decided at {meeting.name}: rejected", notes[0])

    def test_defer_keeps_the_situation_submitted(self):
        meeting = self._running_meeting()
        item = self._item_of(meeting, self.third)
        item.action_defer()
        self.assertEqual(self.third.state, "submitted")
        self.assertEqual(item.decision, "defer")
        self.assertIn(
            f"Decided at {meeting.name}: deferred", self._decision_notes(self.third)[0]
        )
        # Still in the room, the table may come back to it.
        item.action_accept()
        self.assertEqual(self.third.state, "accepted")

    def test_closing_defers_what_was_not_decided(self):
        meeting = self._running_meeting()
        self._item_of(meeting, self.first).action_accept()
        meeting.action_close()
        self.assertEqual(meeting.state, "done")
        self.assertEqual(self._item_of(meeting, self.second).decision, "defer")
        self.assertEqual(self._item_of(meeting, self.third).decision, "defer")
        self.assertEqual(self.second.state, "submitted")

    def test_refused_decisions_change_nothing(self):
        meeting = self._new_meeting().with_user(self.user_chair)
        meeting.action_prepare_agenda()
        item = self._item_of(meeting, self.first)
        before = self._snapshot(self.first)
        with self.assertRaisesRegex(UserError, "in progress"):
            item.action_accept()
        self.assertEqual(self._snapshot(self.first), before)
        self.assertFalse(item.decision)

        meeting.action_start()
        # Decided elsewhere meanwhile: the situation refuses, the item stays open.
        other = self._new_meeting(days=-1).with_user(self.user_chair)
        other.action_prepare_agenda()
        other.action_start()
        self._item_of(other, self.first).action_accept()
        before = self._snapshot(self.first)
        with self.assertRaisesRegex(
            UserError, "cannot be accepted while it is Accepted"
        ):
            item.action_accept()
        self.assertEqual(self._snapshot(self.first), before)
        self.assertFalse(item.decision)

        update = self.Item.with_user(self.user_chair).create(
            {
                "meeting_id": meeting.id,
                "kind": "other",
                "name": "Welcome",
            }
        )
        with self.assertRaisesRegex(UserError, "Only new situations"):
            update.action_accept()
        accepted = self._item_of(meeting, self.second)
        accepted.action_accept()
        with self.assertRaisesRegex(UserError, "already decided"):
            accepted.action_reject()
        self.assertEqual(self.second.state, "accepted")

    def test_members_do_not_decide(self):
        meeting = self._running_meeting()
        meeting.sudo().attendance_ids.filtered(
            lambda a: a.user_id == self.user_police
        )._acknowledge()
        item = self._item_of(meeting, self.first).with_user(self.user_police)
        before = self._snapshot(self.first)
        with self.assertRaises(AccessError):
            item.action_accept()
        self.assertEqual(self._snapshot(self.first), before)
