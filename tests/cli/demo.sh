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

pid=""
stop_server() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    pid=""
}
trap 'stop_server; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

# http WANT CURL-ARGS... : body in $tmp/body
http() {
    want=$1; shift
    got=$(curl -s --max-time 5 -o "$tmp/body" -w '%{http_code}' "$@")
    [ "$got" = "$want" ] || { cat "$tmp/body"; echo; fail "curl $* answered $got, expected $want"; }
}

# start_demo: starts the demo server on a free port; sets $url and $password
start_demo() {
    "$KLAR" serve --demo --db "$tmp/demo.db" --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
    pid=$!
    line=""
    for i in $(seq 1 100); do
        line=$(grep '^klar serving http://.*  demo login: ' "$tmp/serve.out")
        [ -n "$line" ] && break
        kill -0 "$pid" 2>/dev/null || { cat "$tmp/serve.err"; fail "the demo server exited early"; }
        sleep 0.1
    done
    [ -n "$line" ] || { cat "$tmp/serve.out" "$tmp/serve.err"; fail "no demo login printed"; }
    url=$(printf '%s\n' "$line" | sed -n 's|^klar serving \(http://[^ ]*\)  demo login: .*|\1|p')
    user=$(printf '%s\n' "$line" | sed -n 's|.*  demo login: \([^ ]*\) / .*|\1|p')
    password=$(printf '%s\n' "$line" | sed -n 's|.*  demo login: [^ ]* / \([^ ]*\)$|\1|p')
    [ "$user" = demo ] || fail "demo user '$user', expected demo: $line"
    [ ${#password} -eq 16 ] || fail "no 16-character password in: $line"
}

login() {
    http 200 -c "$tmp/jar" -X POST "$url/api/v1/login" \
        -d "{\"username\": \"demo\", \"password\": \"$password\"}"
}

expect 0 "$KLAR" serve --help
has "$tmp/out" "--demo"

start_demo
has "$tmp/serve.err" "demo records (invented data)"
first=$password
login
has "$tmp/body" '"csrf_token"'
http 200 -b "$tmp/jar" "$url/api/v1/me"
has "$tmp/body" '"name":"demo"'
has "$tmp/body" '"role":"planner"'

# the overdue learning point, and only it
http 200 -b "$tmp/jar" "$url/api/v1/learning-points?overdue=true"
has "$tmp/body" 'Varslingslistene var utdaterte (demo)'
has "$tmp/body" '"overdue":true'
has "$tmp/body" '"count":1'
grep -qF 'Lageroversikten' "$tmp/body" && fail "the closed learning point is listed as overdue"
http 200 -b "$tmp/jar" "$url/api/v1/learning-points?status=closed"
has "$tmp/body" '"resolution":"Demodata, oppdiktet'

# risks: five of the six demo risks lie within HOD (Bergen's water risk is the municipality's)
http 200 -b "$tmp/jar" "$url/api/v1/risks/matrix"
has "$tmp/body" '"total":5'
http 200 -b "$tmp/jar" "$url/api/v1/situation-reports/rollup?within=helse-vest"
has "$tmp/body" '"worst_status":"critical"'
has "$tmp/body" '"id":"helse-forde"'
http 200 -b "$tmp/jar" "$url/api/v1/stocks/compliance?within=helse-vest"
has "$tmp/body" '"org_id":"helse-stavanger"'
stop_server

# a restart: no second copy of the data, a new password, the old one refused
start_demo
grep -qF "demo records" "$tmp/serve.err" && fail "the demo data were added twice"
[ "$password" != "$first" ] || fail "the restart printed the same password"
http 401 -X POST "$url/api/v1/login" -d "{\"username\": \"demo\", \"password\": \"$first\"}"
login
http 200 -b "$tmp/jar" "$url/api/v1/risks/matrix"
has "$tmp/body" '"total":5'
stop_server

# a real registry (records, no demo user) is refused: --demo adds no login to it
KLAR_PASSWORD=correct-horse-battery "$KLAR" user add anna --org helse-vest --role planner \
    --db "$tmp/real.db" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar user add"; }
"$KLAR" serve --db "$tmp/real.db" --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
for i in $(seq 1 100); do
    url=$(sed -n 's|^klar: serving \(http://[^ ]*\)/ .*|\1|p' "$tmp/serve.out")
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { cat "$tmp/serve.err"; fail "the server did not start"; }
http 200 -c "$tmp/jar" -X POST "$url/api/v1/login" \
    -d '{"username": "anna", "password": "correct-horse-battery"}'
csrf=$(sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p' "$tmp/body")
http 201 -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -X POST "$url/api/v1/risks" \
    -d '{"org_id": "helse-bergen", "title": "Strømbrudd", "area": "supply", "probability": 2, "consequence": 4}'
stop_server
expect 1 timeout 60 "$KLAR" serve --demo --db "$tmp/real.db" --listen 127.0.0.1:0
has "$tmp/err" "no demo user"
echo "demo.sh: ok"
