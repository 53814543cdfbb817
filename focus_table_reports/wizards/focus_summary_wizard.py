from odoo import fields, models


class FocusSummaryWizard(models.TransientModel):
    """Prints the periodic (quarterly or annual) summary of one or more tables."""

    _name = "focus.summary.wizard"
    _inherit = "focus.period.mixin"
    _description = "Periodic Summary"

    note = fields.Text(
        string="Foreword",
        help="Printed at the top of the summary, e.g. for the funders' attention.",
    )

    def action_print(self):
        self.ensure_one()
        # Fails early, with a clear message, for a table the user may not report on.
        self.env["focus.statistics"]._check_tables(self.table_ids)
        action = self.env.ref(
            "focus_table_reports.action_report_periodic_summary"
        ).report_action(self)
        # The dialog has done its job once the PDF is downloaded.
        action["close_on_report_download"] = True
        return action
