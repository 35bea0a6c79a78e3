#!/bin/sh
# hostile.sh - "klar serve" under hostile clients, bounded in time (about 40 s):
#   - login throttling slows the guessing address and never locks the user out: 20 wrong
#     passwords for anna from 127.0.0.1 get 401, then 429 with Retry-After, while anna logs in
#     with the right password from 127.0.0.2 at once;
#   - 1 200 slow (slowloris) and silent connections from 127.0.0.1 do not stop the server for
#     others: /healthz and a logged-in read from 127.0.0.2 answer within 1 s throughout, the
#     log does not grow by a line per dropped connection;
#   - /metrics answers loopback clients only, unless --metrics-public.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"
command -v curl >/dev/null 2>&1 || fail "curl is missing (make deps)"
command -v node >/dev/null 2>&1 || fail "node is missing (make deps)"
. "$(dirname "$0")/server.inc"

KLAR_PASSWORD=correct-horse-battery "$KLAR" user add anna --org helse-vest --role planner \
    --db "$tmp/k.db" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar user add anna"; }
start_server "$tmp/k.db"
login="$url/api/v1/login"
wrong='{"username": "anna", "password": "wrong-password"}'
right='{"username": "anna", "password": "correct-horse-battery"}'

# 1. twenty wrong passwords from one address: slowed, with Retry-After
n401=0 n429=0
for i in $(seq 1 20); do
    code=$(curl -s --max-time 10 -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' -X POST \
        -H "$J" "$login" -d "$wrong")
    case $code in
        401) n401=$((n401 + 1)) ;;
        429) n429=$((n429 + 1)); grep -qi '^Retry-After: [1-9]' "$tmp/headers" ||
                 fail "a 429 without Retry-After" ;;
        *) fail "a wrong password answered $code" ;;
    esac
done
[ "$n429" -gt 0 ] || fail "20 wrong passwords in a row were never slowed (all $n401 answered 401)"
[ "$n401" -ge 3 ] || fail "only $n401 of the wrong passwords were tried before the throttle"
# ... and anna, from another address, logs in at once
http 200 --interface 127.0.0.2 -c "$tmp/anna.jar" -X POST -H "$J" "$login" -d "$right"
http 200 --interface 127.0.0.2 -b "$tmp/anna.jar" "$url/api/v1/me"
has "$tmp/body" '"name":"anna"'
# the guessing address is still slowed, even with the right password
code=$(curl -s --max-time 10 -o "$tmp/body" -w '%{http_code}' -X POST -H "$J" "$login" -d "$right")
[ "$code" = 429 ] || fail "the guessing address got $code, not 429, right after 20 wrong passwords"

# 2. /metrics: loopback only
http 200 "$url/metrics"
has "$tmp/body" "klar_login_rate_limited_total"
limited=$(sed -n 's/^klar_login_rate_limited_total \([0-9]*\)$/\1/p' "$tmp/body")
[ "${limited:-0}" -gt 0 ] || fail "klar_login_rate_limited_total is ${limited:-missing}"
outside=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$' |
          grep -v '^127\.' | head -n 1)
stop_server
if [ -n "$outside" ]; then
    start_server "$tmp/k.db" --listen 0.0.0.0:0
    port=${url##*:}
    http 403 "http://$outside:$port/metrics"
    has "$tmp/body" "loopback"
    stop_server
    start_server "$tmp/k.db" --listen 0.0.0.0:0 --metrics-public
    port=${url##*:}
    http 200 "http://$outside:$port/metrics"
    stop_server
else
    echo "note: no non-loopback address here; /metrics from outside not tried"
fi

# 3. 1 200 slow and silent connections from 127.0.0.1
start_server "$tmp/k.db"
port=${url##*:}
http 200 --interface 127.0.0.2 -c "$tmp/anna.jar" -X POST -H "$J" "$url/api/v1/login" -d "$right"
lines_before=$(wc -l <"$tmp/serve.err")
node "$(dirname "$0")/slowclients.mjs" 127.0.0.1 "$port" 127.0.0.1 1200 25 >"$tmp/crowd.out" 2>&1 &
crowd=$!
sleep 3
for i in $(seq 1 10); do
    t0=$(date +%s%N)
    code=$(curl -s --interface 127.0.0.2 --max-time 1 -o /dev/null -w '%{http_code}' "$url/healthz")
    [ "$code" = 200 ] || fail "/healthz from 127.0.0.2 answered '$code' within 1 s under the crowd (probe $i)"
    code=$(curl -s --interface 127.0.0.2 --max-time 1 -b "$tmp/anna.jar" -o "$tmp/body" \
        -w '%{http_code}' "$url/api/v1/risks")
    [ "$code" = 200 ] || fail "a logged-in read from 127.0.0.2 answered '$code' within 1 s (probe $i)"
    t1=$(date +%s%N)
    echo "probe $i: $(( (t1 - t0) / 1000000 )) ms for both"
    sleep 2
done
wait "$crowd"
cat "$tmp/crowd.out"
has "$tmp/crowd.out" "opened"
lines_after=$(wc -l <"$tmp/serve.err")
[ $((lines_after - lines_before)) -lt 20 ] ||
    { tail -5 "$tmp/serve.err"; fail "the log grew by $((lines_after - lines_before)) lines under the crowd"; }
http 200 "$url/metrics"
grep '^klar_connections_dropped_total\|^klar_log_lines_suppressed_total' "$tmp/body"
term_server
echo "hostile: ok"
