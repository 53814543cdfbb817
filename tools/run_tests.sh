#!/usr/bin/env bash
# make test: install both addons with demo data into a throw-away database,
# run their whole test suite with pytest-odoo (HTTP server on, so HttpCase and
# browser tours run too), and drop the database whatever happens.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

bash "$ROOT/tools/check_odoo.sh"
"$PYTHON" -c 'import pytest_odoo' 2>/dev/null \
    || { echo "pytest-odoo is not importable by $PYTHON: pip install pytest-odoo" >&2; exit 1; }

throwaway_database focus_test

echo "Installing $ADDONS with demo data into database $DB"
start=$SECONDS
"$PYTHON" -m odoo server -c "$CONF" -d "$DB" -i "$ADDONS" --with-demo \
    --stop-after-init --no-http --log-level=warn
echo "Installed in $((SECONDS - start)) s"
# Odoo installs a module without its demo data when that data fails to load,
# and the tests of the demo would then be skipped: refuse to go on.
names=""
for addon in ${ADDONS//,/ }; do names+="${names:+,}'$addon'"; done
missing="$(psql -Atqc "SELECT string_agg(name, ', ') FROM ir_module_module
    WHERE name IN ($names) AND NOT demo" "$DB")"
if [ -n "$missing" ]; then
    echo "The demo data of $missing failed to load (see the log above)" >&2
    exit 1
fi

tests=()
for addon in ${ADDONS//,/ }; do
    [ -d "$addon/tests" ] && tests+=("$addon/tests")
done
# Cross-addon tests (sample imports...) beside the addons.
[ -d tests ] && tests+=("tests")

# pytest exits 5 when it collects no test: that fails this run as well.
"$PYTHON" -m pytest -p no:cacheprovider -ra \
    --rootdir="$ROOT" \
    --odoo-config="$CONF" \
    --odoo-database="$DB" \
    --odoo-log-level=warn \
    --odoo-http \
    "${tests[@]}" "$@"
