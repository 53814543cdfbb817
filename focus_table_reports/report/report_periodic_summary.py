from odoo import api, models
from odoo.tools import format_date

TOP_CATEGORIES = 10
TOP_PAIRS = 5
# Colours of the charts, matching the report style sheet.
LIGHT = "#9bbfd1"
DARK = "#2f6f8f"
GREY = "#7d8c96"


class ReportPeriodicSummary(models.AbstractModel):
    _name = "report.focus_table_reports.report_periodic_summary"
    _inherit = "focus.report.base"
    _description = "Periodic Summary"

    _report_xmlid = "focus_table_reports.action_report_periodic_summary"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["focus.summary.wizard"].browse(docids)
        self._check_report_access(wizards)
        stats = self.env["focus.statistics"]
        summaries = {}
        for wizard in wizards:
            # Several tables may be summarised together: the first one's
            # language is the document's.
            lang = self._report_lang(wizard.table_ids)
            wizard = wizard.with_context(lang=lang)
            figures = stats.with_context(lang=lang).compute(
                wizard.date_from, wizard.date_to, wizard.table_ids
            )
            summaries[wizard.id] = {
                "stats": figures,
                "charts": self.with_context(lang=lang)._charts(figures),
                "period": wizard._period_label(),
                "top_categories": figures["risk_categories"][:TOP_CATEGORIES],
                "top_pairs": figures["category_pairs"][:TOP_PAIRS],
            }
        return {
            **self._common_values(),
            "doc_ids": docids,
            "doc_model": "focus.summary.wizard",
            "docs": wizards,
            "summary": summaries,
            "fmt": stats,
        }

    @api.model
    def _charts(self, figures):
        stats = self.env["focus.statistics"]
        months = figures["months"]
        labels = [
            format_date(self.env, row["month"], date_format="MMM y") for row in months
        ]
        return {
            "months": stats.chart_columns(
                labels,
                [
                    (self.env._("Presented"), LIGHT, [r["presented"] for r in months]),
                    (self.env._("Accepted"), DARK, [r["accepted"] for r in months]),
                    (self.env._("Rejected"), GREY, [r["rejected"] for r in months]),
                ],
            ),
            "categories": stats.chart_bars(
                [(c.name, n) for c, n in figures["risk_categories"][:TOP_CATEGORIES]]
            )
            if figures["risk_categories"]
            else False,
            "hours": stats.chart_columns(
                [label for label, _n in figures["hour_bands"]],
                [
                    (
                        self.env._("Accepted situations"),
                        DARK,
                        [n for _label, n in figures["hour_bands"]],
                    )
                ],
                height=180,
            )
            if figures["interventions"]
            else False,
        }
