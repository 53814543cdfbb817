from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.focus_table.tests.security_common import FocusSecurityCase


@tagged("post_install", "-at_install")
class TestAccessRequestTour(FocusSecurityCase, HttpCase):
    def test_privacy_officer_answers_a_request(self):
        officer = new_test_user(
            self.env,
            login="tour_privacy",
            groups="base.group_user,focus_table.group_privacy_officer",
        )
        self.start_tour(
            "/odoo/action-focus_table_reports.focus_access_request_action",
            "focus_access_request_tour",
            login=officer.login,
        )
        request = self.env["focus.access.request"].search(
            [("requested_by_id", "=", officer.id)]
        )
        self.assertEqual(len(request), 1)
        self.assertEqual(request.reference, "Privacy file TOUR-1")
        self.assertEqual(request.state, "done")
        self.assertEqual(request.line_ids.mapped("situation_ref"), [self.accepted.name])
        printed = self.env["focus.export.log"].search(
            [("user_id", "=", officer.id), ("kind", "=", "print")]
        )
        self.assertEqual(printed.record_count, 1)
        self.assertEqual(printed.model, "focus.situation")
