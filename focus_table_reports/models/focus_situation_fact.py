from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.focus_table.models.focus_situation_workflow import STATES

from .focus_bucket_fact import refill_all


class FocusSituationFact(models.Model):
    """Situations per table, month presented and status: *Situation Figures*.

    The analysis of every table at once, pre-aggregated like
    ``focus.risk.fact`` and kept current by the same buckets: some fifteen
    thousand rows for a million situations. The average hours to intervention
    is weighted by the situations of each bucket (``_read_group_select``), so
    it is the figure of the situations' own pivot. De-identified by
    construction.
    """

    _name = "focus.situation.fact"
    _inherit = ["focus.bucket.fact"]
    _description = "Situation Figures"
    _log_access = False
    _order = "date_month desc, table_id, state"
    _rec_name = "table_id"
    # table, month, status
    _fact_dimensions = 3

    state = fields.Selection(STATES, string="Status", readonly=True)
    situation_count = fields.Integer("Situations", readonly=True)
    intervention_count = fields.Integer("Interventions", readonly=True)
    within_target_count = fields.Integer("Within Target", readonly=True)
    hours_total = fields.Float("Hours to Intervention (sum)", readonly=True)
    hours_count = fields.Integer("Hours to Intervention (count)", readonly=True)
    # The bucket's own average; grouped, the average over all its situations.
    intervention_hours = fields.Float(
        "Hours to Intervention", aggregator="avg", readonly=True
    )

    _grain_idx = models.Index("(table_id, date_month, state)")

    def init(self):
        self.env.cr.execute("SELECT EXISTS (SELECT 1 FROM focus_situation_fact)")
        if not self.env.cr.fetchone()[0]:
            self._rebuild()

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec == "intervention_hours:avg":
            return SQL(
                "SUM(%s) / NULLIF(SUM(%s), 0)",
                self._field_to_sql(self._table, "hours_total", query),
                self._field_to_sql(self._table, "hours_count", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    # Kept current with the risk facts' buckets (focus_bucket_queue).
    def _rebuild(self):
        refill_all(self)

    def _fact_columns(self):
        return SQL(
            "table_id, date_month, state, situation_count, intervention_count, "
            "within_target_count, hours_total, hours_count, intervention_hours"
        )

    def _fact_select(self):
        return SQL("""
            SELECT s.table_id,
                   date_trunc('month', s.date_presented)::date,
                   s.state,
                   COUNT(*),
                   COUNT(*) FILTER (WHERE s.date_intervention IS NOT NULL),
                   COUNT(*) FILTER (WHERE s.within_target),
                   COALESCE(SUM(s.intervention_hours), 0),
                   COUNT(s.intervention_hours),
                   AVG(s.intervention_hours)
              FROM focus_situation s
        """)
