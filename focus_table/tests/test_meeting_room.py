import json

from odoo.exceptions import AccessError, UserError

from .meeting_common import FocusMeetingCase

PRESENTING = [
    "current_item_id",
    "current_situation_id",
    "current_subject_type",
    "current_age_band_id",
    "current_risk_category_ids",
    "current_summary",
]


class TestMeetingRoom(FocusMeetingCase):
    """The meeting screen: the item being presented and its one-click decisions."""

    def setUp(self):
        super().setUp()
        self.first = self._submitted_situation(summary="First: youth missing.")
        self.second = self._submitted_situation(summary="Second: eviction threat.")
        self.env["focus.situation.identity"].create(
            {"situation_id": self.first.id, "name": "Zelda Quartermain"}
        )
        self.meeting = self._running_meeting()

    def test_presents_the_first_undecided_new_situation(self):
        meeting = self.meeting
        item = self._item_of(meeting, self.first, "new_situation")
        self.assertEqual(meeting.current_item_id, item)
        self.assertEqual(meeting.current_situation_id, self.first)
        self.assertEqual(meeting.current_subject_type, "individual")
        self.assertEqual(meeting.current_age_band_id, self.age_band)
        self.assertEqual(
            meeting.current_risk_category_ids, self.first.risk_category_ids
        )
        self.assertEqual(meeting.current_summary, "First: youth missing.")

        meeting.action_defer_current()
        self.assertEqual(item.decision, "defer")
        self.assertEqual(meeting.current_situation_id, self.second)
        meeting.action_reject_current()
        self.assertEqual(self.second.state, "rejected")
        self.assertFalse(meeting.current_item_id)
        with self.assertRaises(UserError):
            meeting.action_defer_current()

    def test_accept_opens_the_agencies_dialog_then_decides(self):
        meeting = self.meeting
        action = meeting.action_accept_current()
        item = self._item_of(meeting, self.first, "new_situation")
        self.assertEqual((action["res_model"], action["res_id"]), (item._name, item.id))
        self.assertEqual(action["target"], "new")
        self.assertEqual(
            action["views"][0][0],
            self.env.ref("focus_table.focus_meeting_item_view_form_accept").id,
        )
        # Opening the dialog decides nothing.
        self.assertFalse(item.decision)
        self.assertEqual(self.first.state, "submitted")
        # What the dialog saves, then its button.
        item.write({"lead_agency_id": self.health.id})
        item.action_accept()
        self.assertEqual(self.first.state, "accepted")
        self.assertEqual(self.first.lead_agency_id, self.health)
        self.assertEqual(meeting.current_situation_id, self.second)

    def test_only_the_chair_decides_from_the_room(self):
        self.meeting.with_user(self.user_housing).action_acknowledge_confidentiality()
        member = self.meeting.with_user(self.user_housing)
        for method in (
            "action_accept_current",
            "action_reject_current",
            "action_defer_current",
        ):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(member, method)()
        item = self._item_of(self.meeting, self.first, "new_situation")
        self.assertFalse(item.decision)
        self.assertEqual(self.first.state, "submitted")

    def test_member_reads_the_presentation_without_identity(self):
        member = self.meeting.with_user(self.user_housing)
        # Before the acknowledgement, the agenda is closed: nothing is presented.
        values = member.read(PRESENTING)[0]
        self.assertFalse(values["current_item_id"])
        self.assertFalse(values["current_summary"])

        member.action_acknowledge_confidentiality()
        member.invalidate_recordset()
        values = member.read(PRESENTING)[0]
        self.assertEqual(values["current_summary"], "First: youth missing.")
        self.assertEqual(
            values["current_risk_category_ids"], self.first.risk_category_ids.ids
        )
        self.assertNotIn("Quartermain", json.dumps(values, default=str))
        # The member still reads no identity of the presented situation.
        with self.assertRaises(AccessError):
            self.first.identity_ids.with_user(self.user_housing).read(["name"])
