"""The statistics' buckets, recomputed after the commit that moved them.

A write that moves situations between (table, month) buckets does not
recompute them in its own transaction: two writers of one bucket would then
conflict (a serialization failure on the bucket's row), and Odoo would serve
one of them again after a random pause of up to seconds, holding its worker
all that time. Instead, just before its commit, the writer appends its buckets
to a queue table, an INSERT that conflicts with nothing, and recomputes them
right after the commit in a transaction of its own at READ COMMITTED: it locks
the buckets' rows first, in one order, so two recomputations of a bucket wait
for each other instead of failing, and every statement after the lock reads
all the situations committed before it. The queue entries seen under the lock
are deleted with the recomputation; what a crash between the commit and the
recomputation leaves in the queue is recomputed by a scheduled action.

A transaction that reads the statistics after writes of its own recomputes
its queued buckets in its own snapshot first, so that it reads its writes.
"""

import logging

from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import SUPERUSER_ID, api
from odoo.tools import sql

from .focus_bucket_fact import refill_buckets

_logger = logging.getLogger(__name__)

BUCKET_TABLE = "focus_risk_fact_bucket"
QUEUE_TABLE = "focus_risk_fact_queue"
# cr.postcommit.data: the buckets this transaction queued, to recompute after
# its commit, and those it has not recomputed in its own snapshot yet.
QUEUED_KEY = "focus.risk.fact.queued"
UNSEEN_KEY = "focus.risk.fact.unseen"


def create_tables(cr):
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS focus_risk_fact_bucket (
            table_id integer NOT NULL,
            date_month date NOT NULL,
            version integer NOT NULL DEFAULT 1,
            PRIMARY KEY (table_id, date_month)
        )
        """
    )
    # No unique key: appending never waits for, nor conflicts with, another
    # transaction queueing the same bucket.
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS focus_risk_fact_queue (
            id bigserial PRIMARY KEY,
            table_id integer NOT NULL,
            date_month date NOT NULL
        )
        """
    )


def queue_buckets(env, buckets):
    """Before the commit: queue ``buckets``, recomputed after the commit."""
    cr = env.cr
    buckets = sorted(buckets)
    cr.execute(
        """
        INSERT INTO focus_risk_fact_queue (table_id, date_month)
        SELECT * FROM unnest(%s::integer[], %s::date[])
        """,
        [[table for table, _month in buckets], [month for _table, month in buckets]],
    )
    data = cr.postcommit.data
    data.setdefault(UNSEEN_KEY, set()).update(buckets)
    if QUEUED_KEY not in data:
        data[QUEUED_KEY] = set()
        registry = env.registry
        cr.postcommit.add(
            lambda: refresh_after_commit(registry, data.get(QUEUED_KEY, ()))
        )
    data[QUEUED_KEY].update(buckets)


def refresh_own(env):
    """Recompute, in this transaction's snapshot, the buckets it queued."""
    cr = env.cr
    if cr.readonly:  # a read-only transaction queued nothing
        return
    facts = env["focus.risk.fact"]
    facts._queue_marked()
    unseen = cr.postcommit.data.pop(UNSEEN_KEY, None)
    if unseen:
        env.flush_all()
        refresh_buckets(env, sorted(unseen))


def refresh_buckets(env, buckets):
    """Recompute the rows of every fact model of ``buckets`` (sorted)."""
    cr = env.cr
    tables = [table_id for table_id, _month in buckets]
    months = [month for _table_id, month in buckets]
    # Lock (and bump) the buckets' rows first, in order. At READ COMMITTED this
    # waits for a concurrent recomputation of the same bucket; at REPEATABLE
    # READ, a recomputation committed since the snapshot fails to serialize
    # instead of a stale one being written.
    cr.execute(
        """
        INSERT INTO focus_risk_fact_bucket AS bucket (table_id, date_month)
        SELECT * FROM unnest(%s::integer[], %s::date[])
        ON CONFLICT (table_id, date_month)
            DO UPDATE SET version = bucket.version + 1
        """,
        [tables, months],
    )
    cr.execute(
        """
        SELECT queue.id
          FROM focus_risk_fact_queue queue
          JOIN unnest(%s::integer[], %s::date[]) AS bucket(table_id, date_month)
            ON queue.table_id = bucket.table_id
           AND queue.date_month = bucket.date_month
        """,
        [tables, months],
    )
    seen = [row[0] for row in cr.fetchall()]
    for model in ("focus.risk.fact", "focus.outcome.fact", "focus.situation.fact"):
        refill_buckets(env[model], tables, months)
    # Only the entries queued before the recomputation read the situations.
    cr.execute("DELETE FROM focus_risk_fact_queue WHERE id = ANY(%s)", [seen])
    env.invalidate_all()


def refresh_after_commit(registry, buckets):
    """After the commit: recompute ``buckets`` in a transaction of their own.

    A failure here is logged, never raised: the writer's work is committed, and
    the queue keeps the buckets for the scheduled action.
    """
    if not buckets:
        return
    try:
        # Committed and closed at the end of the block. The connection goes
        # back to the pool at READ COMMITTED: every new cursor sets its own
        # isolation level (REPEATABLE READ) before its first query.
        with registry.cursor() as cr:
            if not sql.table_exists(cr, QUEUE_TABLE):
                return  # uninstalled meanwhile
            cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
            # Superuser: the recomputation reads every situation of the
            # buckets, but writes only counts and returns nothing.
            refresh_buckets(api.Environment(cr, SUPERUSER_ID, {}), sorted(buckets))
    except Exception:
        _logger.exception(
            "Statistics of %d bucket(s) left queued for the scheduled action",
            len(buckets),
        )


def refresh_queued(env):
    """Recompute every bucket left in the queue (the scheduled action), in
    ``env``'s transaction: a recomputation after a commit that runs meanwhile
    makes it fail to serialize, and the next run takes it up again."""
    env.cr.execute("SELECT DISTINCT table_id, date_month FROM focus_risk_fact_queue")
    buckets = sorted(env.cr.fetchall())
    if buckets:
        refresh_buckets(env, buckets)
    return len(buckets)
