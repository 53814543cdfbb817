from odoo import api, fields, models
from odoo.tools import SQL, sql

from odoo.addons.focus_table.models.focus_situation import STATES

from .focus_bucket_fact import refill_all
from .focus_bucket_queue import (
    QUEUE_TABLE,
    UNSEEN_KEY,
    create_tables,
    queue_buckets,
    refresh_own,
    refresh_queued,
)

# Changes of these situation fields move a situation between facts.
FACT_FIELDS = frozenset(
    {
        "table_id",
        "date_presented",
        "state",
        "risk_factor_ids",
        # and those of the outcome and situation facts (focus.outcome.fact,
        # focus.situation.fact), kept by the same buckets
        "conclusion_id",
        "date_decision",
        "date_intervention",
        "date_closed",
        "lead_agency_id",
        "area_id",
        "repeat_of_ids",
        "represented_on",
    }
)
DIRTY_KEY = "focus.risk.fact.dirty"


class FocusRiskFact(models.Model):
    """Situations per risk category, table, month presented and status.

    The risk analysis of a province (a million situations and five times as many
    risk factors) cannot be grouped on the fly in the time of a pivot view: this
    table holds it pre-aggregated, a few hundred rows per table and year.

    It is kept current by the writes: a change of a situation's table, date
    presented, status or risk factors marks its (table, month) bucket; just
    before the transaction commits (``cr.precommit``) the marked buckets are
    queued, and right after it they are recomputed from the situations, in a
    transaction of their own (``focus_bucket_queue``), so that two writers of
    one bucket never conflict.

    De-identified by construction (counts of reference data only) and restricted
    by its own record rules, like the other statistics.
    """

    _name = "focus.risk.fact"
    _inherit = ["focus.bucket.fact"]
    _description = "Risk Analysis"
    _log_access = False
    _order = "date_month desc, table_id, risk_category_id"
    _rec_name = "risk_category_id"
    # table, month, category, state, protective
    _fact_dimensions = 5

    risk_category_id = fields.Many2one(
        "focus.risk.category", required=True, readonly=True, ondelete="cascade"
    )
    state = fields.Selection(STATES, string="Status", required=True, readonly=True)
    is_protective = fields.Boolean(string="Protective", readonly=True)
    situation_count = fields.Integer(
        string="Situations",
        readonly=True,
        help="Situations with at least one factor of the category (each counted once "
        "per category).",
    )
    mention_count = fields.Integer(
        string="Factors Mentioned",
        readonly=True,
        help="Risk factors of the category recorded on the situations.",
    )

    _grain_uniq = models.UniqueIndex(
        "(table_id, date_month, risk_category_id, state, is_protective)"
    )

    def init(self):
        cr = self.env.cr
        create_tables(cr)
        cr.execute("SELECT EXISTS (SELECT 1 FROM focus_risk_fact_bucket)")
        if not cr.fetchone()[0]:
            self._rebuild()

    # ------------------------------------------------------------------
    # Keeping the facts current
    # ------------------------------------------------------------------
    @api.model
    def _mark_situations(self, situations):
        """Recompute, before commit, the buckets ``situations`` are in now."""
        if not situations:
            return
        # The buckets are read in SQL: written values must be there first.
        situations.flush_recordset(["table_id", "date_presented"])
        self.env.cr.execute(
            """
            SELECT DISTINCT table_id, date_trunc('month', date_presented)::date
              FROM focus_situation
             WHERE id = ANY(%s) AND date_presented IS NOT NULL
            """,
            [list(situations._ids)],
        )
        self._mark_buckets(self.env.cr.fetchall())

    @api.model
    def _mark_buckets(self, buckets):
        if not buckets:
            return
        precommit = self.env.cr.precommit
        dirty = precommit.data.get(DIRTY_KEY)
        if dirty is None:
            dirty = precommit.data[DIRTY_KEY] = set()
            precommit.add(self._queue_marked)
        dirty.update(buckets)

    @api.model
    def _mark_all(self):
        """A change of the taxonomy moves every fact: rebuild all before commit."""
        self._mark_buckets({"all"})

    def _queue_marked(self):
        dirty = self.env.cr.precommit.data.pop(DIRTY_KEY, set())
        if dirty and not sql.table_exists(self.env.cr, QUEUE_TABLE):
            # The addon is being uninstalled: its hook dropped the buckets
            # before the data whose removal marked them.
            return
        if "all" in dirty:
            self._rebuild()
        elif dirty:
            queue_buckets(self.env, dirty)

    @api.model
    def _refresh_own(self):
        refresh_own(self.env)

    @api.model
    def _cron_refresh_queued(self):
        """Recompute the buckets a crash left queued after their commit."""
        return refresh_queued(self.env)

    @api.model
    def _rebuild(self):
        """Recompute every fact from the situations (install, loads, taxonomy)."""
        cr = self.env.cr
        cr.execute("DELETE FROM focus_risk_fact_bucket")
        cr.execute("DELETE FROM focus_risk_fact_queue")
        cr.postcommit.data.pop(UNSEEN_KEY, None)
        cr.execute(
            """
            INSERT INTO focus_risk_fact_bucket (table_id, date_month)
            SELECT DISTINCT table_id, date_trunc('month', date_presented)::date
              FROM focus_situation
             WHERE date_presented IS NOT NULL
            """
        )
        refill_all(self)
        # At install the other facts' tables come after this one; they are
        # then filled by their own init.
        for other in ("focus.outcome.fact", "focus.situation.fact"):
            if sql.table_exists(cr, self.env[other]._table):
                self.env[other]._rebuild()
        self.env.invalidate_all()

    def _fact_columns(self):
        return SQL(
            "table_id, date_month, risk_category_id, state, is_protective, "
            "situation_count, mention_count"
        )

    def _fact_select(self):
        return SQL("""
            SELECT s.table_id,
                   date_trunc('month', s.date_presented)::date,
                   f.category_id,
                   s.state,
                   COALESCE(f.is_protective, FALSE) OR COALESCE(c.is_protective, FALSE),
                   COUNT(DISTINCT s.id),
                   COUNT(*)
              FROM focus_situation s
              JOIN focus_risk_factor_focus_situation_rel rel
                ON rel.focus_situation_id = s.id
              JOIN focus_risk_factor f ON f.id = rel.focus_risk_factor_id
              JOIN focus_risk_category c ON c.id = f.category_id
        """)
