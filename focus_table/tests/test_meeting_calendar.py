from datetime import timedelta

from odoo import fields
from odoo.tools import html2plaintext

from .meeting_common import FocusMeetingCase


class TestMeetingCalendar(FocusMeetingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table.meeting_location = "Civic Centre, room 4"
        cls.submitted = cls._submitted_situation_cls()
        cls.accepted = cls.env["focus.situation"].create(
            cls._situation_vals(
                summary="Older adult isolated; neighbour reports financial abuse.",
            )
        )
        cls.accepted.action_submit()
        cls.accepted.date_decision = fields.Datetime.now() - timedelta(hours=2)
        cls.accepted.action_accept()
        cls.env["focus.situation.identity"].create(
            {
                "situation_id": cls.accepted.id,
                "name": "Marguerite Calendarcheck",
                "address": "7 Willow Court",
            }
        )

    @classmethod
    def _submitted_situation_cls(cls):
        situation = cls.env["focus.situation"].create(cls._situation_vals())
        situation.action_submit()
        return situation

    def test_event_mirrors_the_meeting_without_content(self):
        meeting = self._new_meeting(days=2)
        meeting.with_user(self.user_chair).action_prepare_agenda()
        self.assertEqual(len(meeting.item_ids), 2)
        event = meeting.calendar_event_id
        self.assertTrue(event)
        self.assertEqual(event.name, "Test Riverside meeting")
        self.assertEqual(event.privacy, "private")
        self.assertEqual(
            (event.start, event.stop), (meeting.date_start, meeting.date_end)
        )
        self.assertEqual(event.location, "Civic Centre, room 4")
        self.assertFalse(html2plaintext(event.description or "").strip())
        self.assertFalse(event.res_model, "the event does not point to the meeting")
        # Attendees: the member agencies' representatives and the chairs.
        expected = (
            self.user_police
            | self.user_health
            | self.user_housing
            | self.user_school
            | self.user_chair
            | self.user_archivist
        ).partner_id
        self.assertEqual(event.partner_ids, expected)
        self.assertEqual(event.user_id, self.user_chair)
        # Nothing about the situations on the agenda.
        text = " ".join(
            str(v or "")
            for v in event.read(
                ["name", "description", "location", "videocall_location", "notes"]
            )[0].values()
        )
        for forbidden in (
            self.submitted.name,
            self.accepted.name,
            self.accepted.summary,
            "Marguerite",
            "Calendarcheck",
            "Willow",
            *self.factors.mapped("name"),
        ):
            self.assertNotIn(forbidden, text)

    def test_outsiders_see_busy_only(self):
        meeting = self._new_meeting(days=2)
        event = meeting.calendar_event_id
        event.invalidate_recordset()
        outsider_view = event.with_user(self.user_other).read(
            ["name", "partner_ids", "location"]
        )[0]
        self.assertEqual(outsider_view["name"], "Busy")
        self.assertFalse(outsider_view["partner_ids"])
        self.assertFalse(outsider_view["location"])
        event.invalidate_recordset()
        self.assertEqual(
            event.with_user(self.user_police).name, "Test Riverside meeting"
        )

    def test_moving_and_cancelling_update_the_event(self):
        meeting = self._new_meeting(days=2).with_user(self.user_chair)
        event = meeting.calendar_event_id.sudo()
        meeting.write(
            {
                "date_start": meeting.date_start + timedelta(days=1, hours=2),
                "duration": 3,
            }
        )
        self.assertEqual(event.start, meeting.date_start)
        self.assertEqual(event.stop, meeting.date_start + timedelta(hours=3))
        meeting.location = "Library annex"
        self.assertEqual(event.location, "Library annex")
        meeting.action_cancel()
        self.assertFalse(event.active)
        meeting.action_reset_draft()
        self.assertTrue(event.active)
        # An excused representative leaves the invitation.
        meeting.action_prepare_agenda()
        row = meeting.attendance_ids.filtered(lambda a: a.user_id == self.user_housing)
        row.status = "excused"
        self.assertNotIn(self.user_housing.partner_id, event.partner_ids)
        meeting.action_cancel()
        meeting.unlink()
        self.assertFalse(event.exists())

    def test_representatives_joining_later_are_invited(self):
        meeting = self._new_meeting(days=2)
        newcomer = self.env["res.users"].create(
            {
                "name": "New Housing Rep",
                "login": "t_housing_2",
                "email": "t_housing_2@example.com",
                "focus_agency_id": self.housing.id,
                "group_ids": [(6, 0, [self.env.ref("focus_table.group_member").id])],
            }
        )
        meeting.with_user(self.user_chair).action_prepare_agenda()
        self.assertIn(newcomer.partner_id, meeting.calendar_event_id.partner_ids)
        self.assertIn(newcomer, meeting.attendance_ids.user_id)
