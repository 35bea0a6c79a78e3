#!/bin/sh
# backup.sh - end-to-end tests of "klar backup": help, usage errors (exit 2), bad input (exit 1:
# a PostgreSQL URL, a missing database, an existing OUT without --force, OUT being the database,
# a missing directory), a copy of a quiet database that opens, passes the integrity check and
# is refused as OUT next time unless --force; then backups taken WHILE a server accepts writes
# (a curl loop POSTing risks): each copy passes the integrity check, holds every risk (id and
# title) acknowledged before its backup started, and an audit row for each of its risks (the
# change and its audit commit together). The copies are read by a second server on the copy,
# and with the sqlite3 command too when it is installed. $KLAR is the binary.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"
. "$(dirname "$0")/server.inc"

db="$tmp/k.db"
wpid=""
# stop_all : the writer (told by $tmp/stop), then the server
stop_all() {
    [ -n "$wpid" ] && { : >"$tmp/stop"; wait "$wpid" 2>/dev/null; }
    wpid=""
    stop_server
}
trap 'stop_all; rm -rf "$tmp"' EXIT

# no_leftovers : no temporary file of klar backup is left in $tmp
no_leftovers() {
    for f in "$tmp"/*.klar-backup-*; do
        [ -e "$f" ] && fail "a temporary file was left: $f"
    done
    return 0
}

# help and usage errors: exit 2
expect 0 "$KLAR" backup --help
has "$tmp/out" "usage: klar backup [--db PATH] [--force] OUT"
has "$tmp/out" "--force"
has "$tmp/out" "pg_dump"
expect 0 "$KLAR" --help
has "$tmp/out" "backup"
expect 2 "$KLAR" backup --db "$db"
has "$tmp/err" "OUT) is required"
expect 2 "$KLAR" backup --db "$db" a.db b.db
has "$tmp/err" "exactly one OUT"
expect 2 "$KLAR" backup --db "$db" --froce "$tmp/x.db"
has "$tmp/err" "did you mean '--force'?"
expect 2 "$KLAR" backup --db= "$tmp/x.db"
expect 2 "$KLAR" backup --force=yes --db "$db" "$tmp/x.db"

# bad input: exit 1, nothing written
expect 1 "$KLAR" backup --db "postgresql://klar:secret@localhost/klar" "$tmp/x.db"
has "$tmp/err" "pg_dump"
grep -qF "secret" "$tmp/err" && fail "the PostgreSQL password is echoed"
expect 1 "$KLAR" backup --db "$tmp/none.db" "$tmp/x.db"
has "$tmp/err" "$tmp/none.db: no such database file"
[ -e "$tmp/none.db" ] && fail "klar backup created the missing database"
[ -e "$tmp/x.db" ] && fail "a failed backup wrote OUT"

# a quiet database: a user, then a copy
KLAR_PASSWORD=correct-horse-battery "$KLAR" user add anna --org helse-vest --role planner \
    --db "$db" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar user add failed"; }
expect 1 "$KLAR" backup --db "$db" "$tmp/no/such/dir/x.db"
has "$tmp/err" "does not exist"
expect 1 "$KLAR" backup --db "$db" "$tmp"
has "$tmp/err" "is a directory"
expect 1 "$KLAR" backup --db "$db" --force "$db"
has "$tmp/err" "the database itself"
expect 0 "$KLAR" backup --db "$db" "$tmp/quiet.db"
has "$tmp/out" "to $tmp/quiet.db"
has "$tmp/out" "integrity ok"
no_leftovers

# an existing OUT is kept without --force, replaced with it
echo "not a database" >"$tmp/keep.db"
expect 1 "$KLAR" backup --db "$db" "$tmp/keep.db"
has "$tmp/err" "exists; give --force"
has "$tmp/keep.db" "not a database"
expect 0 "$KLAR" backup --db "$db" --force "$tmp/keep.db"
has "$tmp/out" "integrity ok"
grep -qF "not a database" "$tmp/keep.db" && fail "--force did not replace OUT"
# a file that is not a database, an empty one and a directory are refused as the source
echo "not a database either, but long enough to be read as one" >"$tmp/text"
expect 1 "$KLAR" backup --db "$tmp/text" "$tmp/y.db"
has "$tmp/err" "$tmp/text"
: >"$tmp/empty"
expect 1 "$KLAR" backup --db "$tmp/empty" "$tmp/y.db"
has "$tmp/err" "$tmp/empty: an empty file, not a database"
expect 1 "$KLAR" backup --db "$tmp" "$tmp/y.db"
has "$tmp/err" "not a file"
[ -e "$tmp/y.db" ] && fail "a failed backup wrote OUT"
no_leftovers

have_sqlite3=0
command -v sqlite3 >/dev/null 2>&1 && have_sqlite3=1
# integrity FILE : PRAGMA integrity_check through the sqlite3 command, when there is one
integrity() {
    [ "$have_sqlite3" = 1 ] || return 0
    got=$(sqlite3 "$1" "PRAGMA integrity_check" 2>&1)
    [ "$got" = ok ] || fail "$1: integrity_check says: $got"
}
integrity "$tmp/quiet.db"
integrity "$tmp/keep.db"

command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed; no backup under load"; exit 0; }

# writer: POSTs risks as anna until $tmp/stop exists (at most 900); after each 201 appends
# "ID TITLE" to $tmp/acked, any other answer goes to $tmp/writer.err
writer() {
    csrf=$(cat "$tmp/anna.csrf")
    n=0
    while [ ! -e "$tmp/stop" ] && [ "$n" -lt 900 ]; do
        n=$((n + 1))
        title="Backup under load $n"
        code=$(curl -s --max-time 10 -b "$tmp/anna.jar" -H "X-CSRF-Token: $csrf" -o "$tmp/w.body" -H "$J" \
            -w '%{http_code}' -X POST "$url/api/v1/risks" -d "{\"org_id\": \"helse-bergen\",
            \"title\": \"$title\", \"area\": \"digital\", \"probability\": 2, \"consequence\": 3}")
        id=$(sed -n 's/.*[{,]"id":\([0-9][0-9]*\).*/\1/p' "$tmp/w.body")
        if [ "$code" = 201 ] && [ -n "$id" ]; then
            echo "$id $title" >>"$tmp/acked"
        else
            echo "answer $code: $(cat "$tmp/w.body")" >>"$tmp/writer.err"
        fi
    done
}

