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
        # The tour ends once the print is asked for; whether the browser's
        # download finished before it closed depends on the machine's load.
        # The report of the request, fetched as the web client fetches it, is
        # printed and logged.
        Log = self.env["focus.export.log"]
        domain = [("user_id", "=", officer.id), ("kind", "=", "print")]
        before = Log.search(domain)
        self.authenticate(officer.login, officer.login)
        response = self.url_open(
            "/report/pdf/focus_table_reports.report_situation_accountability/"
            f"{self.accepted.id}"
        )
        # (Under test, Odoo answers the report's HTML instead of the PDF.)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.accepted.name, response.text)
        printed = Log.search(domain) - before
        self.assertEqual(printed.record_count, 1)
        self.assertEqual(printed.model, "focus.situation")
