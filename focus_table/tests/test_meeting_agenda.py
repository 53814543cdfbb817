from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError

from .meeting_common import FocusMeetingCase


class TestMeetingAgenda(FocusMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Situation = cls.env["focus.situation"]

        def submitted(days_ago, **vals):
            situation = Situation.create(cls._situation_vals(**vals))
            situation.action_submit()
            situation.date_submitted = fields.Datetime.now() - timedelta(days=days_ago)
            return situation

        def accepted(hours_ago):
            situation = Situation.create(
                cls._situation_vals(
                    date_received=fields.Date.today() - timedelta(days=5),
                )
            )
            situation.action_submit()
            situation.date_decision = fields.Datetime.now() - timedelta(hours=hours_ago)
            situation.action_accept()
            return situation

        cls.update_recent = accepted(4)
        cls.update_overdue = accepted(60)  # past the 48 h response target
        cls.new_old = submitted(3)
        cls.new_recent = submitted(1)
        cls.draft = Situation.create(cls._situation_vals())
        cls.north = Situation.create(
            cls._situation_vals(
                table_id=cls.table_north.id,
                originating_agency_id=cls.other_police.id,
            )
        )
        cls.north.action_submit()

        # Actions from an earlier meeting.
        def action(name, situation, agency, days, **vals):
            return cls.Action.create(
                {
                    "name": name,
                    "situation_id": situation.id,
                    "agency_id": agency.id,
                    "date_deadline": fields.Date.today() + timedelta(days=days),
                    **vals,
                }
            )

        cls.action_due = action("Call the landlord", cls.update_recent, cls.housing, -1)
        cls.action_later = action(
            "Book a follow-up visit", cls.update_recent, cls.health, 7
        )
        cls.action_impossible = action(
            "Meet the family at school",
            cls.update_overdue,
            cls.school,
            2,
            result="The family moved away.",
        )
        cls.action_impossible.action_not_possible()
        cls.action_done = action(
            "Share the safety plan", cls.update_overdue, cls.police, -2
        )
        cls.action_done.action_done()

    def _agenda(self, meeting):
        return [
            (item.kind, item.action_id or item.situation_id)
            for item in meeting.sudo().item_ids.sorted(lambda i: (i.sequence, i.id))
        ]

    def test_updates_first_then_new_situations(self):
        meeting = self._new_meeting(days=1).with_user(self.user_chair)
        meeting.action_prepare_agenda()
        self.assertEqual(
            self._agenda(meeting),
            [
                ("update", self.update_overdue),
                ("update", self.update_recent),
                ("action_review", self.action_due),
                ("action_review", self.action_impossible),
                ("new_situation", self.new_old),
                ("new_situation", self.new_recent),
            ],
        )
        sequences = meeting.item_ids.mapped("sequence")
        self.assertEqual(sequences, sorted(sequences))
        self.assertEqual(len(set(sequences)), len(sequences))
        self.assertEqual(meeting.review_not_done_ids, self.action_due)
        self.assertEqual(meeting.review_not_possible_ids, self.action_impossible)
        # Attendance rows for the representatives, ready for the room.
        self.assertEqual(
            meeting.attendance_ids.user_id,
            self.user_police
            | self.user_health
            | self.user_housing
            | self.user_school
            | self.user_chair
            | self.user_archivist,
        )

    def test_rerun_adds_only_what_is_new_where_it_belongs(self):
        meeting = self._new_meeting(days=1).with_user(self.user_chair)
        meeting.action_prepare_agenda()
        before = self._agenda(meeting)
        with self.assertQueryCount(15):
            meeting.action_prepare_agenda()
        self.assertEqual(self._agenda(meeting), before, "nothing new, nothing added")

        # The chair drags the recent situation above the older one.
        items = meeting.item_ids.sorted("sequence")
        self._item_of(meeting, self.new_recent).sequence = items[3].sequence + 1
        self._item_of(meeting, self.new_old).sequence = items[3].sequence + 2
        newer = self._submitted_situation()
        update_new = self._submitted_situation()
        update_new.date_decision = fields.Datetime.now()
        update_new.action_accept()
        meeting.action_prepare_agenda()
        self.assertEqual(
            self._agenda(meeting),
            [
                ("update", self.update_overdue),
                ("update", self.update_recent),
                ("update", update_new),
                ("action_review", self.action_due),
                ("action_review", self.action_impossible),
                ("new_situation", self.new_recent),
                ("new_situation", self.new_old),
                ("new_situation", newer),
            ],
        )
        situations = meeting.item_ids.filtered(
            lambda i: i.kind != "action_review"
        ).situation_id
        self.assertEqual(len(situations), 6, "each situation once")
        self.assertNotIn(self.draft, meeting.item_ids.situation_id)
        self.assertNotIn(self.north, meeting.item_ids.situation_id)

    def test_other_business_stays_last(self):
        meeting = self._new_meeting(days=1).with_user(self.user_chair)
        meeting.action_prepare_agenda()
        other = self.Item.with_user(self.user_chair).create(
            {
                "meeting_id": meeting.id,
                "kind": "other",
                "name": "Annual statistics",
                "sequence": 1000,
            }
        )
        newer = self._submitted_situation()
        meeting.action_prepare_agenda()
        ordered = meeting.item_ids.sorted("sequence")
        self.assertEqual(ordered[-1], other)
        self.assertEqual(ordered[-2].situation_id, newer)

    def test_deferred_situations_carry_over(self):
        first = self._running_meeting(days=0)
        self._item_of(first, self.new_old).action_defer()
        self._item_of(first, self.new_recent).action_accept()
        first.action_close()
        self.assertEqual(self.new_old.state, "submitted")
        later = self._submitted_situation()

        second = self._new_meeting(days=7).with_user(self.user_chair)
        second.action_prepare_agenda()
        agenda = self._agenda(second)
        new_items = [s for kind, s in agenda if kind == "new_situation"]
        self.assertEqual(
            new_items, [self.new_old, later], "carried over first, each once"
        )
        self.assertTrue(self._item_of(second, self.new_old).is_carried_over)
        self.assertFalse(self._item_of(second, later).is_carried_over)
        updates = [s for kind, s in agenda if kind == "update"]
        self.assertIn(self.new_recent, updates, "accepted last week: now an update")
        self.assertEqual(len(agenda), len({(k, s) for k, s in agenda}))
        # The impossible action was reviewed at the first meeting: not again.
        reviewed = [s for kind, s in agenda if kind == "action_review"]
        self.assertEqual(reviewed, [self.action_due, self.action_later], "due by then")

    def test_situation_decided_elsewhere_leaves_the_agenda(self):
        planned = self._new_meeting(days=7).with_user(self.user_chair)
        planned.action_prepare_agenda()
        running = self._running_meeting(days=0)
        self._item_of(running, self.new_old).action_reject()
        planned.action_prepare_agenda()
        self.assertFalse(self._item_of(planned, self.new_old))
        self.assertTrue(self._item_of(planned, self.new_recent))

    def test_only_chairs_prepare(self):
        meeting = self._new_meeting(days=1)
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_police).action_prepare_agenda()
        self.assertFalse(meeting.item_ids)
