#!/bin/sh
# demo.sh - "klar serve --demo" end to end: the demo login printed with the address works with
# curl, the overdue demo learning point is listed by /api/v1/learning-points?overdue=true (the
# closed one is not), the risk matrix and the situation roll-up show the demo data; a restart on
# the same database adds no second copy and prints a new password (the old one stops working);
# a database with records but no demo user is refused.
# The server listens on port 0 and is always killed on exit; every curl call has a time limit.
# $KLAR is the binary.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"

command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 0; }
. "$(dirname "$0")/server.inc"

# start_demo : the demo server on $tmp/demo.db; sets $url and $password
start_demo() {
    start_server "$tmp/demo.db" --demo
    demo_login
}

expect 0 "$KLAR" serve --help
has "$tmp/out" "--demo"

start_demo
has "$tmp/serve.err" "demo records (invented data)"
first=$password
login demo "$password"
http 200 -b "$tmp/demo.jar" "$url/api/v1/me"
has "$tmp/body" '"name":"demo"'
has "$tmp/body" '"role":"planner"'

# the overdue learning point, and only it
http 200 -b "$tmp/demo.jar" "$url/api/v1/learning-points?overdue=true"
has "$tmp/body" 'Varslingslistene var utdaterte (demo)'
has "$tmp/body" '"overdue":true'
has "$tmp/body" '"count":1'
grep -qF 'Lageroversikten' "$tmp/body" && fail "the closed learning point is listed as overdue"
http 200 -b "$tmp/demo.jar" "$url/api/v1/learning-points?status=closed"
has "$tmp/body" '"resolution":"Demodata, oppdiktet'

# risks: all six demo risks lie within HOD (Bergen's water risk too: the municipality is under
# its county governor, under Helsedirektoratet)
http 200 -b "$tmp/demo.jar" "$url/api/v1/risks/matrix"
has "$tmp/body" '"total":6'
http 200 -b "$tmp/demo.jar" "$url/api/v1/situation-reports/rollup?within=helse-vest"
has "$tmp/body" '"worst_status":"critical"'
has "$tmp/body" '"id":"helse-forde"'
http 200 -b "$tmp/demo.jar" "$url/api/v1/stocks/compliance?within=helse-vest"
has "$tmp/body" '"org_id":"helse-stavanger"'
stop_server

# a restart: no second copy of the data, a new password, the old one refused
start_demo
grep -qF "demo records" "$tmp/serve.err" && fail "the demo data were added twice"
[ "$password" != "$first" ] || fail "the restart printed the same password"
http 401 -X POST -H 'Content-Type: application/json' "$url/api/v1/login" -d "{\"username\": \"demo\", \"password\": \"$first\"}"
login demo "$password"
http 200 -b "$tmp/demo.jar" "$url/api/v1/risks/matrix"
has "$tmp/body" '"total":6'
stop_server

# a real registry (records, no demo user) is refused: --demo adds no login to it
KLAR_PASSWORD=correct-horse-battery "$KLAR" user add anna --org helse-vest --role planner \
    --db "$tmp/real.db" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar user add"; }
start_server "$tmp/real.db"
login anna correct-horse-battery
api 201 anna POST /api/v1/risks \
    '{"org_id": "helse-bergen", "title": "Strømbrudd", "area": "supply", "probability": 2, "consequence": 4}'
stop_server
expect 1 timeout 60 "$KLAR" serve --demo --db "$tmp/real.db" --listen 127.0.0.1:0
has "$tmp/err" "no demo user"
echo "demo.sh: ok"
