from odoo.tests import HttpCase, tagged

from odoo.addons.focus_table.tests.security_common import FocusSecurityCase

from .common import FocusReportCase

CASE_REPORT = "focus_table_reports.report_situation_case"


@tagged("post_install", "-at_install")
class TestPrintLog(FocusSecurityCase, HttpCase):
    """A printed report of Focus Table data is logged once, by its reader."""

    def test_case_report_over_http_is_logged_once(self):
        Log = self.env["focus.export.log"]
        before = Log.search([])
        self.authenticate(self.user_chair.login, self.user_chair.login)
        response = self.url_open(
            f"/report/html/{CASE_REPORT}/{self.accepted.id}", timeout=60
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.accepted.name, response.text)
        entry = Log.search([]) - before
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.user_id, self.user_chair)
        self.assertEqual(entry.kind, "print")
        self.assertEqual(entry.model, "focus.situation")
        self.assertEqual(entry.record_count, 1)
        self.assertEqual(entry.table_ids, self.table)
        report = self.env.ref("focus_table_reports.action_report_situation_case")
        self.assertEqual(entry.report_name, report.name)
        self.assertIn(entry, Log.with_user(self.user_chair).search([]))


class TestProvincialExportLog(FocusReportCase):
    def test_provincial_export_is_logged(self):
        Log = self.env["focus.export.log"]
        before = Log.search([])
        wizard = self.period_wizard(
            "focus.provincial.export", self.user_archivist, export_type="records"
        )
        wizard.action_export()
        entry = Log.search([]) - before
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.kind, "export")
        self.assertEqual(entry.user_id, self.user_archivist)
        self.assertEqual(entry.model, "focus.situation")
        self.assertEqual(entry.record_count, wizard.row_count)
        self.assertEqual(entry.report_name, "Provincial Export")
        self.assertIn("situation_ref", entry.field_names.split("\n"))
