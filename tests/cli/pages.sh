#!/bin/sh
# pages.sh - lists in pages over HTTP: GET /api/v1/risks and a record list (plans) with the
# default page, ?limit= and ?offset= (count on the page, total on all pages, the items in the
# list's order, an offset past the end), bad values (400 naming limit or offset), the page
# together with filters and ?within=, and openapi.json describing the query parameters.
# $KLAR is the binary.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 0; }
. "$(dirname "$0")/server.inc"

db=$tmp/k.db
KLAR_PASSWORD=pw-pia-123456 "$KLAR" user add pia --org helse-vest --role planner --db "$db" \
    >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "user add pia"; }
start_server "$db"
login pia pw-pia-123456

# ids : the ids of the objects in $tmp/body, one per line
ids() {
    { cat "$tmp/body"; echo; } | tr '{' '\n' | sed -n 's/^"id":\([0-9]*\),.*/\1/p'
}

# 105 risks: 5 at Helse Bergen (area water), 100 at Helse Stavanger (area supply)
i=0
while [ $i -lt 105 ]; do
    i=$((i + 1))
    if [ $i -le 5 ]; then org=helse-bergen area=water; else org=helse-stavanger area=supply; fi
    api 201 pia POST /api/v1/risks "{\"org_id\": \"$org\", \"title\": \"Risiko $i\",
        \"area\": \"$area\", \"probability\": 2, \"consequence\": 3}"
done

api 200 pia GET /api/v1/risks                        # the default page: 100 of 105
has "$tmp/body" '"count":100,"total":105,"limit":100,"offset":0'
[ "$(ids | wc -l)" -eq 100 ] || fail "the default page does not hold 100 risks"
first=$(ids | head -n 1)
api 200 pia GET "/api/v1/risks?limit=10&offset=100"  # the rest
has "$tmp/body" '"count":5,"total":105,"limit":10,"offset":100'
[ "$(ids | head -n 1)" -eq $((first + 100)) ] || fail "offset 100 does not start at the 101st risk"
api 200 pia GET "/api/v1/risks?limit=3&offset=2"
[ "$(ids | tr '\n' ' ')" = "$((first + 2)) $((first + 3)) $((first + 4)) " ] ||
    fail "limit=3&offset=2 gave $(ids | tr '\n' ' ')"
api 200 pia GET "/api/v1/risks?limit=1000"
has "$tmp/body" '"count":105,"total":105'
api 200 pia GET "/api/v1/risks?offset=500"           # past the end: an empty page
has "$tmp/body" '"risks":[],"count":0,"total":105'
api 200 pia GET "/api/v1/risks?area=water&limit=2"   # with a filter
has "$tmp/body" '"count":2,"total":5'
api 200 pia GET "/api/v1/risks?within=helse-bergen&limit=4&offset=4"
has "$tmp/body" '"within":"helse-bergen"'
has "$tmp/body" '"count":1,"total":5'
for bad in "limit=0" "limit=1001" "limit=-1" "limit=abc" "limit=" "limit=1e2" "limit=%2010"; do
    api 400 pia GET "/api/v1/risks?$bad"
    has "$tmp/body" '"field":"limit"'
done
for bad in "offset=-1" "offset=x" "offset=1000000001" "offset=99999999999999999999"; do
    api 400 pia GET "/api/v1/risks?$bad"
    has "$tmp/body" '"field":"offset"'
done

# a record kind: plans (ordered by revision_due, then id)
for i in 1 2 3 4 5 6 7; do
    api 201 pia POST /api/v1/plans "{\"org_id\": \"helse-bergen\", \"title\": \"Plan $i\",
        \"type\": \"preparedness\", \"owner\": \"Beredskapssjef\", \"status\": \"approved\",
        \"revision_due\": \"2030-0$i-01\"}"
done
api 200 pia GET /api/v1/plans
has "$tmp/body" '"count":7,"total":7,"limit":100,"offset":0'
api 200 pia GET "/api/v1/plans?limit=3&offset=3"
has "$tmp/body" '"count":3,"total":7,"limit":3,"offset":3'
has "$tmp/body" '"title":"Plan 4"'
grep -qF '"title":"Plan 3"' "$tmp/body" && fail "offset 3 still shows the third plan"
api 200 pia GET "/api/v1/plans?status=approved&limit=2&offset=6"
has "$tmp/body" '"count":1,"total":7'
api 200 pia GET "/api/v1/plans?status=draft"
has "$tmp/body" '"count":0,"total":0'
api 400 pia GET "/api/v1/plans?limit=5000"
has "$tmp/body" '"field":"limit"'
api 400 pia GET "/api/v1/plans?offset=-3"
has "$tmp/body" '"field":"offset"'

# openapi.json describes the page of every list
http 200 "$url/api/v1/openapi.json"
for p in '"name":"limit","in":"query"' '"name":"offset","in":"query"' \
    '"name":"within","in":"query"' '"name":"area","in":"query"' '"maximum":1000' '"default":100'; do
    has "$tmp/body" "$p"
done
echo "ok"
