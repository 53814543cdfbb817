"""The chair's whole meeting in the browser, from the agenda to the printed minutes.

Cross-addon: approving and printing the minutes belong to focus_table_reports.
"""

from odoo.tests import HttpCase, tagged

from odoo.addons.focus_table.tests.meeting_common import FocusMeetingCase


@tagged("post_install", "-at_install")
class TestChairMeetingTour(FocusMeetingCase, HttpCase):
    # Odoo tags the tests of an addon from its module path; these cross-addon
    # tests live beside the addons, so they say it themselves.
    test_tags = {"standard", "post_install"}
    test_module = "focus_table_reports"

    def test_chair_runs_the_whole_meeting(self):
        # Submitted in the order the agenda presents them.
        accept, reject, defer = (
            self._submitted_situation(summary=f"Tour-{what}: youth missing from home.")
            for what in ("Accept", "Reject", "Defer")
        )
        meeting = self._new_meeting(days=1)
        self.start_tour(
            "/odoo/action-focus_table.focus_meeting_action",
            "focus_chair_meeting_tour",
            login=self.user_chair.login,
        )
        self.env.invalidate_all()

        # Attendance and confidentiality, as recorded in the room.
        rows = {row.user_id: row for row in meeting.attendance_ids}
        self.assertEqual(rows[self.user_police].status, "present")
        self.assertEqual(rows[self.user_housing].status, "excused")
        self.assertTrue(rows[self.user_chair].acknowledged)

        # Filter 2 and 3 decisions.
        self.assertEqual(accept.state, "accepted")
        self.assertEqual(accept.lead_agency_id, self.health)
        self.assertEqual(accept.assisting_agency_ids, self.housing)
        self.assertEqual(reject.state, "rejected")
        self.assertFalse(reject.risk_factor_ids)
        self.assertEqual(defer.state, "submitted")
        decisions = {item.situation_id: item.decision for item in meeting.item_ids}
        self.assertEqual(decisions[accept], "accept")
        self.assertEqual(decisions[reject], "reject")
        self.assertEqual(decisions[defer], "defer")

        # The action agreed for the accepted situation.
        self.assertRecordValues(
            meeting.action_ids,
            [
                {
                    "situation_id": accept.id,
                    "agency_id": self.health.id,
                    "name": "Connect with the outreach team",
                    "state": "open",
                }
            ],
        )

        # Approved, archived and hashed minutes: the document the chair printed.
        self.assertEqual(meeting.state, "approved")
        self.assertEqual(meeting.approved_by_id, self.user_chair)
        attachment = meeting.minutes_attachment_id
        self.assertTrue(attachment)
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (meeting._name, meeting.id)
        )
        self.assertEqual(len(meeting.minutes_sha256), 64)

        # The deferred situation comes back at the next meeting.
        next_meeting = self._new_meeting(days=8)
        next_meeting.with_user(self.user_chair).action_prepare_agenda()
        carried = next_meeting.item_ids.filtered(lambda i: i.situation_id == defer)
        self.assertEqual(carried.kind, "new_situation")
        self.assertTrue(carried.is_carried_over)
