#!/bin/sh
# serve.sh - end-to-end tests of "klar serve" over HTTP with curl: usage and database errors,
# /healthz, /metrics, 401 without a session, login (wrong password 401, malformed JSON and wrong
# types 400 naming the field, rate limit 429, success with an HttpOnly SameSite=Strict cookie and
# a CSRF token), /api/v1/me, the organisation list and one organisation (404 for an unknown id),
# unknown path 404, wrong method 405 with Allow, an oversized body 413, logout without (403) and
# with (200) the CSRF token, the old cookie refused at once after logout (401, although the
# session was cached); ROS risks end to end (create 201, get, update 200, stale 409, the
# matrix, 403 outside the subtree and for a viewer, 400 naming the field, delete, the audit log). The server listens on port 0 (a free port it prints) and is always
# killed on exit; every curl call has a time limit. $KLAR is the binary.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"

command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 0; }
. "$(dirname "$0")/server.inc"

# usage and database errors
expect 0 "$KLAR" serve --help
has "$tmp/out" "usage: klar serve"
expect 2 timeout 60 "$KLAR" serve --db "$tmp/k.db" --listen nonsense
has "$tmp/err" "--listen 'nonsense'"
expect 2 timeout 60 "$KLAR" serve --db "$tmp/k.db" --listen 127.0.0.1:99999
expect 2 timeout 60 "$KLAR" serve --db "$tmp/k.db" --lisen 127.0.0.1:0
has "$tmp/err" "did you mean '--listen'?"
expect 1 timeout 60 "$KLAR" serve --db "$tmp/no/such/dir/k.db" --listen 127.0.0.1:0

# a user first (klar user add belongs to the auth work; without it the session part is skipped)
have_users=1
if ! KLAR_PASSWORD=correct-horse-battery "$KLAR" user add anna --org helse-vest --role planner \
        --db "$tmp/k.db" >"$tmp/out" 2>"$tmp/err"; then
    echo "SKIP: 'klar user add' failed or is missing; the login part is skipped:"; cat "$tmp/err"
    have_users=0
fi
[ "$have_users" = 1 ] && { KLAR_PASSWORD=viewer-password-1 "$KLAR" user add vera --org helse-vest \
    --role viewer --db "$tmp/k.db" >"$tmp/out" 2>"$tmp/err" || fail "klar user add vera failed"; }

# start the server on a free port and wait for /healthz
start_server "$tmp/k.db"

# open endpoints
http 200 "$url/healthz"
has "$tmp/body" '{"status":"ok"}'
http 404 "$url/nowhere"
has "$tmp/body" '"status":404'
http 405 -X DELETE "$url/healthz"
has "$tmp/headers" "Allow: GET"
http 401 "$url/api/v1/organisations"
has "$tmp/body" '{"error":{"status":401,'
http 401 "$url/api/v1/me"

# bad login input
login="$url/api/v1/login"
http 415 -X POST -H 'Content-Type: application/x-www-form-urlencoded' "$login" \
    -d '{"username": "anna", "password": "x"}'                           # a form post: refused
has "$tmp/body" 'application/json'
http 415 -X POST -H 'Content-Type: text/plain' "$login" -d '{"username": "anna", "password": "x"}'
http 400 -X POST -H "$J" "$login" -d '{"username": "anna", "password": '
has "$tmp/body" "not valid JSON"
http 400 -X POST -H "$J" "$login" -d '{"username": 5, "password": "x"}'
has "$tmp/body" '"field":"username"'
http 400 -X POST -H "$J" "$login" -d '{"username": "anna"}'
has "$tmp/body" '"field":"password"'
http 400 -X POST -H "$J" "$login" -d '{"username": "anna", "pasword": "x"}'  # never dropped
has "$tmp/body" '"field":"pasword"'
has "$tmp/body" "did you mean 'password'?"
http 400 -X POST -H "$J" "$login" -d '["anna"]'
http 413 -X POST "$login" --data-binary "@$(head -c 1100000 /dev/zero | tr '\0' x > "$tmp/big"; echo "$tmp/big")"
has "$tmp/body" '"status":413'
http 413 -X POST -H 'Transfer-Encoding: chunked' "$login" --data-binary "@$tmp/big"

