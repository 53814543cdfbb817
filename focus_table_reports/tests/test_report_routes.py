from odoo.tests import HttpCase, tagged

from odoo.addons.focus_table.tests.security_common import FocusSecurityCase

CASE_REPORT = "focus_table_reports.report_situation_case"
AGENDA = "focus_table_reports.report_meeting_agenda"


@tagged("post_install", "-at_install")
class TestReportRoutes(FocusSecurityCase, HttpCase):
    """/report/pdf and /report/html print only what the user may read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_mail_to_attendees=True))
        cls.meeting = cls.env["focus.meeting"].create(
            {"table_id": cls.table.id, "date_start": "2025-02-04 10:00:00"}
        )

    def fetch(self, user, kind, report, record):
        self.authenticate(user.login, user.login)
        return self.url_open(f"/report/{kind}/{report}/{record.id}", timeout=60)

    def test_records_outside_the_users_tables_are_not_printed(self):
        for kind in ("html", "pdf"):
            for report, record in (
                (CASE_REPORT, self.accepted),
                (CASE_REPORT, self.draft),
                (AGENDA, self.meeting),
            ):
                with self.subTest(kind=kind, report=report):
                    response = self.fetch(self.user_other, kind, report, record)
                    self.assertNotEqual(response.status_code, 200)
                    self.assertNotIn(self.accepted.name.encode(), response.content)
                    self.assertNotIn(b"%PDF", response.content[:10])
        # A draft is its agency's own: another member of the table gets nothing.
        response = self.fetch(self.user_health, "html", CASE_REPORT, self.draft)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(self.draft.name, response.text)
        # The control: a member of the table prints the accepted situation.
        response = self.fetch(self.user_housing, "html", CASE_REPORT, self.accepted)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.accepted.name, response.text)
        self.assertNotIn("Robin Testcase", response.text)
