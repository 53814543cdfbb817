from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.focus_table.models.focus_conclusion import OUTCOMES

from .focus_bucket_fact import refill_all
from .focus_statistics import FOLLOW_UP_MONTHS, ratio

SUMS = (
    "situation_count",
    "accepted_count",
    "intervention_count",
    "within_target_count",
    "repeat_count",
    "represented_count",
)


class FocusOutcomeFact(models.Model):
    """What became of the situations: per table, month presented, area, lead
    sector, outcome class and month closed.

    Pre-aggregated like ``focus.risk.fact``, and kept current by the same
    buckets: a change of a situation's outcome, intervention, agencies, area or
    repeat links marks its (table, month) bucket, recomputed before the commit.
    The headline rates (``headline``) read a few hundred rows per table and
    year, whatever the number of situations. De-identified by construction.
    """

    _name = "focus.outcome.fact"
    _inherit = ["focus.bucket.fact"]
    _description = "Outcome Statistics"
    _log_access = False
    _order = "date_month desc, table_id"
    _rec_name = "table_id"
    # table, month, area, lead sector, outcome, month closed
    _fact_dimensions = 6

    area_id = fields.Many2one("focus.area", readonly=True, ondelete="set null")
    lead_sector_id = fields.Many2one("focus.sector", readonly=True, ondelete="set null")
    outcome = fields.Selection(OUTCOMES, readonly=True)
    date_closed_month = fields.Date("Closed (month)", readonly=True)
    situation_count = fields.Integer("Situations", readonly=True)
    accepted_count = fields.Integer("Accepted", readonly=True)
    intervention_count = fields.Integer("Interventions", readonly=True)
    within_target_count = fields.Integer("Within Target", readonly=True)
    # Presented again within 12 months of an earlier presentation.
    repeat_count = fields.Integer("Repeat Presentations", readonly=True)
    # Closed, then presented again within 12 months of the closing.
    represented_count = fields.Integer("Presented Again After Closing", readonly=True)

    _grain_idx = models.Index(
        "(table_id, date_month, area_id, lead_sector_id, outcome, date_closed_month)"
    )

    def init(self):
        self.env.cr.execute("SELECT EXISTS (SELECT 1 FROM focus_outcome_fact)")
        if not self.env.cr.fetchone()[0]:
            self._rebuild()

    # Kept current with the risk facts' buckets (focus_bucket_queue).
    def _rebuild(self):
        refill_all(self)

    def _fact_columns(self):
        return SQL(
            "table_id, date_month, area_id, lead_sector_id, outcome, "
            "date_closed_month, situation_count, accepted_count, intervention_count, "
            "within_target_count, repeat_count, represented_count"
        )

    def _fact_select(self):
        return SQL(
            """
            SELECT s.table_id,
                   date_trunc('month', s.date_presented)::date,
                   s.area_id,
                   lead.sector_id,
                   CASE WHEN s.state = 'closed' THEN s.conclusion_outcome END,
                   date_trunc('month', s.date_closed)::date,
                   COUNT(*),
                   COUNT(*) FILTER (WHERE s.state IN %s),
                   COUNT(*) FILTER (WHERE s.date_intervention IS NOT NULL),
                   COUNT(*) FILTER (WHERE s.within_target),
                   COUNT(*) FILTER (WHERE s.is_repeat),
                   COUNT(*) FILTER (
                       WHERE s.date_closed IS NOT NULL
                         AND s.represented_on <= s.date_closed + interval '12 months'
                   )
              FROM focus_situation s
              LEFT JOIN focus_agency lead ON lead.id = s.lead_agency_id
            """,
            ("accepted", "intervention", "closed"),
        )

    # ------------------------------------------------------------------
    # Headline rates
    # ------------------------------------------------------------------
    @api.model
    def headline(self, domain=(), today=None):
        """The figures a table publishes, over the facts the user may read.

        ``today`` decides which closings have had their twelve months of
        follow-up. Counts are raw: the printed figures apply the small-count
        rule (``focus.statistics.format_*``).
        """
        return self.headlines_by_table(domain, today).get("all") or self._figures(
            {}, (0, 0)
        )

    @api.model
    def headlines_by_table(self, domain=(), today=None):
        """``{table: figures}`` and ``{"all": figures}``, in two grouped reads."""
        today = today or fields.Date.context_today(self)
        mature = date(today.year, today.month, 1) - relativedelta(
            months=FOLLOW_UP_MONTHS
        )
        sums = [f"{name}:sum" for name in SUMS]
        rows = self._read_group(list(domain), ["table_id", "outcome"], sums)
        matured = dict(
            (table, values)
            for table, *values in self._read_group(
                [
                    *domain,
                    ("outcome", "=", "risk_lowered"),
                    ("date_closed_month", "<", mature),
                ],
                ["table_id"],
                ["situation_count:sum", "represented_count:sum"],
            )
        )
        by_table = {}
        for table, outcome, *values in rows:
            by_table.setdefault(table, {})[outcome] = values
        everything = {}
        for outcomes in by_table.values():
            for outcome, values in outcomes.items():
                current = everything.get(outcome, [0] * len(SUMS))
                everything[outcome] = [
                    a + (b or 0) for a, b in zip(current, values, strict=True)
                ]
        all_matured = [
            sum(values[i] or 0 for values in matured.values()) for i in range(2)
        ]
        result = {
            table: self._figures(outcomes, matured.get(table, (0, 0)))
            for table, outcomes in by_table.items()
        }
        result["all"] = self._figures(everything, all_matured)
        return result

    @api.model
    def _figures(self, by_outcome, matured):
        zero = [0] * len(SUMS)
        total = [
            sum(values[i] or 0 for values in by_outcome.values())
            for i in range(len(SUMS))
        ]
        presented, accepted, interventions, within, repeats, _again = total
        lowered = (by_outcome.get("risk_lowered") or zero)[0] or 0
        not_lowered = (by_outcome.get("still_aer") or zero)[0] or 0
        mature_lowered, mature_again = ((value or 0) for value in matured)
        lasting = mature_lowered - mature_again
        return {
            "presented": presented,
            "accepted": accepted,
            "concluded": lowered + not_lowered,
            "risk_lowered": lowered,
            "risk_not_lowered": not_lowered,
            "risk_lowered_rate": ratio(lowered, lowered + not_lowered),
            "interventions": interventions,
            "within_target": within,
            "within_target_rate": ratio(within, interventions),
            "repeat": repeats,
            "repeat_rate": ratio(repeats, presented),
            "lasting_base": mature_lowered,
            "lasting": lasting,
            "lasting_rate": ratio(lasting, mature_lowered),
        }
