from odoo.exceptions import AccessError, UserError

from .meeting_common import FocusMeetingCase


class TestMeetingConfidentiality(FocusMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.situation = cls.env["focus.situation"].create(cls._situation_vals())
        cls.situation.action_submit()
        cls.meeting = cls.env["focus.meeting"].create(
            {
                "table_id": cls.table.id,
                "date_start": cls._meeting_start(),
            }
        )
        cls.meeting.with_user(cls.user_chair).action_prepare_agenda()
        cls.item = cls.meeting.item_ids

    def _row(self, user):
        return self.meeting.sudo().attendance_ids.filtered(lambda a: a.user_id == user)

    def test_items_open_after_acknowledgement(self):
        meeting = self.meeting.with_user(self.user_police)
        self.assertEqual(
            meeting.name, self.meeting.name, "the meeting itself is readable"
        )
        self.assertFalse(meeting.my_acknowledged)
        self.assertFalse(meeting.item_ids, "the agenda looks empty")
        with self.assertRaises(AccessError):
            self.item.with_user(self.user_police).read(["situation_id", "notes"])
        self.assertFalse(
            self.Item.with_user(self.user_police).search(
                [("meeting_id", "=", meeting.id)]
            )
        )

        meeting.action_acknowledge_confidentiality()
        row = self._row(self.user_police)
        self.assertTrue(row.acknowledged)
        self.assertTrue(row.acknowledged_at)
        self.assertEqual(row.status, "present")
        meeting.invalidate_recordset()
        self.assertTrue(meeting.my_acknowledged)
        self.assertEqual(meeting.item_ids, self.item)
        self.assertEqual(
            self.item.with_user(self.user_police).read(["situation_summary"])[0][
                "situation_summary"
            ],
            self.situation.summary,
        )
        # The acknowledgement holds for this meeting only.
        other = self._new_meeting(days=7)
        other.with_user(self.user_chair).action_prepare_agenda()
        with self.assertRaises(AccessError):
            other.item_ids.with_user(self.user_police).read(["notes"])

    def test_chairs_need_no_acknowledgement_archivists_do(self):
        self.assertEqual(self.meeting.with_user(self.user_chair).item_ids, self.item)
        with self.assertRaises(AccessError):
            self.item.with_user(self.user_archivist).read(["notes"])
        self.meeting.with_user(self.user_archivist).action_acknowledge_confidentiality()
        self.item.with_user(self.user_archivist).read(["notes"])

    def test_other_tables_see_nothing(self):
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_other).read(["name"])
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_other).action_acknowledge_confidentiality()
        with self.assertRaises(AccessError):
            self.item.with_user(self.user_other).read(["notes"])
        with self.assertRaises(AccessError):
            self._row(self.user_police).with_user(self.user_other).read(["status"])
        self.assertFalse(
            self.Meeting.with_user(self.user_other).search(
                [("id", "=", self.meeting.id)]
            )
        )

    def test_nobody_acknowledges_for_someone_else(self):
        row = self._row(self.user_police)
        with self.assertRaises(AccessError):
            row.with_user(self.user_health).write({"acknowledged": True})
        with self.assertRaisesRegex(UserError, "only be changed by the step"):
            row.with_user(self.user_chair).write({"acknowledged": True})
        with self.assertRaisesRegex(UserError, "only be changed by the step"):
            self.env["focus.meeting.attendance"].with_user(self.user_chair).create(
                {
                    "meeting_id": self.meeting.id,
                    "guest_name": "Visitor",
                    "status": "guest",
                    "acknowledged": True,
                }
            )
        self.assertFalse(row.acknowledged)
        with self.assertRaises(AccessError):
            self.item.with_user(self.user_police).read(["notes"])
        # The chair records attendance.
        row.with_user(self.user_chair).status = "excused"
        self.assertEqual(row.status, "excused")

    def test_unacknowledged_counts_show_nothing(self):
        situation = self.situation.with_user(self.user_police)
        self.assertEqual(situation.meeting_count, 0)
        self.meeting.with_user(self.user_police).action_acknowledge_confidentiality()
        situation.invalidate_recordset(["meeting_count"])
        self.assertEqual(situation.meeting_count, 1)
