"""The load generator: the plan, then each kind of record in turn, in one
transaction."""

import argparse
import random
import time
from datetime import date, datetime

from .actions import ActionsLoader
from .copy_writer import Timer
from .disclosures import DisclosuresLoader
from .identities import IdentitiesLoader
from .indexes import IndexesLoader
from .meetings import MeetingsLoader
from .orm_setup import OrmSetupLoader
from .plan import (
    LOADED_MODELS,
    MIRRORED_COMPUTES,
    RECOMPUTE_BATCH,
    SUPERUSER_ID,
    stored_computes,
)
from .situations import SituationsLoader


class LoadGenerator(
    OrmSetupLoader,
    IndexesLoader,
    MeetingsLoader,
    SituationsLoader,
    IdentitiesLoader,
    ActionsLoader,
    DisclosuresLoader,
):
    """Generate ``situations`` situations over ``tables`` tables and ``agencies``
    agencies, with meetings, actions, identities, disclosures and access logs."""

    def __init__(
        self,
        env,
        situations=1000000,
        tables=60,
        agencies=150,
        seed=1,
        log=print,
        today=None,
        drop_indexes=None,
    ):
        self.env = env
        self.cr = env.cr
        self.n_situations = situations
        self.n_tables = max(1, tables)
        self.n_agencies = max(3, agencies)
        self.rng = random.Random(seed)
        self.log = log or (lambda *_a: None)
        self.today = today or date.today()
        self.now = datetime.combine(self.today, datetime.min.time()).replace(hour=6)
        self.drop_indexes = (
            situations >= 100000 if drop_indexes is None else drop_indexes
        )
        self.timer = Timer(self.log)
        self.stats = {}
        # The states in which identifying details are shared, as the addon says;
        # imported once Odoo knows its addons path.
        from odoo.addons.focus_table.models.focus_situation_workflow import (  # noqa: PLC0415
            ACCEPTED_STATES,
        )

        self.accepted_states = ACCEPTED_STATES

    def run(self):
        self._reference_data()
        self._create_agencies_and_users()
        self._create_tables()
        self.timer.phase(
            "setup (ORM)",
            f"{len(self.agencies)} agencies, {len(self.users)} users, "
            f"{len(self.tables)} tables",
        )
        dropped = self._drop_indexes() if self.drop_indexes else []
        # Foreign keys are checked once, in bulk, after the load (_check_foreign_keys)
        # rather than row by row: the setting ends with the transaction at the latest.
        self.cr.execute("SET LOCAL session_replication_role = replica")
        try:
            self._load_bulk()
        finally:
            self.cr.execute("SET LOCAL session_replication_role = origin")
        self._check_foreign_keys()
        self.timer.phase("foreign keys checked")
        recomputed = recompute_remaining(self.env, self.loaded_ids, self.log)
        self.timer.phase("stored computes (ORM)", ", ".join(recomputed) or "none")
        if dropped:
            self._restore_indexes(dropped)
            self.timer.phase("indexes restored", f"{len(dropped)} indexes")
        self.env.invalidate_all()
        if "focus.risk.fact" in self.env:
            self.env["focus.risk.fact"]._rebuild()
            self.timer.phase("statistics facts rebuilt (risk, outcome, situation)")
        return self

    def _load_bulk(self):
        self._plan_meetings()
        self._load_meetings()
        self.timer.phase("meetings", f"{self.stats['meetings']} rows")
        self._plan_situations()
        self._plan_identities()
        self._mirror_computes()
        self.timer.phase("situations planned", f"{len(self.situations)} situations")
        self._load_situations()
        self.timer.phase(
            "situations",
            f"{self.stats['situations']} rows, {self.stats['risk_factors']} factors",
        )
        self._load_identities()
        self.timer.phase(
            "identities + repeats",
            f"{self.stats['identities']} rows, {self.stats['repeats']} links",
        )
        self._load_items_and_attendance()
        self.timer.phase(
            "agenda items + attendance",
            f"{self.stats['items']} items, {self.stats['attendance']} attendance",
        )
        self._load_actions()
        self.timer.phase("actions", f"{self.stats['actions']} rows")
        self._load_disclosures_and_logs()
        self.timer.phase(
            "disclosures + access log",
            f"{self.stats['disclosures']} + {self.stats['access_logs']} rows",
        )
        self._advance_sequences()

    def _advance_sequences(self):
        for table_id, count in self.counters.items():
            self.cr.execute(
                "UPDATE ir_sequence SET number_next = number_next + %s WHERE id = %s",
                [count, self.table_info[table_id]["sequence"]],
            )

    def summary(self):
        return dict(self.stats, phases=dict(self.timer.phases))


def recompute_remaining(env, loaded_ids, log=print):
    """Recompute through the ORM the stored computes the SQL did not fill."""
    done = []
    for model in LOADED_MODELS:
        ids = loaded_ids.get(model) or []
        fnames = [
            f
            for f in stored_computes(env, model)
            if (model, f) not in MIRRORED_COMPUTES
        ]
        if not ids or not fnames:
            continue
        records = env[model].browse(ids)
        started = time.monotonic()
        for fname in fnames:
            field = records._fields[fname]
            for start in range(0, len(ids), RECOMPUTE_BATCH):
                batch = records.browse(ids[start : start + RECOMPUTE_BATCH])
                env.add_to_compute(field, batch)
                batch.flush_recordset([fname])
                env.invalidate_all()
        done.append(
            f"{model}: {', '.join(fnames)} ({time.monotonic() - started:.1f} s)"
        )
        log(f"  ORM recompute {done[-1]}")
    return done


def generate(env, situations=1000000, tables=60, agencies=150, seed=1, **kwargs):
    """Load the data into ``env``'s database (not committed); returns the loader."""
    return LoadGenerator(
        env,
        situations=situations,
        tables=tables,
        agencies=agencies,
        seed=seed,
        **kwargs,
    ).run()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--situations", type=int, default=1000000)
    parser.add_argument("--tables", type=int, default=60)
    parser.add_argument("--agencies", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    import psycopg2

    from odoo import api, sql_db
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    started = time.monotonic()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        loader = generate(
            env,
            situations=args.situations,
            tables=args.tables,
            agencies=args.agencies,
            seed=args.seed,
        )
        cr.commit()
        loader.timer.phase("commit")
    # VACUUM sets the visibility map, as autovacuum does on a settled
    # database, so that index-only scans read no table page; it cannot run in
    # a transaction block.
    connection = psycopg2.connect(**sql_db.connection_info_for(args.database)[1])
    try:
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute("VACUUM (ANALYZE)")
    finally:
        connection.close()
    loader.timer.phase("vacuum")
    print(f"done in {time.monotonic() - started:.1f} s: {loader.stats}")
    return 0
