#!/bin/sh
# dbfaults.sh - database faults get clear answers from "klar serve":
#   - a zero-length database file is refused (it may be a lost registry) unless --init;
#   - a damaged database is found at start and by --check (SQLite quick_check), naming the
#     damaged table, and the server does not start on it;
#   - a database file the server cannot write is refused, naming the file, unless --read-only,
#     which serves it for reading (logins work) and answers changes 503;
#   - a full database (--max-db-size, as a full disk) answers writes 507 saying so, reading
#     goes on, and writes resume once there is room.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"
command -v curl >/dev/null 2>&1 || fail "curl is missing (make deps)"
. "$(dirname "$0")/server.inc"

# 1. zero bytes: refused, naming the file and --init; --init makes a registry of it
: >"$tmp/empty.db"
expect 1 timeout 60 "$KLAR" serve --db "$tmp/empty.db" --listen 127.0.0.1:0
has "$tmp/err" "$tmp/empty.db"
has "$tmp/err" "empty (0 bytes)"
has "$tmp/err" "--init"
[ -s "$tmp/empty.db" ] && fail "a refused empty file was written to"
start_server "$tmp/empty.db" --init
http 200 "$url/healthz"
stop_server
[ -s "$tmp/empty.db" ] || fail "--init left the file empty"

# a registry with a user and some risks, for what follows
KLAR_PASSWORD=correct-horse-battery "$KLAR" user add anna --org helse-vest --role planner \
    --db "$tmp/k.db" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar user add anna"; }
start_server "$tmp/k.db"
login anna correct-horse-battery
risk='{"org_id": "helse-vest", "title": "MARKER-OF-A-RISK", "area": "supply", "probability": 2, "consequence": 3}'
api 201 anna POST /api/v1/risks "$risk"
stop_server
expect 0 "$KLAR" serve --db "$tmp/k.db" --check
has "$tmp/out" "sound"

# 2. read-only file: refused unless --read-only
cp "$tmp/k.db" "$tmp/ro.db"
if [ "$(id -u)" = 0 ]; then
    chattr +i "$tmp/ro.db" 2>/dev/null && locked=chattr || locked=""
else
    chmod 444 "$tmp/ro.db" && locked=chmod
fi
if [ -n "$locked" ]; then
    expect 1 timeout 60 "$KLAR" serve --db "$tmp/ro.db" --listen 127.0.0.1:0
    has "$tmp/err" "$tmp/ro.db"
    has "$tmp/err" "cannot be written"
    has "$tmp/err" "--read-only"
    start_server "$tmp/ro.db" --read-only
    login anna correct-horse-battery                   # sessions live in memory
    api 200 anna GET /api/v1/risks
    has "$tmp/body" "MARKER-OF-A-RISK"
    api 503 anna POST /api/v1/risks "$risk"
    has "$tmp/body" "read-only"
    api 200 anna POST /api/v1/logout
    stop_server
    [ "$locked" = chattr ] && chattr -i "$tmp/ro.db"
    chmod 644 "$tmp/ro.db"
else
    echo "note: cannot make a file unwritable here; the read-only start is not tried"
fi
expect 2 "$KLAR" serve --db "$tmp/k.db" --read-only --demo

# 3. full: the size cap stands in for a full disk
start_server "$tmp/k.db" --max-db-size 1
login anna correct-horse-battery
long=$(head -c 3900 /dev/zero | tr '\0' 'x')
big="{\"org_id\": \"helse-vest\", \"title\": \"Stor\", \"area\": \"supply\", \"probability\": 2,
      \"consequence\": 3, \"vulnerabilities\": \"$long\", \"existing_measures\": \"$long\",
      \"proposed_measures\": \"$long\"}"
full=0
for i in $(seq 1 200); do
    code=$(curl -s --max-time 10 -o "$tmp/body" -w '%{http_code}' -b "$tmp/anna.jar" \
        -H "X-CSRF-Token: $(cat "$tmp/anna.csrf")" -H "$J" -X POST "$url/api/v1/risks" -d "$big")
    [ "$code" = 201 ] && continue
    [ "$code" = 507 ] || { cat "$tmp/body"; fail "a write to a full database answered $code"; }
    full=$i
    break
done
[ "$full" -gt 1 ] || fail "the database never filled up (or filled at once: $full)"
has "$tmp/body" "disk is full"
api 200 anna GET "/api/v1/risks?limit=5"                 # reading goes on
http 200 "$url/healthz"
stop_server
start_server "$tmp/k.db"                                  # room again: writes resume
login anna correct-horse-battery
api 201 anna POST /api/v1/risks "$risk"
stop_server

# 4. damage: the page holding the marker gets a broken b-tree page header
expect 0 "$KLAR" serve --db "$tmp/k.db" --check
offset=$(grep -obUa "MARKER-OF-A-RISK" "$tmp/k.db" | head -n 1 | cut -d: -f1)
[ -n "$offset" ] || fail "the marker is not in the database file"
page=$((offset / 4096))
[ "$page" -gt 0 ] || fail "the marker is on the first page"
printf '\377\377\377\377\377\377\377\377' | dd of="$tmp/k.db" bs=1 seek=$((page * 4096)) \
    conv=notrunc 2>/dev/null
expect 1 "$KLAR" serve --db "$tmp/k.db" --check
has "$tmp/err" "damaged"
grep -Eq "table (risks|audit) is damaged" "$tmp/err" || { cat "$tmp/err"; fail "the damaged table is not named"; }
head -n 2 "$tmp/err"
expect 1 timeout 60 "$KLAR" serve --db "$tmp/k.db" --listen 127.0.0.1:0
has "$tmp/err" "damaged"
echo "dbfaults: ok"
