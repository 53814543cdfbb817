#!/usr/bin/env bash
# make restore FILE=backup.zip DB=database [COPY=1] [CONF=/etc/odoo/odoo.conf]:
# a backup of make backup into a new database DB, its filestore with it, with
# click-odoo-restoredb. COPY=1 when the restored database runs beside the
# original (a test copy: Odoo gives it a new identity); without it, the
# database takes the original's place. CONF as for make backup.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

FILE="${FILE:-}"
DB="${DB:-}"
[ -n "$FILE" ] && [ -n "$DB" ] \
    || { echo "usage: make restore FILE=backup.zip DB=database [COPY=1] [CONF=odoo.conf]" >&2; exit 2; }
[ -r "$FILE" ] || { echo "restore: cannot read $FILE" >&2; exit 1; }
command -v click-odoo-restoredb >/dev/null \
    || { echo "click-odoo-restoredb not found: pip install click-odoo-contrib==1.24" >&2; exit 1; }
if [ -n "${CONF:-}" ]; then
    [ -r "$CONF" ] || { echo "restore: cannot read $CONF" >&2; exit 1; }
else
    kept_database_conf focus_restore
fi

start=$SECONDS
# Refuses a database that exists: a restore never replaces one.
click-odoo-restoredb -c "$CONF" "$([ -n "${COPY:-}" ] && echo --copy || echo --move)" "$DB" "$FILE"
echo "restored $FILE into $DB ($((SECONDS - start)) s)"
