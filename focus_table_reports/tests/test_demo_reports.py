from odoo.tests import tagged

from .common import FocusReportCase


@tagged("post_install", "-at_install")
class TestDemoReports(FocusReportCase):
    """Every document prints from the demonstration data, as the role that
    hands it out, and shows no identifying detail of the demo identities."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo = cls.env.ref("focus_table.focus_meeting_demo_riv_2", False)

    def setUp(self):
        super().setUp()
        if not self.demo:
            self.skipTest("demonstration data not loaded")

    def demo_identities(self):
        return self.env["focus.situation.identity"].sudo().search([]).mapped("name")

    def assertNoDemoIdentity(self, text):
        for name in self.demo_identities():
            self.assertNotIn(name, text)

    def test_demo_documents(self):
        ref = self.env.ref
        chair = ref("focus_table.user_riverside_chair")
        archivist = ref("focus_table.user_riverside_archivist")
        police = ref("focus_table.user_riverside_police")
        printed = {
            "case report": self.render_pdf(
                "focus_table_reports.action_report_situation_case",
                ref("focus_table.focus_situation_demo_r01"),
                police,
            ),
            "agenda": self.render_pdf(
                "focus_table_reports.action_report_meeting_agenda",
                ref("focus_table.focus_meeting_demo_riv_today"),
                chair,
            ),
            "minutes": self.render_pdf(
                "focus_table_reports.action_report_meeting_minutes",
                self.demo,
                chair,
            ),
        }
        wizard = (
            self.env["focus.summary.wizard"]
            .with_user(archivist)
            .create({"period": "this_year"})
        )
        wizard.date_from = wizard.date_from.replace(year=wizard.date_from.year - 1)
        printed["summary"] = self.render_pdf(
            "focus_table_reports.action_report_periodic_summary", wizard, archivist
        )
        expected = {
            "case report": "Situation Case Report",
            "agenda": "Meeting Agenda",
            "minutes": "Meeting Minutes",
            "summary": "Periodic Summary",
        }
        for name, content in printed.items():
            text = self.pdf_text(content)
            self.assertIn(expected[name], text, name)
            self.assertIn("Riverside Situation Table", text, name)
            self.assertNoDemoIdentity(text)
