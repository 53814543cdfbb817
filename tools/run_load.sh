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
pg_exports="$(bash "$ROOT/tools/ensure_postgres.sh")"
eval "$pg_exports"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/focus_load.XXXXXX")"
CONF="$WORK/odoo.conf"
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    rm -rf "$WORK"
    stop_private_postgres
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
data_dir="$("$PYTHON" -c 'from odoo.tools import config; print(config["data_dir"])' 2>/dev/null \
    || echo "$HOME/.local/share/Odoo")"
write_odoo_conf "$CONF" "$data_dir"

installed="$(psql -X -d "$DB" -Atc "select count(*) from ir_module_module
    where name in ('focus_table', 'focus_table_reports') and state = 'installed'" \
    2>/dev/null || true)"
if [ "$installed" != "2" ]; then
    echo "Installing both addons (no demo data) into $DB"
    "$PYTHON" -m odoo server -c "$CONF" -d "$DB" -i "$ADDONS" \
        --stop-after-init --no-http --log-level=warn
fi
"$PYTHON" "$ROOT/tools/generate_load.py" -c "$CONF" -d "$DB" --situations "$N" "${EXTRA[@]}"
