#!/usr/bin/env bash
# make upgrade-check: install the previous release (a git tag) with its demo
# data and a small generated load into a throw-away database, snapshot its
# records with SQL, upgrade it with the working tree's addons (-u), and check
# that nothing of the old records changed, that the archived minutes still
# verify and that the new features work on the old records.
#
#   bash tools/check_upgrade.sh [REF]     (or FROM=REF, a tag or commit;
#                                          default: the release named in
#                                          tools/upgrade/previous_release)
#   SITUATIONS=300                        situations of the generated load
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

started=$SECONDS
SITUATIONS="${SITUATIONS:-300}"
FROM="${1:-${FROM:-}}"
if [ -z "$FROM" ]; then
    # The release named in tools/upgrade/previous_release: a clone of main
    # alone has its commits but none of its tags.
    read -r FROM_VERSION FROM < <(grep -v '^#' "$ROOT/tools/upgrade/previous_release" | head -n 1)
    if ! git cat-file -e "$FROM^{commit}" 2>/dev/null && [ "$(git rev-parse --is-shallow-repository)" = true ]; then
        git fetch --quiet --unshallow || true
    fi
    git cat-file -e "$FROM^{commit}" 2>/dev/null \
        || { echo "upgrade check: release $FROM_VERSION ($FROM) is not in this clone's history" >&2; exit 1; }
    git merge-base --is-ancestor "$FROM" HEAD \
        || { echo "upgrade check: release $FROM_VERSION ($FROM) is not an ancestor of HEAD" >&2; exit 1; }
    git show "$FROM:focus_table/__manifest__.py" | grep -q "\"version\": \"$FROM_VERSION\"\|'version': '$FROM_VERSION'" \
        || { echo "upgrade check: focus_table at $FROM is not version $FROM_VERSION" >&2; exit 1; }
fi
git rev-parse --verify --quiet "$FROM^{commit}" >/dev/null \
    || { echo "upgrade check: $FROM is not a tag or commit of this repository" >&2; exit 1; }

bash "$ROOT/tools/check_odoo.sh"
"$PYTHON" -c 'import pytest_odoo' 2>/dev/null \
    || { echo "pytest-odoo is not importable by $PYTHON: pip install pytest-odoo" >&2; exit 1; }
throwaway_database focus_upgrade

# The release in a worktree of its own, removed (then the database dropped)
# however the script ends.
RELEASE="$WORK/release"
_remove_release() {
    local rc=$?
    git -C "$ROOT" worktree remove --force "$RELEASE" >/dev/null 2>&1 || true
    git -C "$ROOT" worktree prune || true
    set +e  # hand the status on: the database goes next, whatever it is
    (exit "$rc")
    _drop_throwaway_database
}
trap _remove_release EXIT
git -C "$ROOT" worktree add --quiet --detach "$RELEASE" "$FROM"
RELEASE_CONF="$WORK/release.conf"
sed "s|^addons_path = .*|addons_path = $RELEASE|" "$CONF" >"$RELEASE_CONF"
FILESTORE="$WORK/data/filestore/$DB"

fail() {
    echo "UPGRADE CHECK FAILED ($FROM -> working tree): $*" >&2
    exit 1
}
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" "$@"; }

# run_odoo LOG CONF ARGS...: run the server once; fail on any error it logs.
run_odoo() {
    local log="$1" conf="$2"
    shift 2
    if ! "$PYTHON" -m odoo server -c "$conf" -d "$DB" "$@" \
        --stop-after-init --no-http --log-level=warn >"$log" 2>&1; then
        cat "$log" >&2
        fail "odoo $* stopped with an error (log above)"
    fi
    if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log" >&2; then
        fail "odoo $* logged errors (above)"
    fi
    grep -E ' WARNING ' "$log" || true
}

echo "== $FROM ($(git rev-parse --short "$FROM^{commit}")): install with demo data into $DB"
t0=$SECONDS
run_odoo "$WORK/install.log" "$RELEASE_CONF" -i "$ADDONS" --with-demo
[ "$(sql -c "SELECT count(*) FROM ir_module_module
    WHERE name IN ('focus_table', 'focus_table_reports') AND state = 'installed' AND demo")" = 2 ] \
    || fail "$FROM did not install with its demo data"
echo "   installed in $((SECONDS - t0)) s"
t0=$SECONDS
"$PYTHON" "$RELEASE/tools/generate_load.py" -c "$RELEASE_CONF" -d "$DB" \
    --situations "$SITUATIONS" --tables 3 --agencies 12 >"$WORK/load.log" 2>&1 \
    || { cat "$WORK/load.log" >&2; fail "the load generator of $FROM failed"; }
echo "   $SITUATIONS situations generated in $((SECONDS - t0)) s"
purged="$("$PYTHON" tools/upgrade/purge_closed_demo.py "$RELEASE_CONF" "$DB")" \
    || fail "the retention purge of the demo's closed situations failed"
echo "   retention purge come due for the closed demo situations $purged"

# The tables compared: every row, in the columns the release had (an upgrade
# may add columns). The focus.* tables and the archived minutes' attachments.
TABLES="$(sql -c "SELECT string_agg(table_name::text, ' ' ORDER BY table_name)
    FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
      AND table_name LIKE 'focus\_%'")"
for table in focus_situation focus_situation_identity focus_disclosure focus_access_log focus_meeting; do
    case " $TABLES " in *" $table "*) ;; *) fail "$FROM has no table $table" ;; esac
done
mkdir -p "$WORK/columns"
for table in $TABLES ir_attachment; do
    sql -c "SELECT string_agg(quote_ident(column_name::text), ', ' ORDER BY ordinal_position)
        FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = '$table'" >"$WORK/columns/$table"
