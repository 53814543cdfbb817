from datetime import date, datetime

import lxml.html

from odoo import Command

from .common import FocusReportCase

MINUTES = "focus_table_reports.action_report_meeting_minutes"
SUMMARY = "focus_table_reports.action_report_periodic_summary"


class TestSystemicReports(FocusReportCase):
    """Systemic issues in the minutes of their meeting and in the periodic
    summary: titles, recommendations and responses, counts of situations only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._utc_meeting(datetime(2025, 2, 11, 10, 0))
        Issue = cls.env["focus.systemic.issue"]
        cls.detox = Issue.create(
            {
                "name": "No detox bed within 48 hours",
                "table_id": cls.table.id,
                "meeting_id": cls.meeting.id,
                "date_raised": date(2025, 2, 11),
                "situation_ids": [Command.set(cls.intervened[:3].ids)],
                "recommendation": "Reserve two beds for the table's referrals.",
                "addressed_to": "Regional Health Authority",
            }
        )
        cls.housing_gap = Issue.create(
            {
                "name": "No emergency housing for youth aged 16-17",
                "table_id": cls.table.id,
                "date_raised": date(2025, 3, 3),
                "situation_ids": [Command.set(cls.intervened[3:9].ids)],
                "response": "A same-night placement protocol is in place.",
            }
        )
        cls.later = Issue.create(
            {
                "name": "Raised after the quarter",
                "table_id": cls.table.id,
                "date_raised": date(2025, 4, 2),
            }
        )

    def test_minutes_list_the_issues_raised(self):
        self.meeting.with_user(self.user_archivist).action_acknowledge_confidentiality()
        Report = self.env["ir.actions.report"].with_user(self.user_archivist)
        html, _kind = Report._render_qweb_html(MINUTES, self.meeting.ids)
        text = " ".join(lxml.html.fromstring(html).text_content().split())
        self.assertIn("Systemic issues", text)
        self.assertIn(f"Systemic Issue: {self.detox.name}", text)
        self.assertIn(self.detox.name, text)
        self.assertIn("Reserve two beds for the table's referrals.", text)
        self.assertIn("To: Regional Health Authority", text)
        for situation in self.detox.situation_ids:
            self.assertNotIn(situation.name, text)

    def test_summary_section(self):
        wizard = self.summary_wizard(self.user_archivist)
        text = self.pdf_text(self.render_pdf(SUMMARY, wizard, self.user_archivist))
        self.assertIn("Systemic issues and recommendations", text)
        self.assertIn(self.detox.name, text)
        self.assertIn(self.housing_gap.name, text)
        self.assertIn("A same-night placement protocol is in place.", text)
        self.assertNotIn(self.later.name, text)
        # Three linked situations print as "<5", six as 6; never a reference.
        stats = self.env["focus.statistics"].with_user(self.user_archivist)
        issues = stats.compute(self.DATE_FROM, self.DATE_TO, self.table)[
            "systemic_issues"
        ]
        self.assertEqual(issues, self.detox | self.housing_gap)
        self.assertEqual(stats.format_count(self.detox.situation_count), "<5")
        self.assertEqual(stats.format_count(self.housing_gap.situation_count), "6")
        for situation in self.detox.situation_ids | self.housing_gap.situation_ids:
            self.assertNotIn(situation.name, text)
