from odoo.exceptions import AccessError

from .common import FocusReportCase

SUMMARY = "focus_table_reports.action_report_periodic_summary"


class TestSummaryReport(FocusReportCase):
    """The periodic summary: the figures of the quarter, printed with the
    small-count rule, as a real PDF."""

    def wizard(self, user, tables=None):
        return self.summary_wizard(user, tables, note="For the steering committee.")

    def test_summary_pdf(self):
        wizard = self.wizard(self.user_archivist)
        text = self.pdf_text(self.render_pdf(SUMMARY, wizard, self.user_archivist))
        rows = self.report_rows(SUMMARY, wizard, self.user_archivist)
        self.assertIn("Periodic Summary", text)
        self.assertIn("January 1, 2025 to March 31, 2025", text)
        self.assertIn(self.table.name, text)
        self.assertIn("For the steering committee.", text)
        self.assertIn("68 %", text)  # 13 of 19 decided
        figures = [
            # Counts of 5 and more as they are, 1 to 4 as "<5", 0 as 0.
            ("Presented", "20"),
            ("Accepted as acutely elevated risk", "13"),
            ("Rejected (not AER)", "6"),
            ("Awaiting a decision", "<5"),
            ("Repeat presentations (12 months)", "<5"),
            # Conclusions: 9 closed, 6 lowered (67 %), breakdown suppressed below 5.
            ("Closed with a conclusion", "9"),
            ("Overall risk lowered", "6"),
            ("Share with risk lowered", "67 %"),
            (self.concl_connected.name, "5"),
            (self.concl_informed.name, "<5"),
            (self.concl_withdrawn.name, "<5"),
            # Timeliness.
            ("First interventions recorded", "12"),
            ("Median hours to intervention", "38.0 h"),
            ("90th percentile hours", "70.8 h"),
            ("Within the response target", "62 %"),
            ("Still waiting past the target", "<5"),
            ("Agencies involved per accepted situation (average)", "1.3"),
            # Risk categories found together; sectors; people.
            (f"{self.cat_a.name} + {self.cat_b.name}", "8"),
            (f"{self.cat_a.name} + {self.cat_c.name}", "<5"),
            (self.sector_police.name, "8"),
            (self.sector_housing.name, "<5"),
            ("Male", "12"),
            ("Not known", "<5"),
        ]
        for label, value in figures:
            self.assertFigure(rows, label, value)
            # The PDF prints them too, wherever its lines break.
            self.assertIn(label, text)
            self.assertIn(value, text)
        # No count from 1 to 4 anywhere: every count is 0, 5 or more, or "<5".
        counts = [v for values in rows.values() for v in values if v.isdigit()]
        self.assertTrue(counts)
        self.assertFalse([c for c in counts if 1 <= int(c) <= 4], rows)
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
