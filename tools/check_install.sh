#!/usr/bin/env bash
# Install both addons WITHOUT demo data into a throw-away database, then
# uninstall them and check that nothing of theirs is left behind.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

bash "$ROOT/tools/check_odoo.sh"
throwaway_database focus_install

echo "Installing $ADDONS without demo data into $DB"
"$PYTHON" -m odoo server -c "$CONF" -d "$DB" -i "$ADDONS" \
    --stop-after-init --no-http --log-level=warn
installed=$(psql -d "$DB" -Atc "SELECT count(*) FROM ir_module_module
    WHERE name IN ('focus_table', 'focus_table_reports') AND state = 'installed'")
[ "$installed" = 2 ] || { echo "install failed: $installed of 2 addons installed" >&2; exit 1; }
demo=$(psql -d "$DB" -Atc "SELECT count(*) FROM focus_situation")
[ "$demo" = 0 ] || { echo "demo data loaded although not asked for ($demo situations)" >&2; exit 1; }

echo "Uninstalling $ADDONS"
"$PYTHON" -m odoo module uninstall -c "$CONF" -d "$DB" focus_table_reports focus_table
left=$(psql -d "$DB" -Atc "SELECT
    (SELECT count(*) FROM ir_module_module WHERE name LIKE 'focus_table%' AND state <> 'uninstalled')
  + (SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'focus\_%')
  + (SELECT count(*) FROM ir_model WHERE model LIKE 'focus.%')
  + (SELECT count(*) FROM ir_model_data WHERE module LIKE 'focus_table%')")
[ "$left" = 0 ] || { echo "uninstall left $left modules, tables, models or XML ids behind" >&2; exit 1; }
echo "install without demo data and uninstall: ok"
