from odoo import fields, models
from odoo.tools import SQL


class FocusBucketFact(models.AbstractModel):
    """Statistics pre-aggregated per (table, month presented) bucket.

    ``focus.risk.fact`` keeps the buckets: it marks those a write moves a
    situation out of or into, and recomputes, before the commit, the rows of
    every fact model of the marked buckets (``refill_buckets``). A concrete model
    gives ``_fact_columns()``, ``_fact_select()`` (``s`` is the situation) and
    ``_fact_dimensions``, the number of grouped columns, first.
    """

    _name = "focus.bucket.fact"
    _inherit = ["focus.table.column.mixin"]
    _description = "Statistics per Table and Month"
    _log_access = False
    _fact_dimensions = 2

    table_id = fields.Many2one(
        "focus.table", required=True, readonly=True, ondelete="cascade", index=True
    )
    date_month = fields.Date(
        string="Presented (month)",
        required=True,
        readonly=True,
        help="First day of the month the situations were presented in.",
    )

    def _search(self, domain, *args, **kwargs):
        # A transaction reads its own writes (see focus_bucket_queue).
        self.env["focus.risk.fact"]._refresh_own()
        return super()._search(domain, *args, **kwargs)


def refill_buckets(facts, tables, months):
    """Recompute the rows of the fact model ``facts`` of the (table, month)
    buckets ``zip(tables, months)`` from the situations presented in them.

    ``facts`` gives ``_fact_columns()``, ``_fact_select()`` (``s`` is the
    situation) and ``_fact_dimensions`` (the grouped columns, first).
    """
    cr = facts.env.cr
    table = SQL.identifier(facts._table)
    cr.execute(
        SQL(
            """
            DELETE FROM %s fact
             USING unnest(%s::integer[], %s::date[]) AS bucket(table_id, date_month)
             WHERE fact.table_id = bucket.table_id
               AND fact.date_month = bucket.date_month
            """,
            table,
            tables,
            months,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO %s (%s)
            %s
              JOIN unnest(%s::integer[], %s::date[]) AS bucket(table_id, date_month)
                ON s.table_id = bucket.table_id
               AND s.date_presented >= bucket.date_month
               AND s.date_presented < bucket.date_month + interval '1 month'
             WHERE s.state != 'draft'
             GROUP BY %s
            """,
            table,
            facts._fact_columns(),
            facts._fact_select(),
            tables,
            months,
            _group_by(facts),
        )
    )


def refill_all(facts):
    """Recompute every row of the fact model ``facts`` (install, loads)."""
    cr = facts.env.cr
    table = SQL.identifier(facts._table)
    cr.execute(SQL("DELETE FROM %s", table))
    cr.execute(
        SQL(
            """
            INSERT INTO %s (%s)
            %s
             WHERE s.state != 'draft' AND s.date_presented IS NOT NULL
             GROUP BY %s
            """,
            table,
            facts._fact_columns(),
            facts._fact_select(),
            _group_by(facts),
        )
    )


def _group_by(facts):
    return SQL(", ".join(str(i) for i in range(1, facts._fact_dimensions + 1)))
