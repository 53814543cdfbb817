#!/usr/bin/env bash
# Make sure a PostgreSQL server answers and that the connecting role may create
# databases, starting one when needed:
#
#   * a server already reachable with the current PG* settings is used as is;
#   * as root, the Debian cluster is started (PostgreSQL is installed with
#     apt-get when missing) and a superuser role for root is created;
#   * as a normal user, a private cluster is created under .pgdata/ in the
#     repository and started on a private socket directory and port.
#
# Prints "export NAME=value" lines on stdout for the caller to eval; every
# message goes to stderr. Exits non-zero when no usable server can be provided.
#
#   eval "$(tools/ensure_postgres.sh)"
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGDATA_BASE="${FOCUS_PGDATA:-$ROOT/.pgdata}"
PRIVATE_PORT="${FOCUS_PGPORT:-55432}"
ME="$(id -un)"

say() { echo "ensure_postgres: $*" >&2; }
die() {
    say "$*"
    exit 1
}

# True when a server answers and the connecting role may create databases.
usable() {
    local out
    out="$(psql -X -w -d postgres -Atc \
        "select rolsuper or rolcreatedb from pg_roles where rolname = current_user" \
        2>/dev/null)" || return 1
    [ "$out" = "t" ]
}

wait_ready() {
    local i
    for i in $(seq 1 60); do
        if pg_isready -q "$@" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.5
    done
    return 1
}

apt_install_postgresql() {
    command -v apt-get >/dev/null 2>&1 \
        || die "PostgreSQL is not installed and apt-get is not available: install PostgreSQL >= 13"
    say "installing PostgreSQL with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
}

# ---------------------------------------------------------------- root
ensure_debian_cluster() {
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1; then
        apt_install_postgresql
    fi
    command -v pg_ctlcluster >/dev/null 2>&1 \
        || die "pg_ctlcluster not found after installing postgresql"

    local line version name port status
    line="$(pg_lsclusters --no-header 2>/dev/null | head -n 1 || true)"
    if [ -z "$line" ]; then
        version="$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)"
        [ -n "$version" ] || die "no PostgreSQL server version found under /usr/lib/postgresql"
        say "creating cluster $version/main"
        pg_createcluster "$version" main >&2
        line="$(pg_lsclusters --no-header | head -n 1)"
    fi
    read -r version name port status _ <<<"$line"
    if [ "$status" != "online" ]; then
        say "starting cluster $version/$name (port $port)"
        pg_ctlcluster "$version" "$name" start >&2
    fi
    wait_ready -h /var/run/postgresql -p "$port" \
        || die "cluster $version/$name did not become ready"

    if ! su postgres -s /bin/sh -c \
        "psql -X -p $port -Atc \"select 1 from pg_roles where rolname = '$ME'\"" \
        | grep -q 1; then
        say "creating PostgreSQL superuser role $ME"
        su postgres -s /bin/sh -c "createuser -p $port -s '$ME'" >&2
    fi
    PGHOST=/var/run/postgresql
    PGPORT="$port"
    export PGHOST PGPORT
    usable || die "cluster $version/$name is running but role $ME cannot create databases"
    echo "export PGHOST=$PGHOST PGPORT=$PGPORT"
}

# ---------------------------------------------------------------- normal user
find_pg_bindir() {
    local dir
    if command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    if command -v pg_config >/dev/null 2>&1; then
        dir="$(pg_config --bindir 2>/dev/null || true)"
        if [ -x "$dir/initdb" ]; then
            echo "$dir"
            return 0
        fi
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
        if [ -x "$dir/initdb" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

ensure_private_cluster() {
    local bindir datadir sockdir
    bindir="$(find_pg_bindir)" \
        || die "PostgreSQL server programs (initdb) not found: install PostgreSQL >= 13 or set PGHOST/PGPORT/PGUSER to a server you may create databases on"
    datadir="$PGDATA_BASE/data"
    sockdir="$PGDATA_BASE/run"
    # Unix socket paths are limited to ~107 bytes.
    if [ "${#sockdir}" -gt 80 ]; then
        sockdir="${TMPDIR:-/tmp}/focus-pg-$(id -u)-$(printf %s "$PGDATA_BASE" | cksum | cut -d' ' -f1)"
    fi
    mkdir -p "$PGDATA_BASE" "$sockdir"
    chmod 700 "$PGDATA_BASE" "$sockdir"

    if [ ! -f "$datadir/PG_VERSION" ]; then
        say "creating a private PostgreSQL cluster in $datadir"
        "$bindir/initdb" -D "$datadir" -U "$ME" -A trust -E UTF8 --locale=C \
            >"$PGDATA_BASE/initdb.log" 2>&1 \
            || die "initdb failed: see $PGDATA_BASE/initdb.log"
        {
            echo "# private cluster of this repository"
            echo "listen_addresses = ''"
            echo "port = $PRIVATE_PORT"
            echo "unix_socket_directories = '$sockdir'"
            echo "synchronous_commit = off"
        } >>"$datadir/postgresql.conf"
    fi
    if ! "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
        say "starting the private PostgreSQL cluster ($sockdir, port $PRIVATE_PORT)"
        "$bindir/pg_ctl" -D "$datadir" -l "$PGDATA_BASE/server.log" -w -t 60 start >/dev/null \
            || die "could not start the private cluster: see $PGDATA_BASE/server.log"
        echo "export FOCUS_PG_STARTED='$datadir' FOCUS_PG_CTL='$bindir/pg_ctl'"
    fi
    PGHOST="$sockdir"
    PGPORT="$PRIVATE_PORT"
    PGUSER="$ME"
    export PGHOST PGPORT PGUSER
    wait_ready || die "the private cluster did not become ready"
    usable || die "the private cluster answers but role $ME cannot create databases"
    echo "export PGHOST='$PGHOST' PGPORT='$PGPORT' PGUSER='$PGUSER'"
}

# ---------------------------------------------------------------- main
if command -v psql >/dev/null 2>&1 && usable; then
    exit 0 # the caller's settings work: nothing to export
fi

if [ -n "${PGHOST:-}${PGPORT:-}" ] && [ "${PGHOST:-}" != "$PGDATA_BASE/run" ]; then
    die "no usable PostgreSQL server at PGHOST=${PGHOST:-<default>} PGPORT=${PGPORT:-<default>} (the role must exist and may create databases)"
fi

if [ "$(id -u)" = 0 ]; then
    ensure_debian_cluster
else
    ensure_private_cluster
fi
