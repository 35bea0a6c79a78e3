#!/bin/sh
# durability.sh - kill -9 against "klar serve" itself: a risk POSTed and answered 201 must be in
# the database after the server is killed with SIGKILL right after the answer and started again
# (same file). 20 writes, with a kill after most of them; then three rounds in which the
# server is killed while a writer is in the middle of POSTing. After every restart each
# acknowledged risk is read back by id and title, the session of the login before the kills
# still works, every risk has its audit row (a change and its audit commit together), and at
# the end the database passes the integrity check: through "klar backup" (which opens the copy
# and runs PRAGMA integrity_check) and through the sqlite3 command when it is installed.
# This tests that an answer comes after the commit and that a killed server's WAL is recovered;
# it cannot lose power, so synchronous=FULL itself is tested at the store level
# (tests/test_store.c). $KLAR is the binary.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"

command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 0; }
. "$(dirname "$0")/server.inc"

db="$tmp/k.db"
wpid=""
# stop_all : the writer, then the server
stop_all() {
    [ -n "$wpid" ] && { kill "$wpid" 2>/dev/null; wait "$wpid" 2>/dev/null; }
    wpid=""
    stop_server
}
trap 'stop_all; rm -rf "$tmp"' EXIT

# kill9 : SIGKILL to the server, and wait until it is gone
kill9() {
    kill -9 "$pid" || fail "the server was not running"
    wait "$pid" 2>/dev/null
    pid=""
}

# post TITLE : POSTs a risk; on 201 prints its id, else prints nothing and returns 1
post() {
    code=$(curl -s --max-time 10 -b "$tmp/anna.jar" -H "X-CSRF-Token: $csrf" -o "$tmp/post.body" -H "$J" \
        -w '%{http_code}' -X POST "$url/api/v1/risks" -d "{\"org_id\": \"helse-vest\",
        \"title\": \"$1\", \"area\": \"supply\", \"probability\": 3, \"consequence\": 4}")
    [ "$code" = 201 ] || return 1
    new_id=$(sed -n 's/.*[{,]"id":\([0-9][0-9]*\).*/\1/p' "$tmp/post.body")
    [ -n "$new_id" ] || fail "no id in the answer: $(cat "$tmp/post.body")"
    echo "$new_id"
}

# verify WHEN : every acknowledged risk (lines "ID TITLE" in $tmp/acked) is there, with its
# title, and there are as many risk audit rows as risks
verify() {
    n=0
    while read -r id title; do
        code=$(curl -s --max-time 5 -b "$tmp/anna.jar" -o "$tmp/body" -w '%{http_code}' "$url/api/v1/risks/$id")
        [ "$code" = 200 ] || fail "$1: acknowledged risk $id ($title) answers $code"
        has "$tmp/body" "\"title\":\"$title\""
        n=$((n + 1))
    done <"$tmp/acked"
    curl -s --max-time 5 -b "$tmp/anna.jar" -o "$tmp/body" "$url/api/v1/risks"
    risks=$(sed -n 's/.*"count":\([0-9]*\).*/\1/p' "$tmp/body")
    curl -s --max-time 5 -b "$tmp/anna.jar" -o "$tmp/body" "$url/api/v1/audit?entity=risk"
    audits=$(sed -n 's/.*"total":\([0-9]*\).*/\1/p' "$tmp/body")
    [ -n "$risks" ] && [ "$risks" -ge "$n" ] || fail "$1: ${risks:-no} risks listed, $n acknowledged"
    [ "$risks" = "$audits" ] || fail "$1: $risks risks but $audits audit rows for them"
}

# a planner, a server, a login
KLAR_PASSWORD=correct-horse-battery "$KLAR" user add anna --org helse-vest --role planner \
    --db "$db" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar user add failed"; }
start_server "$db"
login anna correct-horse-battery
csrf=$(cat "$tmp/anna.csrf")
: >"$tmp/acked"

# 20 writes; SIGKILL right after the answer of every write but each fourth, then a restart
kills=0
for i in $(seq 1 20); do
    title="Durable risk $i"
    id=$(post "$title") || { cat "$tmp/post.body"; fail "write $i was not acknowledged"; }
    [ $((i % 4)) -ne 0 ] || { echo "$id $title" >>"$tmp/acked"; continue; }
    kill9
    echo "$id $title" >>"$tmp/acked"
    kills=$((kills + 1))
    start_server "$db"
    verify "after kill $kills (write $i)"
done

# writer: POSTs risks until one is not acknowledged (the server died); "ID TITLE" per 201
writer() {
    k=0
    while k=$((k + 1)) && id=$(post "In flight $1.$k"); do
        echo "$id In flight $1.$k" >>"$tmp/acked"
    done
}

# three kills in the middle of a stream of writes
for round in 1 2 3; do
    before=$(wc -l <"$tmp/acked")
    writer "$round" &
    wpid=$!
    for i in $(seq 1 1000); do
        [ "$(wc -l <"$tmp/acked")" -ge $((before + 5 * round)) ] && break
        kill -0 "$wpid" 2>/dev/null || break
        sleep 0.01
    done
    kill9
    wait "$wpid"
    wpid=""
    [ "$(wc -l <"$tmp/acked")" -gt "$before" ] || fail "round $round: no write got through"
    kills=$((kills + 1))
    start_server "$db"
    verify "after kill $kills (in flight, round $round)"
done

# one more SIGKILL, then the file itself: klar backup checks the copy's integrity, and the
# sqlite3 command checks the database left by the kill
kill9
expect 0 "$KLAR" backup --db "$db" "$tmp/check.db"
has "$tmp/out" "integrity ok"
if command -v sqlite3 >/dev/null 2>&1; then
    got=$(sqlite3 "$db" "PRAGMA integrity_check" 2>&1)
    [ "$got" = ok ] || fail "integrity_check after kill -9 says: $got"
    got=$(sqlite3 "$db" "SELECT count(*) FROM risks")
    [ "$got" -ge "$(wc -l <"$tmp/acked")" ] || fail "$got risks in the file, $(wc -l <"$tmp/acked") acknowledged"
fi
echo "$(wc -l <"$tmp/acked") acknowledged risks survived $((kills + 1)) kill -9"
exit 0
