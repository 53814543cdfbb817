#!/usr/bin/env bash
# make load N=... DB=...: fill database DB with N de-identified situations and
# everything that goes with them (tools/generate_load.py). A database that does
# not exist yet is created with both addons and no demo data first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

DB="${DB:?say which database: make load N=20000 DB=focus_load}"
N="${N:-1000000}"
EXTRA=()
[ -n "${TABLES:-}" ] && EXTRA+=(--tables "$TABLES")
[ -n "${AGENCIES:-}" ] && EXTRA+=(--agencies "$AGENCIES")
[ -n "${SEED:-}" ] && EXTRA+=(--seed "$SEED")

bash "$ROOT/tools/check_odoo.sh"
kept_database_conf focus_load

if ! addons_installed "$DB"; then
    echo "Installing both addons (no demo data) into $DB"
    "$PYTHON" -m odoo server -c "$CONF" -d "$DB" -i "$ADDONS" \
        --stop-after-init --no-http --log-level=warn
fi
"$PYTHON" "$ROOT/tools/generate_load.py" -c "$CONF" -d "$DB" --situations "$N" "${EXTRA[@]}"
