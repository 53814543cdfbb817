import re

from odoo.exceptions import AccessError

from .common import FocusReportCase

SUMMARY = "focus_table_reports.action_report_periodic_summary"


class TestSummaryReport(FocusReportCase):
    """The periodic summary: the figures of the quarter, printed with the
    small-count rule, as a real PDF."""

    def wizard(self, user, tables=None):
        return (
            self.env["focus.summary.wizard"]
            .with_user(user)
            .create(
                {
                    "period": "custom",
                    "date_from": self.DATE_FROM,
                    "date_to": self.DATE_TO,
                    "table_ids": [(6, 0, (tables or self.table).ids)],
                    "note": "For the steering committee.",
                }
            )
        )

    def assertFigure(self, text, label, value):
        """``label`` followed, on its line, by ``value``."""
        pattern = re.escape(label) + r"[ \t]+" + re.escape(value) + r"(?!\S)"
        self.assertRegex(text, pattern)

    def test_summary_pdf(self):
        wizard = self.wizard(self.user_archivist)
        text = self.pdf_text(self.render_pdf(SUMMARY, wizard, self.user_archivist))
        self.assertIn("Periodic Summary", text)
        self.assertIn("January 1, 2025 to March 31, 2025", text)
        self.assertIn(self.table.name, text)
        self.assertIn("For the steering committee.", text)
        # Counts of 5 and more as they are, 1 to 4 as "<5", 0 as 0.
        self.assertFigure(text, "Presented", "20")
        self.assertFigure(text, "Accepted as acutely elevated risk", "13")
        self.assertFigure(text, "Rejected (not AER)", "6")
        self.assertFigure(text, "Awaiting a decision", "<5")
        self.assertFigure(text, "Repeat presentations (12 months)", "<5")
        self.assertIn("68 %", text)  # 13 of 19 decided
        # Conclusions: 9 closed, 6 lowered (67 %), the breakdown suppressed below 5.
        self.assertFigure(text, "Closed with a conclusion", "9")
        self.assertFigure(text, "Overall risk lowered", "6")
        self.assertFigure(text, "Share with risk lowered", "67 %")
        self.assertFigure(text, self.concl_connected.name, "5")
        self.assertFigure(text, self.concl_informed.name, "<5")
        self.assertFigure(text, self.concl_withdrawn.name, "<5")
        # Timeliness.
        self.assertFigure(text, "First interventions recorded", "12")
        self.assertFigure(text, "Median hours to intervention", "38.0 h")
        self.assertFigure(text, "90th percentile hours", "70.8 h")
        self.assertFigure(text, "Within the response target", "62 %")
        self.assertFigure(text, "Still waiting past the target", "<5")
        self.assertFigure(
            text, "Agencies involved per accepted situation (average)", "1.3"
        )
        # Risk categories found together; sectors; people.
        self.assertFigure(text, f"{self.cat_a.name} + {self.cat_b.name}", "8")
        self.assertFigure(text, f"{self.cat_a.name} + {self.cat_c.name}", "<5")
        self.assertFigure(text, self.sector_police.name, "8")
        self.assertFigure(text, self.sector_housing.name, "<5")
        self.assertFigure(text, "Male", "12")
        self.assertFigure(text, "Not known", "<5")
        # No figure from 1 to 4 anywhere: every count is 0, 5 or more, or "<5".
        for label in ("Awaiting a decision", "Repeat presentations (12 months)"):
            self.assertNotRegex(text, re.escape(label) + r"[ \t]+[1-4](?!\S)")
        # Nothing of the Northgate situation, nothing identifying.
        self.assertNotIn(self.table_north.name, text)
        self.assertNoIdentity(text)

    def test_summary_charts_are_images(self):
        wizard = self.wizard(self.user_archivist)
        values = (
            self.env["report.focus_table_reports.report_periodic_summary"]
            .with_user(self.user_archivist)
            ._get_report_values(wizard.ids)
        )
        charts = values["summary"][wizard.id]["charts"]
        for key in ("months", "categories", "hours"):
            self.assertTrue(charts[key].startswith("data:image/svg+xml;base64,"))

    def test_summary_access(self):
        # Members have no access to the wizard, hence no summary.
        with self.assertRaises(AccessError):
            self.wizard(self.user_police)
        # An archivist cannot report on a table they do not keep the archives of,
        # even one their agency sits at.
        self.user_archivist.focus_agency_id = self.school
        wizard = self.wizard(self.user_archivist, self.table | self.table_north)
        with self.assertRaises(AccessError):
            wizard.action_print()
        with self.assertRaises(AccessError):
            self.render_pdf(SUMMARY, wizard, self.user_archivist)
        # Nor can another user print someone else's wizard.
        mine = self.wizard(self.user_archivist)
        with self.assertRaises(AccessError):
            self.render_pdf(SUMMARY, mine, self.user_chair)

    def test_summary_action(self):
        wizard = self.wizard(self.user_chair)
        action = wizard.action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(
            action["report_name"], "focus_table_reports.report_periodic_summary"
        )
