from odoo.tests import HttpCase, tagged

from .meeting_common import FocusMeetingCase


@tagged("post_install", "-at_install")
class TestMeetingTour(FocusMeetingCase, HttpCase):
    """The chair prepares, runs and approves a meeting through the web client."""

    def test_chair_runs_a_meeting_with_buttons(self):
        situation = self._submitted_situation()
        meeting = self._new_meeting(days=1)
        self.start_tour(
            "/odoo/action-focus_table.focus_meeting_action",
            "focus_meeting_chair_tour",
            login=self.user_chair.login,
        )
        self.assertEqual(meeting.state, "approved")
        self.assertEqual(situation.state, "accepted")
        self.assertTrue(meeting.minutes_sha256)
