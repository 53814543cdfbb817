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
# The filestore of the demo database lives in Odoo's default data directory.
kept_database_conf focus_demo

if addons_installed "$DB"; then
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
