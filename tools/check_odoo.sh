#!/usr/bin/env bash
# Fail fast, with one line, when Odoo 19 cannot be imported by the Python in use.
set -uo pipefail
PYTHON="${PYTHON:-python3}"
if ! timeout 10 "$PYTHON" -c \
    'import sys, odoo.release as r; sys.exit(0 if r.version_info[0] == 19 else 1)' \
    >/dev/null 2>&1; then
    echo "Odoo 19 is not importable by $PYTHON: see README (Prerequisites)" >&2
    exit 1
fi
