#!/usr/bin/env bash
# make screenshots: serve a throw-away demo database and photograph the main
# screens as the demo roles (tools/screenshots.py) into docs/screenshots/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

bash "$ROOT/tools/check_odoo.sh"
throwaway_database focus_shots
PORT="${FOCUS_SHOTS_PORT:-8079}"

echo "Installing $ADDONS with demo data into $DB"
"$PYTHON" -m odoo server -c "$CONF" -d "$DB" -i "$ADDONS" --with-demo \
    --stop-after-init --no-http --log-level=warn
"$PYTHON" -m odoo server -c "$CONF" -d "$DB" --db-filter="^$DB\$" \
    --http-port="$PORT" --log-level=warn --max-cron-threads=0 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; _drop_throwaway_database' EXIT
for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$PORT/web/login" >/dev/null 2>&1 && break
    sleep 0.5
done
"$PYTHON" tools/screenshots.py --url "http://127.0.0.1:$PORT" --db "$DB"
