#!/bin/sh
# runlimits.sh - the limits of engine runs over HTTP: a viewer may ask for at most 1 000 Monte
# Carlo runs and 730 days (422 naming the input, also through a stored scenario), a planner
# more; a run whose Monte Carlo runs need more memory than --run-max-memory is refused before
# it starts and one that takes longer than --run-max-seconds is stopped, both 422; runs wait in
# a queue (the /metrics gauges show it) where a user has at most two runs (429 with Retry-After
# for a third), a user looping runs does not keep another user's run from its turn, a full
# queue answers 503 with Retry-After, and a server stopped with runs queued answers them 503
# and exits 0. Background runs write their status into $tmp; every curl call has a time
# limit. $KLAR is the binary.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"

command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 0; }
[ -f "${KLAR_DATA:-data}/population.csv" ] || { echo "SKIP: no population baseline"; exit 0; }
http_time=120  # a run may take a while (under the sanitizers)
. "$(dirname "$0")/server.inc"

for u in "vera viewer" "pia planner" "bo planner"; do
    set -- $u
    KLAR_PASSWORD=password-of-$1 "$KLAR" user add "$1" --org helse-vest --role "$2" \
        --db "$tmp/k.db" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar user add $1 failed"; }
done

# surge NAME WANT BODY : a surge run as logged-in NAME that must answer WANT
surge() {
    api "$2" "$1" POST /api/v1/runs/surge "$3"
}

# bg_surge NAME TAG RUNS : a surge run of RUNS Monte Carlo runs as NAME in the background; its
# status goes to $tmp/TAG.status and a line "TAG" to $tmp/journal when it is answered
bg_surge() {
    ( code=$(curl -s --max-time "$http_time" -o "$tmp/$2.body" -w '%{http_code}' \
        -b "$tmp/$1.jar" -H "X-CSRF-Token: $(cat "$tmp/$1.csrf")" -H "$J" \
        -X POST "$url/api/v1/runs/surge" -d "{\"parameters\": \"\", \"runs\": $3}")
      echo "$code" >"$tmp/$2.status"; echo "$2" >>"$tmp/journal" ) &
}

# gauge NAME : the value of a gauge of /metrics
gauge() {
    curl -s --max-time 5 "$url/metrics" | sed -n "s/^$1 \([0-9]*\)$/\1/p"
}

# wait_queue RUNNING WAITING : until /metrics shows that many runs running and waiting
wait_queue() {
    for i in $(seq 1 600); do
        [ "$(gauge klar_runs_running)" = "$1" ] && [ "$(gauge klar_runs_waiting)" = "$2" ] && return 0
        sleep 0.1
    done
    fail "the run queue never showed $1 running and $2 waiting"
}

# wait_status TAG : until the background run TAG has its status; prints it
wait_status() {
    for i in $(seq 1 1200); do
        [ -s "$tmp/$1.status" ] && { cat "$tmp/$1.status"; return 0; }
        sleep 0.1
    done
    fail "the background run $1 was never answered"
}

login_all() {
    for u in vera pia bo; do login "$u" "password-of-$u"; done
}

# ---- limits by role, and the memory cap ----------------------------------------------------
start_server "$tmp/k.db" --run-max-memory 64
login_all
surge vera 422 '{"parameters": "", "runs": 1001}'
has "$tmp/body" '"field":"runs"'
has "$tmp/body" 'a viewer may ask for at most 1000 Monte Carlo runs, not 1001'
surge vera 200 '{"parameters": "", "runs": 20}'
has "$tmp/body" '"monte_carlo_runs":20'
has "$tmp/body" '"waited_ms":'
surge vera 422 '{"parameters": "[scenario]\ndays = 1000\n"}'
has "$tmp/body" '"field":"parameters"'
has "$tmp/body" 'simulates 1000 days'
has "$tmp/body" 'a viewer may simulate at most 730'
surge pia 200 '{"parameters": "[scenario]\ndays = 1000\n"}'
has "$tmp/body" '"days":{"value":1000'
# a stored scenario's days are its scenario_id's to blame
api 201 pia POST /api/v1/scenarios '{"org_id": "helse-vest", "title": "long", "area": "pandemic",
    "engine": "surge", "parameters": "[scenario]\ndays = 1000\n"}'