done
ARCHIVES="(SELECT minutes_attachment_id FROM focus_meeting WHERE minutes_attachment_id IS NOT NULL)"

# snapshot DIR: every row of the compared tables, and the archives' bytes.
snapshot() {
    local dir="$1" table columns order where
    mkdir -p "$dir"
    for table in $TABLES ir_attachment; do
        columns="$(cat "$WORK/columns/$table")"
        where=""
        [ "$table" = ir_attachment ] && where="WHERE id IN $ARCHIVES"
        if grep -qE '(^|, )id(,|$)' <<<"$columns"; then order="id"; else order="$columns"; fi
        sql -c "COPY (SELECT $columns FROM $table $where ORDER BY $order) TO STDOUT" >"$dir/$table.tsv"
    done
    # The archives: the SHA-256 recorded, and that of the file in the filestore.
    sql -F ' ' -c "SELECT m.id, m.minutes_sha256, a.store_fname FROM focus_meeting m
        JOIN ir_attachment a ON a.id = m.minutes_attachment_id ORDER BY m.id" |
        while read -r meeting recorded fname; do
            [ -f "$FILESTORE/$fname" ] || fail "meeting $meeting: archived minutes missing from the filestore ($fname)"
            actual="$(sha256sum "$FILESTORE/$fname" | cut -d' ' -f1)"
            echo "$meeting $recorded $actual"
        done >"$dir/archives.txt"
    sql -c "SELECT count(*) FROM focus_situation_identity i
        JOIN focus_situation s ON s.id = i.situation_id
        WHERE s.state IN ('closed', 'rejected')" >"$dir/identities_of_closed.txt"
}

# verify_archives DIR: each archive's file hashes to the SHA-256 recorded.
verify_archives() {
    local bad
    [ -s "$1/archives.txt" ] || fail "no approved minutes archived in the database"
    bad="$(awk '$2 != $3' "$1/archives.txt")"
    [ -z "$bad" ] || fail "archived minutes that do not verify (meeting, recorded, actual): $bad"
}

snapshot "$WORK/before"
verify_archives "$WORK/before"
rows=$(cat "$WORK"/before/*.tsv | wc -l)
echo "   snapshot: $rows rows of $(wc -w <<<"$TABLES ir_attachment") tables," \
    "$(wc -l <"$WORK/before/archives.txt") archived minutes"
for table in focus_situation focus_situation_identity focus_disclosure focus_access_log focus_meeting; do
    printf '     %-26s %6d rows\n' "$table" "$(wc -l <"$WORK/before/$table.tsv")"
done

echo "== upgrade to the working tree: -u $ADDONS"
t0=$SECONDS
run_odoo "$WORK/upgrade.log" "$CONF" -u "$ADDONS"
upgrade_seconds=$((SECONDS - t0))
echo "   upgraded in $upgrade_seconds s"
for addon in ${ADDONS//,/ }; do
    expected="$("$PYTHON" -c "import ast, sys; print(ast.literal_eval(open(sys.argv[1]).read())['version'])" \
        "$addon/__manifest__.py")"
    got="$(sql -c "SELECT state || ' ' || latest_version FROM ir_module_module WHERE name = '$addon'")"
    [ "$got" = "installed $expected" ] || fail "$addon is '$got' after the upgrade, not 'installed $expected'"
done
missing="$(sql -c "SELECT string_agg(d.name, ', ') FROM ir_module_module_dependency d
    JOIN ir_module_module m ON m.id = d.module_id
    LEFT JOIN ir_module_module dep ON dep.name = d.name
    WHERE m.name IN ('focus_table', 'focus_table_reports')
      AND coalesce(dep.state, 'missing') <> 'installed'")"
[ -z "$missing" ] || fail "dependencies not installed by the upgrade: $missing"

snapshot "$WORK/after"
changed=()
for table in $TABLES ir_attachment; do
    if ! cmp -s "$WORK/before/$table.tsv" "$WORK/after/$table.tsv"; then
        changed+=("$table")
        echo "-- $table: rows before (<) and after (>) the upgrade" >&2
        diff "$WORK/before/$table.tsv" "$WORK/after/$table.tsv" | head -20 >&2 || true
    fi
done
[ "${#changed[@]}" -eq 0 ] || fail "rows changed by the upgrade in: ${changed[*]} (differences above)"
before_closed="$(cat "$WORK/before/identities_of_closed.txt")"
after_closed="$(cat "$WORK/after/identities_of_closed.txt")"
[ "$before_closed" = "$after_closed" ] \
    || fail "identities of closed or rejected situations: $before_closed before the upgrade, $after_closed after"
cmp -s "$WORK/before/archives.txt" "$WORK/after/archives.txt" \
    || fail "the archived minutes changed: $(diff "$WORK/before/archives.txt" "$WORK/after/archives.txt")"
verify_archives "$WORK/after"
echo "   $rows rows unchanged, $(wc -l <"$WORK/after/archives.txt") archives verify," \
    "$after_closed identities of closed or rejected situations before and after"

echo "== the new release on the old records"
"$PYTHON" -m pytest -p no:cacheprovider -q -ra \
    --rootdir="$ROOT" \
    --odoo-config="$CONF" \
    --odoo-database="$DB" \
    --odoo-log-level=warn \
    tools/upgrade/test_upgraded_database.py \
    || fail "the upgraded database fails its checks (above)"

echo "upgrade $FROM -> working tree: ok ($rows rows compared, upgrade $upgrade_seconds s, whole check $((SECONDS - started)) s)"
