from datetime import date
from unittest.mock import patch

from odoo import fields

from ..models.focus_statistics import quarter_bounds
from .common import FocusReportCase

ACTIONS = {
    "focus_table_reports.focus_situation_report_action": [
        "nbr:sum",
        "accepted_count:sum",
        "acceptance_rate:avg",
        "intervention_hours:avg",
    ],
    "focus_table_reports.focus_situation_risk_report_action": [
        "situation_id:count_distinct",
    ],
    "focus_table_reports.focus_action_report_action": ["nbr:sum", "on_time_rate:avg"],
    "focus_table_reports.focus_meeting_attendance_report_action": [
        "attendance_rate:avg",
    ],
}


class TestReportingViews(FocusReportCase):
    """The analysis actions open for an archivist in pivot, graph and list, and
    the wizards offer sensible periods and tables."""

    def test_analysis_views_load(self):
        for xmlid, measures in ACTIONS.items():
            action = self.env.ref(xmlid)
            Model = self.env[action.res_model].with_user(self.user_archivist)
            views = Model.get_views(
                [(False, "pivot"), (False, "graph"), (False, "list"), (False, "search")]
            )
            self.assertEqual(
                set(views["views"]), {"pivot", "graph", "list", "search"}, xmlid
            )
            groups = Model.formatted_read_group(
                [], ["table_id"], ["__count", *measures]
            )
            self.assertLessEqual(
                {g["table_id"][0] for g in groups if g["table_id"]}, {self.table.id}
            )
        menus = (
            self.env["ir.ui.menu"].with_user(self.user_archivist)._visible_menu_ids()
        )
        for name in (
            "focus_situation_report_menu",
            "focus_situation_risk_report_menu",
            "focus_action_report_menu",
            "focus_meeting_attendance_report_menu",
            "focus_summary_wizard_menu",
            "focus_provincial_export_menu",
        ):
            menu = self.env.ref(f"focus_table_reports.{name}")
            self.assertIn(menu.id, menus, name)
            self.assertEqual(
                menu.parent_id, self.env.ref("focus_table.focus_reporting_menu_root")
            )
        # Members do not see Reporting.
        member_menus = (
            self.env["ir.ui.menu"].with_user(self.user_police)._visible_menu_ids()
        )
        self.assertNotIn(
            self.env.ref("focus_table_reports.focus_summary_wizard_menu").id,
            member_menus,
        )

    def test_quarter_bounds(self):
        self.assertEqual(
            quarter_bounds(date(2025, 2, 14)), (date(2025, 1, 1), date(2025, 3, 31))
        )
        self.assertEqual(
            quarter_bounds(date(2025, 12, 31)), (date(2025, 10, 1), date(2025, 12, 31))
        )

    def test_wizard_periods_and_tables(self):
        Wizard = self.env["focus.summary.wizard"].with_user(self.user_archivist)
        with patch.object(fields.Date, "context_today", return_value=date(2025, 5, 20)):
            wizard = Wizard.new({})
            self.assertEqual(
                (wizard.date_from, wizard.date_to),
                (date(2025, 1, 1), date(2025, 3, 31)),
            )
            for period, bounds in (
                ("this_quarter", (date(2025, 4, 1), date(2025, 6, 30))),
                ("this_year", (date(2025, 1, 1), date(2025, 12, 31))),
                ("last_year", (date(2024, 1, 1), date(2024, 12, 31))),
            ):
                wizard.period = period
                wizard._onchange_period()
                self.assertEqual((wizard.date_from, wizard.date_to), bounds, period)
        # The archivist is offered the tables they keep the archives of.
        self.assertEqual(wizard.table_ids._origin, self.table)
        self.assertEqual(wizard.allowed_table_ids._origin, self.table)
        manager = self.env["focus.summary.wizard"].with_user(self.user_manager).new({})
        self.assertLessEqual(
            self.table | self.table_north, manager.allowed_table_ids._origin
        )
