#!/usr/bin/env bash
# make demo: create the focus_demo database with both addons and their demo
# data unless it exists already, then serve it on http://127.0.0.1:8069 in the
# foreground (Ctrl-C stops it). Log in as admin / admin.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

DB="${FOCUS_DEMO_DB:-focus_demo}"
PORT="${FOCUS_DEMO_PORT:-8069}"

bash "$ROOT/tools/check_odoo.sh"
pg_exports="$(bash "$ROOT/tools/ensure_postgres.sh")"
eval "$pg_exports"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/focus_demo.XXXXXX")"
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

# The filestore of the demo database lives in Odoo's default data directory.
data_dir="$("$PYTHON" -c 'from odoo.tools import config; print(config["data_dir"])' 2>/dev/null \
    || echo "$HOME/.local/share/Odoo")"
write_odoo_conf "$CONF" "$data_dir"

installed() {
    [ "$(psql -X -d "$DB" -Atc "select count(*) from ir_module_module
        where name in ('focus_table', 'focus_table_reports') and state = 'installed'" \
        2>/dev/null)" = "2" ]
}

if installed; then
    echo "Reusing database $DB"
else
    if psql -X -d postgres -Atc "select 1 from pg_database where datname = '$DB'" | grep -q 1; then
        echo "Database $DB exists without both addons installed: installing them"
    else
        echo "Creating database $DB with demo data (takes a minute or two)"
        created=1
    fi
    if ! "$PYTHON" -m odoo server -c "$CONF" -d "$DB" -i "$ADDONS" --with-demo \
        --stop-after-init --no-http --log-level=warn; then
        if [ -n "${created:-}" ]; then
            dropdb --if-exists "$DB" >/dev/null 2>&1 || true
        fi
        echo "Installing $ADDONS into $DB failed" >&2
        exit 1
    fi
fi

echo "Serving $DB on http://127.0.0.1:$PORT (login admin / admin); Ctrl-C stops"
"$PYTHON" -m odoo server -c "$CONF" -d "$DB" --db-filter="^$DB\$" \
    --http-interface=127.0.0.1 --http-port="$PORT"
