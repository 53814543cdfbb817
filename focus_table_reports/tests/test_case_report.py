from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import FocusReportCase

CASE_REPORT = "focus_table_reports.action_report_situation_case"


class TestCaseReport(FocusReportCase):
    """The situation case report, printed as a real PDF and read back."""

    def test_case_report_content(self):
        situation = self.intervened[0]
        text = self.pdf_text(self.render_pdf(CASE_REPORT, situation, self.user_health))
        for expected in (
            "Situation Case Report",
            situation.name,
            self.table.name,
            "Four Filter history",
            "Filter 1",
            "Filter 2",
            "Filter 3",
            "Filter 4",
            "Accepted",
            # Subject, age band, gender.
            "Individual",
            self.band_youth.name,
            "Female",
            # Risk factors by category, protective factors flagged.
            self.cat_a.name,
            self.factor_a.name,
            self.cat_b.name,
            self.factor_b.name,
            self.factor_protective.name,
            "(protective)",
            # Agencies with their roles and sectors.
            "Originating",
            self.police.name,
            "Lead",
            self.health.name,
            "Assisting",
            self.sector_health.name,
            # Timeliness against the target.
            "4.0 h",
            "48 hours",
            "Within target",
            # Conclusion.
            self.concl_connected.name,
            "Overall risk lowered",
            "De-identified summary",
        ):
            self.assertIn(expected, text)
        self.assertNoIdentity(text)

    def test_case_report_outside_target_and_rejected(self):
        late = self.intervened[-1]  # 100 hours
        text = self.pdf_text(self.render_pdf(CASE_REPORT, late, self.user_chair))
        self.assertIn("100.0 h", text)
        self.assertIn("Outside target", text)
        self.assertIn("Open", text)

        overdue = self.pdf_text(
            self.render_pdf(CASE_REPORT, self.overdue, self.user_chair)
        )
        self.assertIn("Overdue", overdue)

        rejected = self.rejected[0]
        text = self.pdf_text(self.render_pdf(CASE_REPORT, rejected, self.user_chair))
        self.assertIn("Rejected", text)
        self.assertIn("Only minimal data is kept", text)
        self.assertNotIn("De-identified summary", text)
        self.assertNotIn("Risk factors by category", text)

    def test_case_report_access(self):
        situation = self.intervened[0]
        # A member of another table cannot read the situation, so cannot print it.
        with self.assertRaises(AccessError):
            self.render_pdf(CASE_REPORT, situation, self.user_other)
        # Nor can an internal user without a Focus Table role.
        outsider = new_test_user(self.env, login="t_outsider", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.render_pdf(CASE_REPORT, situation, outsider)
        # The HTML rendering is refused the same way.
        Report = self.env["ir.actions.report"].with_user(self.user_other)
        with self.assertRaises(AccessError):
            Report._render_qweb_html(CASE_REPORT, situation.ids)

    def test_case_report_in_print_menu(self):
        report = self.env.ref(CASE_REPORT)
        self.assertEqual(report.binding_model_id.model, "focus.situation")
        self.assertIn(self.env.ref("focus_table.group_member"), report.group_ids)
