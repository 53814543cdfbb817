# Shared helpers of tools/run_tests.sh and tools/run_demo.sh (sourced, not run).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
ADDONS="focus_table,focus_table_reports"

# Stop the private PostgreSQL cluster if this run started it.
stop_private_postgres() {
    if [ -n "${FOCUS_PG_STARTED:-}" ]; then
        "$FOCUS_PG_CTL" -D "$FOCUS_PG_STARTED" -m fast -w stop >/dev/null 2>&1 || true
    fi
}

# free_port: a TCP port of 127.0.0.1 nobody listens on now.
free_port() {
    "$PYTHON" -c 'import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])'
}

# write_odoo_conf FILE DATA_DIR: an Odoo configuration holding the database
# connection (from the PG* variables, when set), the addons path and the data
# directory. Kept in a file so that no password shows in the process list.
write_odoo_conf() {
    local conf="$1" data_dir="$2"
    (
        umask 077
        {
            echo "[options]"
            echo "addons_path = $ROOT"
            echo "data_dir = $data_dir"
            [ -n "${PGHOST:-}" ] && echo "db_host = $PGHOST"
            [ -n "${PGPORT:-}" ] && echo "db_port = $PGPORT"
            [ -n "${PGUSER:-}" ] && echo "db_user = $PGUSER"
            [ -n "${PGPASSWORD:-}" ] && echo "db_password = $PGPASSWORD"
            echo "http_interface = 127.0.0.1"
        } >"$conf"
    )
}

# throwaway_database NAME: start PostgreSQL if needed, then set DB, WORK and
# CONF for a database named NAME_<pid> that is dropped, with its work folder,
# however the script ends.
throwaway_database() {
    local pg_exports
    pg_exports="$(bash "$ROOT/tools/ensure_postgres.sh")"  # fails the script if it fails
    eval "$pg_exports"
    DB="${1}_$$"
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/${1}.XXXXXX")"
    CONF="$WORK/odoo.conf"
    trap _drop_throwaway_database EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    write_odoo_conf "$CONF" "$WORK/data"
    # Test servers (HttpCase, tours) listen on ports of their own, so that two
    # runs on one machine, or a server already on 8069, do not collide.
    {
        echo "http_port = $(free_port)"
        echo "gevent_port = $(free_port)"
    } >>"$CONF"
}

_drop_throwaway_database() {
    local rc=$?
    trap - EXIT INT TERM
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    rm -rf "$WORK"
    stop_private_postgres
    exit "$rc"
}

# kept_database_conf NAME: start PostgreSQL if needed, then set WORK and CONF for
# a database that is kept (its filestore in Odoo's default data directory); the
# work folder goes however the script ends.
kept_database_conf() {
    local pg_exports data_dir
    pg_exports="$(bash "$ROOT/tools/ensure_postgres.sh")"  # fails the script if it fails
    eval "$pg_exports"
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/${1}.XXXXXX")"
    CONF="$WORK/odoo.conf"
    trap _remove_work EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    data_dir="$("$PYTHON" -c 'from odoo.tools import config; print(config["data_dir"])' 2>/dev/null \
        || echo "$HOME/.local/share/Odoo")"
    write_odoo_conf "$CONF" "$data_dir"
}

_remove_work() {
    local rc=$?
    trap - EXIT INT TERM
    rm -rf "$WORK"
    stop_private_postgres
    exit "$rc"
}

# addons_installed DB: whether both addons are installed in DB.
addons_installed() {
    [ "$(psql -X -d "$1" -Atc "select count(*) from ir_module_module
        where name in ('focus_table', 'focus_table_reports') and state = 'installed'" \
        2>/dev/null)" = "2" ]
}