# rate limit: three free failures for one name from one address, the fourth starts a delay
for i in 1 2 3 4; do
    http 401 -X POST -H "$J" "$login" -d '{"username": "mallory", "password": "guess"}'
done
has "$tmp/body" "wrong user name or password"
http 429 -X POST -H "$J" "$login" -d '{"username": "mallory", "password": "guess"}'
has "$tmp/headers" "Retry-After: 1"

if [ "$have_users" = 1 ]; then
    http 401 -X POST -H "$J" "$login" -d '{"username": "anna", "password": "wrong-password"}'
    has "$tmp/body" "wrong user name or password"
    login anna correct-horse-battery
    has "$tmp/headers" "Set-Cookie: klar_session="
    has "$tmp/headers" "HttpOnly; SameSite=Strict; Path=/"
    csrf=$(cat "$tmp/anna.csrf")

    http 200 -b "$tmp/anna.jar" "$url/api/v1/me"
    has "$tmp/body" '"name":"anna"'
    has "$tmp/body" '"role":"planner"'
    has "$tmp/body" '"id":"helse-vest"'
    has "$tmp/body" "\"csrf_token\":\"$csrf\""     # a reloaded page finds its token here
    http 200 -b "$tmp/anna.jar" "$url/api/v1/session"
    has "$tmp/body" '"active":true'
    has "$tmp/body" '"name":"anna"'
    http 200 "$url/api/v1/session"                     # no cookie: no 401 either
    has "$tmp/body" '{"active":false}'
    http 200 -b "$tmp/anna.jar" "$url/api/v1/organisations"
    has "$tmp/body" '"id":"helse-vest"'
    has "$tmp/body" '"id":"hod"'
    http 200 -b "$tmp/anna.jar" "$url/api/v1/organisations?within=helse-vest"
    has "$tmp/body" '"id":"helse-bergen"'
    grep -qF '"id":"unn"' "$tmp/body" && fail "?within=helse-vest lists Helse Nord's UNN"
    http 400 -b "$tmp/anna.jar" "$url/api/v1/organisations?within=nope"
    has "$tmp/body" '"field":"within"'
    http 200 -b "$tmp/anna.jar" "$url/api/v1/organisations/helse-vest"
    has "$tmp/body" '"type":"rhf"'
    http 404 -b "$tmp/anna.jar" "$url/api/v1/organisations/nope"
    has "$tmp/body" '"status":404'

    # risks: create, read, update, a stale update, the matrix, scoping, roles, bad input, delete
    H="X-CSRF-Token: $csrf"
    risk='{"org_id": "helse-bergen", "title": "Langvarig strømbrudd", "area": "supply",
           "probability": 2, "consequence": 4, "last_assessed": "2025-03-01", "comprehensive": true}'
    http 201 -b "$tmp/anna.jar" -H "$H" -X POST "$url/api/v1/risks" -d "$risk"
    has "$tmp/body" '"version":1'
    rid=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$tmp/body")
    [ -n "$rid" ] || fail "no id in the created risk"
    http 200 -b "$tmp/anna.jar" "$url/api/v1/risks/$rid"
    has "$tmp/body" '"area":"supply"'
    http 404 -b "$tmp/anna.jar" "$url/api/v1/risks/99999"
    http 404 -b "$tmp/anna.jar" "$url/api/v1/risks/abc"
    for odd in "$rid%00" "+$rid" "%20$rid" "$rid%20" "0$rid" "$rid.0" "$rid%2F"; do   # canonical ids only
        http 404 -b "$tmp/anna.jar" "$url/api/v1/risks/$odd"
    done
    http 200 -b "$tmp/anna.jar" "$url/api/v1/risks?area=supply"
    has "$tmp/body" '"count":1'
    http 400 -b "$tmp/anna.jar" "$url/api/v1/risks?area=flood"
    has "$tmp/body" '"field":"area"'
    # the matrix's drill-down: the risks of one cell
    http 200 -b "$tmp/anna.jar" "$url/api/v1/risks/$rid"
    p=$(sed -n 's/.*"probability":\([0-9]\).*/\1/p' "$tmp/body")
    c=$(sed -n 's/.*"consequence":\([0-9]\).*/\1/p' "$tmp/body")
    http 200 -b "$tmp/anna.jar" "$url/api/v1/risks?probability=$p&consequence=$c"
    has "$tmp/body" "\"id\":$rid,"
    other=$((p % 5 + 1))
    http 200 -b "$tmp/anna.jar" "$url/api/v1/risks?probability=$other&consequence=$c"
    has "$tmp/body" '"count":0'
    http 400 -b "$tmp/anna.jar" "$url/api/v1/risks?probability=six"
    has "$tmp/body" '"field":"probability"'

    typo='{"org_id": "helse-bergen", "title": "T", "area": "supply", "probability": 2,
           "consequence": 4, "exisiting_measures": "x"}'                # never silently dropped
    http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$url/api/v1/risks" -d "$typo"
    has "$tmp/body" '"field":"exisiting_measures"'
    has "$tmp/body" "did you mean 'existing_measures'"
    http 415 -b "$tmp/anna.jar" -H "$H" -H 'Content-Type: text/plain' -X POST \
        "$url/api/v1/risks" -d "$risk"                                  # JSON bodies say so
    has "$tmp/body" 'Content-Type: application/json, not text/plain'
    upd='{"version": 1, "title": "Langvarig strømbrudd", "area": "supply", "probability": 3, "consequence": 4}'
    http 200 -b "$tmp/anna.jar" -H "$H" -X PUT "$url/api/v1/risks/$rid" -d "$upd"
    has "$tmp/body" '"version":2'
    has "$tmp/body" '"probability":3'
    http 409 -b "$tmp/anna.jar" -H "$H" -X PUT "$url/api/v1/risks/$rid" -d "$upd"
    has "$tmp/body" '"field":"version"'
    http 400 -b "$tmp/anna.jar" -H "$H" -X PUT "$url/api/v1/risks/$rid" -d '{"title": "x"}'
    has "$tmp/body" '"field":"version"'
    http 400 -b "$tmp/anna.jar" -H "$H" -X PUT "$url/api/v1/risks/$rid" \
        -d '{"version": 2, "org_id": "nope", "title": "t", "area": "water", "probability": 1, "consequence": 1}'
    has "$tmp/body" '"field":"org_id"'
    http 403 -b "$tmp/anna.jar" -H "$H" -X PUT "$url/api/v1/risks/$rid" \
        -d '{"version": 2, "org_id": "unn", "title": "t", "area": "water", "probability": 1, "consequence": 1}'
    http 200 -b "$tmp/anna.jar" "$url/api/v1/risks/matrix"
    has "$tmp/body" '"matrix":[[0,0,0,0,0],[0,0,0,0,0],[0,0,0,1,0],[0,0,0,0,0],[0,0,0,0,0]]'
    has "$tmp/body" '"older_than_four_years":true'
    http 200 -b "$tmp/anna.jar" "$url/api/v1/risks/matrix?within=helse-bergen"
    has "$tmp/body" '"total":1'
    http 403 -b "$tmp/anna.jar" "$url/api/v1/risks/matrix?within=helse-nord"
    http 403 -b "$tmp/anna.jar" -H "$H" -X POST "$url/api/v1/risks" \
        -d '{"org_id": "helse-nord", "title": "t", "area": "water", "probability": 1, "consequence": 1}'
    has "$tmp/body" '"field":"org_id"'
    http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$url/api/v1/risks" \
        -d '{"org_id": "helse-vest", "title": "t", "area": "water", "probability": 7, "consequence": 1}'
    has "$tmp/body" '"field":"probability"'
    http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$url/api/v1/risks" \
        -d '{"org_id": "helse-vest", "title": "t", "area": "water", "probability": "high", "consequence": 1}'
    has "$tmp/body" '"field":"probability"'
    http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$url/api/v1/risks" -d '{"org_id": "helse-vest", "title": "t"}'
    has "$tmp/body" '"field":"area"'
    http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$url/api/v1/risks" -d '{"org_id": '
    http 403 -b "$tmp/anna.jar" -X POST "$url/api/v1/risks" -d "$risk"
    login vera viewer-password-1
    http 403 -b "$tmp/vera.jar" -H "X-CSRF-Token: $(cat "$tmp/vera.csrf")" -X POST "$url/api/v1/risks" -d "$risk"
    http 200 -b "$tmp/vera.jar" "$url/api/v1/risks/$rid"
    http 403 -b "$tmp/vera.jar" "$url/api/v1/audit"
    http 200 -b "$tmp/anna.jar" -H "$H" -X DELETE "$url/api/v1/risks/$rid"
    http 404 -b "$tmp/anna.jar" "$url/api/v1/risks/$rid"
    http 404 -b "$tmp/anna.jar" -H "$H" -X DELETE "$url/api/v1/risks/$rid"
    http 200 -b "$tmp/anna.jar" "$url/api/v1/audit?entity=risk&entity_id=$rid"
    has "$tmp/body" '"count":3'
    has "$tmp/body" '"action":"delete"'
    has "$tmp/body" '"action":"update"'
    has "$tmp/body" '"action":"create"'
    has "$tmp/body" '"user":"anna"'

    http 403 -b "$tmp/anna.jar" -X POST "$url/api/v1/logout"
    http 403 -b "$tmp/anna.jar" -H "X-CSRF-Token: $(echo "$csrf" | tr 0-9a-f a-f0-9)" -X POST "$url/api/v1/logout"
    # the session was in the server's session cache (every request above used it): the logout
    # must end it at once, for every route, while the viewer's own session lives on
    token=$(sed -n 's/.*klar_session[[:space:]]*\([0-9a-f]*\)$/\1/p' "$tmp/anna.jar")
    [ -n "$token" ] || fail "no session token in the cookie jar"
    http 200 -H "Cookie: klar_session=$token" "$url/api/v1/risks/matrix"
    http 200 -b "$tmp/anna.jar" -H "X-CSRF-Token: $csrf" -X POST "$url/api/v1/logout"
    has "$tmp/headers" "Max-Age=0"
    http 401 -b "$tmp/anna.jar" "$url/api/v1/me"
    http 401 -H "Cookie: klar_session=$token" "$url/api/v1/risks/matrix"
    http 401 -H "Cookie: klar_session=$token" -H "X-CSRF-Token: $csrf" -X POST \
        "$url/api/v1/risks" -d "$risk"
    http 200 -b "$tmp/vera.jar" "$url/api/v1/me"
fi

# the counters saw all of this
http 200 "$url/metrics"
has "$tmp/body" "# TYPE klar_http_requests_total counter"
has "$tmp/body" 'klar_http_requests_total{class="4xx"}'
has "$tmp/body" "klar_http_request_duration_seconds_count"
grep -q '^klar_login_failures_total [1-9]' "$tmp/body" || fail "no login failure counted"
grep -q '^klar_login_rate_limited_total [1-9]' "$tmp/body" || fail "no rate-limited login counted"

# SIGTERM stops the server cleanly
term_server
has "$tmp/serve.err" "SIGTERM received"
exit 0
