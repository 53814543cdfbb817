#!/usr/bin/env bash
# make backup DB=focus [FILE=focus-….zip] [CONF=/etc/odoo/odoo.conf]: the
# database and its filestore (the archived minutes) in one zip, as Odoo's own
# database manager makes them, with click-odoo-backupdb. CONF is the server's
# configuration (database connection, data_dir); without it, that of make load.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB="${DB:-}"
[ -n "$DB" ] || { echo "usage: make backup DB=database [FILE=backup.zip] [CONF=odoo.conf]" >&2; exit 2; }
FILE="${FILE:-$DB-$(date -u +%Y%m%dT%H%M%SZ).zip}"
[ ! -e "$FILE" ] || { echo "backup: $FILE exists already" >&2; exit 1; }
command -v click-odoo-backupdb >/dev/null \
    || { echo "click-odoo-backupdb not found: pip install click-odoo-contrib==1.24" >&2; exit 1; }
if [ -n "${CONF:-}" ]; then
    [ -r "$CONF" ] || { echo "backup: cannot read $CONF" >&2; exit 1; }
else
    kept_database_conf focus_backup
fi

start=$SECONDS
# The backup holds identifying details: readable by its owner only.
umask 077
click-odoo-backupdb -c "$CONF" --format zip "$DB" "$FILE"
files=$("$PYTHON" -c 'import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
assert "dump.sql" in names, "no dump.sql in the backup"
print(sum(name.startswith("filestore/") and not name.endswith("/") for name in names))' "$FILE")
echo "backup of $DB: $FILE ($(du -h "$FILE" | cut -f1), $files filestore files, $((SECONDS - start)) s)"
