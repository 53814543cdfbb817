#!/usr/bin/env bash
# make bench: time the main operations on a province-scale database.
# N= situations (default 1,000,000), DB= database (default focus_bench_<N>),
# RUNS= runs per operation (default 7), ODOO_CONF= an Odoo configuration to use
# instead of one written from the PG* variables.
# A missing database is created: both addons (and project, for the baseline)
# without demo data, then tools/generate_load.py fills it. An existing one is reused.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

N="${N:-1000000}"
DB="${DB:-focus_bench_${N}}"
RUNS="${RUNS:-7}"

bash "$ROOT/tools/check_odoo.sh"
eval "$(bash "$ROOT/tools/ensure_postgres.sh")"
trap stop_private_postgres EXIT

if [ -n "${ODOO_CONF:-}" ]; then
    CONF="$ODOO_CONF"
else
    # Kept between runs: the database's file store lives in its data directory.
    WORK="${XDG_CACHE_HOME:-$HOME/.cache}/focus_table_bench"
    mkdir -p "$WORK"
    CONF="$WORK/odoo.conf"
    write_odoo_conf "$CONF" "$WORK/data"
fi

if psql -Atqc "SELECT 1" "$DB" >/dev/null 2>&1; then
    echo "Reusing database $DB"
else
    [ -f "$ROOT/tools/generate_load.py" ] \
        || { echo "tools/generate_load.py is missing: cannot fill $DB" >&2; exit 1; }
    echo "Creating database $DB with $N situations"
    start=$SECONDS
    "$PYTHON" -m odoo server -c "$CONF" -d "$DB" -i "$ADDONS,project" \
        --stop-after-init --no-http --log-level=warn
    "$PYTHON" "$ROOT/tools/generate_load.py" -c "$CONF" -d "$DB" --situations "$N"
    echo "Created in $((SECONDS - start)) s"
fi

"$PYTHON" "$ROOT/tests/bench/bench.py" -c "$CONF" -d "$DB" --runs "$RUNS" ${BENCH_ARGS:-}
