#!/usr/bin/env bash
# make fuzz: the property-based process walk (focus_table_reports/tests/
# test_process_walk.py), random and long, on a throw-away database with demo
# data. STEPS (default 10000) steps in all, STEP_COUNT (default 50) per example;
# the database is named FUZZ_DB (default focus_fuzz) and the process id.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

bash "$ROOT/tools/check_odoo.sh"
"$PYTHON" -c 'import pytest_odoo, hypothesis' 2>/dev/null \
    || { echo "pytest-odoo and hypothesis must be importable by $PYTHON (see .ci/run)" >&2; exit 1; }

throwaway_database "${FUZZ_DB:-focus_fuzz}"

echo "Installing $ADDONS with demo data into database $DB"
start=$SECONDS
"$PYTHON" -m odoo server -c "$CONF" -d "$DB" -i "$ADDONS" --with-demo \
    --stop-after-init --no-http --log-level=warn
echo "Installed in $((SECONDS - start)) s"

export FOCUS_WALK_STEPS="${STEPS:-10000}"
export FOCUS_WALK_STEP_COUNT="${STEP_COUNT:-50}"
echo "Walking $FOCUS_WALK_STEPS steps, $FOCUS_WALK_STEP_COUNT per example"
start=$SECONDS
# -s: the walk prints what it ran (examples, steps, seconds, operations).
"$PYTHON" -m pytest -p no:cacheprovider -s -q \
    --rootdir="$ROOT" \
    --odoo-config="$CONF" \
    --odoo-database="$DB" \
    --odoo-log-level=warn \
    focus_table_reports/tests/test_process_walk.py "$@"
echo "make fuzz: done in $((SECONDS - start)) s"
