from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from odoo.addons.focus_table.tools.actions import window_action

DASHBOARD = {"compute": "_compute_dashboard"}


class FocusTable(models.Model):
    """The table's export setting, and its card on the outcome dashboard: its
    headline rates over the last twelve months and the views behind them, read
    with the user's own rights (only the tables whose statistics the user may
    read have figures)."""

    _inherit = "focus.table"

    export_area_services = fields.Boolean(
        string="Export Areas and Services",
        help="Add the area of each situation and the number of services mobilized "
        "to the provincial export (one row per situation).",
    )
    dashboard_presented = fields.Integer("Presented (12 months)", **DASHBOARD)
    dashboard_risk_lowered_rate = fields.Float("Risk Lowered (%)", **DASHBOARD)
    dashboard_within_target_rate = fields.Float("Within Target (%)", **DASHBOARD)
    dashboard_repeat = fields.Integer("Repeat Presentations", **DASHBOARD)
    dashboard_lasting_rate = fields.Float(
        "Lasting Reduction (%)",
        help="Of the situations closed as risk lowered at least 12 months ago, the "
        "share not presented again within 12 months of their closing.",
        **DASHBOARD,
    )
    dashboard_has_figures = fields.Boolean(**DASHBOARD)
    # The rates as printed on the cards: a dash where there is nothing to divide.
    dashboard_risk_lowered = fields.Char("Risk Lowered", **DASHBOARD)
    dashboard_within_target = fields.Char("Within Target", **DASHBOARD)
    dashboard_lasting = fields.Char("Lasting Reduction", **DASHBOARD)

    @api.depends_context("uid")
    def _compute_dashboard(self):
        Fact = self.env["focus.outcome.fact"]
        figures = {}
        if self.env.user.has_group("focus_table.group_archivist"):
            since = fields.Date.context_today(self) - relativedelta(months=12)
            figures = Fact.headlines_by_table(
                [("table_id", "in", self.ids), ("date_month", ">=", since)]
            )
        for table in self:
            values = figures.get(table)
            table.dashboard_has_figures = bool(values)
            values = values or {}
            table.dashboard_presented = values.get("presented", 0)
            table.dashboard_risk_lowered_rate = values.get("risk_lowered_rate") or 0
            table.dashboard_within_target_rate = values.get("within_target_rate") or 0
            table.dashboard_repeat = values.get("repeat", 0)
            table.dashboard_lasting_rate = values.get("lasting_rate") or 0
            # A dash where there is nothing to divide (no follow-up ended yet).
            for name in ("risk_lowered", "within_target", "lasting"):
                rate = values.get(f"{name}_rate")
                table[f"dashboard_{name}"] = "–" if rate is None else f"{rate:.0f}%"

    def _dashboard_action(self, xmlid, context):
        self.ensure_one()
        return window_action(self.env, xmlid, [("table_id", "=", self.id)], context)

    @api.readonly
    def action_dashboard_months(self):
        return self._dashboard_action(
            "focus_table_reports.focus_situation_report_action_months", {}
        )

    @api.readonly
    def action_dashboard_risks(self):
        return self._dashboard_action("focus_table_reports.focus_risk_fact_action", {})

    @api.readonly
    def action_dashboard_timeliness(self):
        return self._dashboard_action(
            "focus_table_reports.focus_situation_report_action_timeliness", {}
        )

    @api.readonly
    def action_dashboard_outcomes(self):
        return self._dashboard_action(
            "focus_table_reports.focus_outcome_fact_action", {}
        )

    @api.readonly
    def action_dashboard_open_actions(self):
        return self._dashboard_action(
            "focus_table.focus_action_action", {"search_default_open": 1}
        )