# acked_now FILE : the complete lines of $tmp/acked so far into FILE
acked_now() {
    lines=$(wc -l <"$tmp/acked")
    head -n "$lines" "$tmp/acked" >"$1"
}

# wait_acked N : waits until the writer has N more acknowledged risks than now
wait_acked() {
    want=$(($(wc -l <"$tmp/acked") + $1))
    for i in $(seq 1 1000); do
        [ "$(wc -l <"$tmp/acked")" -ge "$want" ] && return 0
        [ -s "$tmp/writer.err" ] && { cat "$tmp/writer.err"; fail "a write failed"; }
        sleep 0.02
    done
    fail "the writer did not get $1 more writes through"
}

# a server taking writes, and three backups while it does
start_server "$db"
login anna correct-horse-battery
: >"$tmp/acked"
writer &
wpid=$!
during=0
for b in 1 2 3; do
    wait_acked 15
    acked_now "$tmp/before$b"
    expect 0 "$KLAR" backup --db "$db" "$tmp/copy$b.db"
    has "$tmp/out" "integrity ok"
    acked_now "$tmp/after$b"
    integrity "$tmp/copy$b.db"
    during=$((during + $(wc -l <"$tmp/after$b") - $(wc -l <"$tmp/before$b")))
done
wait_acked 5
stop_all
[ -s "$tmp/writer.err" ] && { cat "$tmp/writer.err"; fail "a write failed during the backups"; }

# check_copy B : the copy of backup B, served on its own, holds every risk acknowledged before
# the backup began (id and title), no more than were acknowledged when it ended (+1 in flight),
# and one audit row per risk
check_copy() {
    start_server "$tmp/copy$1.db"
    login anna correct-horse-battery
    while read -r id title; do
        code=$(curl -s --max-time 5 -b "$tmp/anna.jar" -o "$tmp/body" -w '%{http_code}' "$url/api/v1/risks/$id")
        [ "$code" = 200 ] || fail "copy $1: acknowledged risk $id ($title) answers $code"
        has "$tmp/body" "\"title\":\"$title\""
    done <"$tmp/before$1"
    curl -s --max-time 5 -b "$tmp/anna.jar" -o "$tmp/body" "$url/api/v1/risks?within=helse-vest"
    risks=$(sed -n 's/.*"count":\([0-9]*\).*/\1/p' "$tmp/body")
    curl -s --max-time 5 -b "$tmp/anna.jar" -o "$tmp/body" "$url/api/v1/audit?entity=risk"
    audits=$(sed -n 's/.*"total":\([0-9]*\).*/\1/p' "$tmp/body")
    before=$(wc -l <"$tmp/before$1") after=$(wc -l <"$tmp/after$1")
    [ -n "$risks" ] && [ "$risks" -ge "$before" ] && [ "$risks" -le $((after + 1)) ] ||
        fail "copy $1 holds ${risks:-?} risks; acknowledged: $before before, $after after the backup"
    [ "$risks" = "$audits" ] || fail "copy $1 holds $risks risks but $audits audit rows for them"
    stop_all
}
for b in 1 2 3; do
    check_copy $b
done
total=$(wc -l <"$tmp/acked")
[ "$total" -gt "$(wc -l <"$tmp/after3")" ] || fail "no writes after the last backup"
echo "3 backups under load: $total risks written, $during of them acknowledged while a backup ran"
exit 0
