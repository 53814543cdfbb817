#!/usr/bin/env bash
# make loadtest USERS=... TIME=... N=... DB=...: locust against a real prefork
# server (--workers=4) on database DB, filled with N situations by make load
# when it does not exist yet; then the access log and the decisions are checked
# in the database (tools/loadtest/). locust runs from its own virtualenv.
# LOADTEST_WAIT=low,high: seconds each user thinks between actions (5,15).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

DB="${DB:-focus_loadtest}"
N="${N:-20000}"
LOCUST="${LOCUST:-$ROOT/.venv-load/bin/locust}"
if [ ! -x "$LOCUST" ]; then
    echo "locust not found at $LOCUST: python3 -m venv .venv-load && .venv-load/bin/pip install locust==2.47.0 (or bash .ci/run)" >&2
    exit 2
fi
export LOCUST

bash "$ROOT/tools/check_odoo.sh"
if ! addons_installed "$DB"; then
    N="$N" DB="$DB" bash "$ROOT/tools/run_load.sh"
fi
kept_database_conf focus_loadtest
# Generated users have no password: the run gives the ones it logs in as their
# login for password (a load database only, see tools/loadtest/prepare.py).
"$PYTHON" "$ROOT/tools/loadtest/run.py" -c "$CONF" -d "$DB" \
    --users "${USERS:-50}" --time "${TIME:-150}" --workers "${WORKERS:-4}" \
    --set-passwords
