from datetime import date, timedelta

from odoo import api, fields, models
from odoo.tools import format_date

from ..models.focus_statistics import quarter_bounds

PERIODS = [
    ("last_quarter", "Last quarter"),
    ("this_quarter", "This quarter"),
    ("last_year", "Last year"),
    ("this_year", "This year"),
    ("custom", "Custom"),
]


class FocusPeriodMixin(models.AbstractModel):
    """A period and the tables it covers, as chosen in the statistics wizards."""

    _name = "focus.period.mixin"
    _description = "Focus Table Reporting Period"

    period = fields.Selection(PERIODS, required=True, default="last_quarter")
    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._period_bounds()[0]
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: self._period_bounds()[1]
    )
    allowed_table_ids = fields.Many2many(
        "focus.table", compute="_compute_allowed_table_ids"
    )
    table_ids = fields.Many2many(
        "focus.table",
        string="Tables",
        required=True,
        default=lambda self: self._default_tables(),
        domain="[('id', 'in', allowed_table_ids)]",
    )

    @api.model
    def _reportable_tables(self):
        """Tables whose statistics the user may see: chaired, archived or, for
        administrators, all."""
        domain = [("active", "=", True)]
        if not self.env.user.has_group("focus_table.group_manager"):
            uid = self.env.uid
            domain += ["|", ("chair_ids", "in", uid), ("archivist_ids", "in", uid)]
        return self.env["focus.table"].search(domain)

    @api.model
    def _default_tables(self):
        return self._reportable_tables()

    def _compute_allowed_table_ids(self):
        tables = self._reportable_tables()
        for wizard in self:
            wizard.allowed_table_ids = tables

    @api.model
    def _period_bounds(self, period="last_quarter"):
        today = fields.Date.context_today(self)
        if period == "this_quarter":
            return quarter_bounds(today)
        if period == "last_quarter":
            start, _end = quarter_bounds(today)
            return quarter_bounds(start - timedelta(days=1))
        if period == "this_year":
            return date(today.year, 1, 1), date(today.year, 12, 31)
        if period == "last_year":
            return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
        return None

    @api.onchange("period")
    def _onchange_period(self):
        bounds = self._period_bounds(self.period)
        if bounds:
            self.date_from, self.date_to = bounds

    def _period_label(self):
        self.ensure_one()
        return self.env._(
            "%(start)s to %(end)s",
            start=format_date(self.env, self.date_from, date_format="long"),
            end=format_date(self.env, self.date_to, date_format="long"),
        )