sid=$(json_member id)
surge vera 422 "{\"scenario_id\": $sid}"
has "$tmp/body" '"field":"scenario_id"'
has "$tmp/body" "the parameters of scenario $sid"
# memory: 10 000 runs of 300 days need some 290 MiB, more than the 64 allowed here
surge pia 422 '{"parameters": "", "runs": 10000}'
has "$tmp/body" '"field":"runs"'
has "$tmp/body" '10000 Monte Carlo runs of 300 days need about'
has "$tmp/body" 'more than the 64 MiB a run may use here'
stop_server

# ---- the wall-time cap ------------------------------------------------------------------------
start_server "$tmp/k.db" --run-max-seconds 1
login_all
surge pia 422 '{"parameters": "", "runs": 8000}'
has "$tmp/body" '"field":"runs"'
has "$tmp/body" 'the run took longer than the 1 s a run may take on this server'
has "$tmp/body" 'of 8000 runs'
surge pia 200 '{"parameters": "", "runs": 0}'     # the server goes on
stop_server

# ---- the queue: a user's share, turns, the gauges ---------------------------------------------
# (8000 Monte Carlo runs take seconds: time enough to look at the queue while they run; a
# longer --timeout than the default lets the second wait under the sanitizers)
start_server "$tmp/k.db" --timeout 120
login_all
[ "$(gauge klar_runs_running)" = 0 ] && [ "$(gauge klar_runs_waiting)" = 0 ] ||
    fail "an idle server shows runs in its queue"
: >"$tmp/journal"
bg_surge pia p1 8000
bg_surge pia p2 8000
wait_queue 1 1
surge pia 429 '{"parameters": "", "runs": 0}'      # pia has her two
has "$tmp/body" 'you have 2 engine runs waiting or running'
grep -qi '^Retry-After: [0-9]' "$tmp/headers" || fail "429 without Retry-After"
surge bo 200 '{"parameters": "", "runs": 0}'       # bo is queued (after p2, which came first)
has "$tmp/body" '"waited_ms":'
[ "$(wait_status p1)" = 200 ] && [ "$(wait_status p2)" = 200 ] || fail "pia's runs failed"
has "$tmp/p1.body" '"monte_carlo_runs":8000'
# pia loops runs on two connections; bo's one run is answered while her loop goes on (the
# exact order of turns is test_runqueue's)
: >"$tmp/journal"
( for i in 1 2 3 4; do bg_surge pia a$i 4000; wait_status a$i >/dev/null; done ) &
( for i in 1 2 3 4; do bg_surge pia b$i 4000; wait_status b$i >/dev/null; done ) &
wait_queue 1 1
surge bo 200 '{"parameters": "", "runs": 1500}'
done_before=$(grep -c '^[ab]' "$tmp/journal")
[ "$done_before" -le 4 ] || fail "bo's run was answered after $done_before of pia's 8 runs"
wait_status a4 >/dev/null; wait_status b4 >/dev/null
for t in a1 a2 a3 a4 b1 b2 b3 b4; do
    [ "$(cat "$tmp/$t.status")" = 200 ] || fail "pia's run $t answered $(cat "$tmp/$t.status")"
done
[ "$(curl -s --max-time 5 "$url/metrics" | sed -n 's/^klar_runs_refused_total //p')" = 1 ] ||
    fail "the refused run is not counted"
stop_server
grep -q 'gave no answer' "$tmp/serve.err" && fail "the server logged a queued run as an error"

# ---- a full queue, and a stop with runs queued -----------------------------------------------
start_server "$tmp/k.db" --run-queue 1 --timeout 120
login_all
bg_surge pia q1 8000
bg_surge pia q2 8000
wait_queue 1 1
surge bo 503 '{"parameters": "", "runs": 0}'
has "$tmp/body" 'too many engine runs are waiting'
grep -qi '^Retry-After: [0-9]' "$tmp/headers" || fail "503 without Retry-After"
term_server                                        # exits 0, with a run running and one waiting
for t in q1 q2; do
    [ "$(wait_status $t)" = 503 ] || fail "run $t got $(cat "$tmp/$t.status") when the server stopped"
    has "$tmp/$t.body" 'the server is stopping'
done
exit 0
