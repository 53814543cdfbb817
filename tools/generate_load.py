#!/usr/bin/env python3
"""Fill a Focus Table database with de-identified load data at a chosen scale.

    python3 tools/generate_load.py -c odoo.conf -d DB [--situations 1000000]
        [--tables 60] [--agencies 150] [--seed 1]

The database must have ``focus_table`` and ``focus_table_reports`` installed (with
or without demo data). Everything is written in one transaction, committed at the
end: an interrupted run leaves the database as it was.

What is written how
-------------------
* Through the ORM (few records, so that every override runs): agencies, their
  representatives (one member user per agency, one chair and one archivist per
  table), tables (with their reference sequences) and areas.
* Through ``COPY`` (the bulk, with ids reserved from the tables' id sequences):
  situations, their risk factors and categories, identity records, repeat links,
  disclosures, meetings, agenda items, attendance, actions and access-log rows.
  Each row holds what the workflow steps of the ORM would have left:
  ``action_submit`` / ``action_accept`` / ``action_reject`` /
  ``action_start_intervention`` / ``action_close`` (rejected situations keep only
  minimal data and no identity records; closed ones past their table's retention
  lost theirs and kept their repeat keys; both carry ``identity_purged_on``, as
  the retention purge leaves every situation it passed).
* References (``name``) come from each table's sequence format
  (``CODE-YEAR-NNNNN``, numbered in date order) and the sequence is advanced past
  them, so the next situation created through the UI continues the numbering.

Stored computed fields
----------------------
Written with the rows, computed in Python by the same expression as the ORM's
compute (:data:`MIRRORED_COMPUTES`): ``focus.situation``: ``originating_sector_id``
and ``conclusion_outcome`` (related), ``risk_category_ids`` and
``risk_factor_count`` (``_compute_risk_category_ids``), ``date_target``,
``intervention_hours`` and ``within_target`` (``_compute_timeliness``),
``is_repeat`` (``_compute_is_repeat``, from the repeat links made as
``_update_repeat_keys`` makes them), ``agency_count`` when the field exists;
``focus.situation.identity.repeat_key`` (the HMAC of ``_compute_repeat_key``, with
the database's key); ``focus.meeting``: ``name`` and ``date_end``; ``table_id`` of
agenda items, attendance, actions and disclosures (related / ``_compute_table_id``).
Any other stored computed field of the loaded models (one added later) is
recomputed through the ORM, in batches (:func:`recompute_remaining`).
``tests/test_generate_load.py`` recomputes them all through the ORM and checks
that nothing changes.

Foreign keys are not checked row by row during the ``COPY`` (the transaction runs
with ``session_replication_role = replica``, which also holds back triggers); they
are all checked afterwards, one anti-join per key, before the commit.

Not generated: chatter messages, followers and activities (a record created
through the UI gets a creation message and its creator as follower; the load
has none), calendar events of meetings, archived minutes PDFs (past meetings are
therefore ``done``, not ``approved``), services and referrals, systemic issues.

Non-unique indexes of the bulk tables are dropped before the load and created
again after it (same transaction); ``ANALYZE`` runs at the end.
"""

import sys
from pathlib import Path

# The package beside this script: tools/load/.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load.generator import (  # noqa: E402
    LoadGenerator,
    generate,
    main,
    recompute_remaining,
)
from load.plan import MIRRORED_COMPUTES, stored_computes  # noqa: E402

__all__ = [
    "MIRRORED_COMPUTES",
    "LoadGenerator",
    "generate",
    "main",
    "recompute_remaining",
    "stored_computes",
]

if __name__ == "__main__":
    sys.exit(main())
