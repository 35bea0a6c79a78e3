#!/bin/sh
# records.sh - the record kinds over HTTP (/api/v1/scenarios ... /api/v1/situation-reports):
# for every kind create 201, list, get, update 200, stale update 409, 400 naming the field,
# unknown id 404, no CSRF token 403, another region's planner 403, delete; the role matrix of
# writes (viewer, contributor, planner, admin) for every kind; learning points (closing needs a
# resolution and a planner; the overdue list); conflicts (409); the overviews; the audit log; openapi.json
# describing every route. $KLAR is the binary.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 0; }
. "$(dirname "$0")/server.inc"

db=${KLAR_RECORDS_DB:-$tmp/k.db}   # records_pg.sh: a PostgreSQL URL
adduser() {  # NAME ORG ROLE
    KLAR_PASSWORD="pw-$1-123456" "$KLAR" user add "$1" --org "$2" --role "$3" --db "$db" \
        >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "user add $1"; }
}
adduser vera helse-vest viewer
adduser carl helse-vest contributor
adduser pia helse-vest planner
adduser ada helse-vest admin
adduser nils helse-nord planner
start_server "$db"
for u in vera carl pia ada nils; do login "$u" "pw-$u-123456"; done

# body KIND ORG N : a valid record of KIND for ORG; N makes unique keys differ
body() {
    case $1 in
    scenarios) echo "{\"org_id\": \"$2\", \"title\": \"Pandemi $3\", \"area\": \"pandemic\"}" ;;
    planning-assumptions) echo "{\"org_id\": \"$2\", \"title\": \"Fravær $3\",
        \"statement\": \"Sykefravær blant ansatte\", \"value\": 20, \"unit\": \"%\"}" ;;
    plans) echo "{\"org_id\": \"$2\", \"title\": \"Beredskapsplan $3\", \"type\": \"preparedness\",
        \"owner\": \"Beredskapssjef\", \"status\": \"approved\", \"revision_due\": \"2000-01-0$3\"}" ;;
    exercises) echo "{\"org_id\": \"$2\", \"title\": \"Øvelse $3\", \"type\": \"tabletop\",
        \"status\": \"planned\", \"start_date\": \"2027-0$3-10\", \"participants\": [\"$2\"]}" ;;
    evaluations) echo "{\"org_id\": \"$2\", \"title\": \"Evaluering $3\", \"event\": \"Strømbrudd\",
        \"evaluated_on\": \"2026-0$3-01\", \"status\": \"draft\"}" ;;
    learning-points) echo "{\"org_id\": \"$2\", \"title\": \"Læringspunkt $3\", \"owner\": \"Drift\",
        \"due\": \"2000-01-0$3\", \"status\": \"open\"}" ;;
    capacity) cat=$(echo "ward intermediate icu ward" | cut -d' ' -f"$3")
        echo "{\"org_id\": \"$2\", \"category\": \"$cat\", \"physical\": 20, \"staffed\": 16,
        \"surge\": 24, \"as_of\": \"2026-11-01\"}" ;;
    stocks) echo "{\"org_id\": \"$2\", \"item\": \"ffp2-$3\", \"category\": \"infection-control\",
        \"unit\": \"pieces\", \"on_hand\": 3000, \"monthly_consumption\": 1000,
        \"as_of\": \"2026-11-01\"}" ;;
    reserves) echo "{\"org_id\": \"$2\", \"name\": \"Reserve $3\", \"profession\": \"bioengineer\",
        \"authorised\": true, \"availability\": \"24h\", \"armed_forces\": true}" ;;
    situation-reports) echo "{\"org_id\": \"$2\", \"date\": \"2026-11-2$3\", \"status\": \"strained\",
        \"capacity_status\": \"critical\", \"staff_status\": \"strained\",
        \"stock_status\": \"normal\", \"icu_occupied\": 12, \"icu_available\": 2}" ;;
    esac
}
kinds="scenarios planning-assumptions plans exercises evaluations learning-points capacity
stocks reserves situation-reports"

# every kind end to end as the planner
for k in $kinds; do
    api 201 pia POST "/api/v1/$k" "$(body "$k" helse-bergen 1)"
    id=$(json_member id)
    [ -n "$id" ] || fail "$k: no id in the answer"
    has "$tmp/body" '"version":1'
    api 200 pia GET "/api/v1/$k"
    has "$tmp/body" '"count":1'
    api 200 vera GET "/api/v1/$k/$id"
    has "$tmp/body" '"org_id":"helse-bergen"'
    cp "$tmp/body" "$tmp/record"
    # update with the version read, then again with the same (stale) version
    upd=$(cat "$tmp/record")
    api 200 pia PUT "/api/v1/$k/$id" "$upd"
    has "$tmp/body" '"version":2'
    api 409 pia PUT "/api/v1/$k/$id" "$upd"
    has "$tmp/body" '"field":"version"'
    # errors: a wrong type names the field; unknown id; no CSRF token; another region
    api 400 pia POST "/api/v1/$k" '{"org_id": "helse-bergen", "title": 5, "item": 5, "date": 5,
        "category": 5, "name": 5}'
    has "$tmp/body" '"field":"'
    api 400 pia POST "/api/v1/$k" '{"org_id": "helse-bergen"'
    api 400 pia POST "/api/v1/$k" "$(body "$k" no-such-org 2)"
    has "$tmp/body" '"field":"org_id"'
    api 404 pia GET "/api/v1/$k/999999"
    api 404 pia GET "/api/v1/$k/abc"
    http 403 -b "$tmp/pia.jar" -X POST "$url/api/v1/$k" -d "$(body "$k" helse-bergen 2)"
    api 403 nils GET "/api/v1/$k/$id"
    api 403 nils POST "/api/v1/$k" "$(body "$k" helse-bergen 2)"
    api 403 nils PUT "/api/v1/$k/$id" "$upd"
    api 403 nils GET "/api/v1/$k?within=helse-vest"
    api 200 nils GET "/api/v1/$k"
    has "$tmp/body" '"count":0'
    http 401 -X GET "$url/api/v1/$k"
    api 403 vera DELETE "/api/v1/$k/$id"
    api 200 pia DELETE "/api/v1/$k/$id"
    api 404 pia GET "/api/v1/$k/$id"
done

# the role matrix of writes: who may create each kind (in its own organisation of Helse Vest)
n=1
for who in vera:helse-forde:403:403 carl:helse-fonna:403:201 pia:helse-stavanger:201:201 \
           ada:helse-bergen:201:201; do
    name=${who%%:*}; rest=${who#*:}; org=${rest%%:*}; rest=${rest#*:}
    plan_status=${rest%%:*}; contrib_status=${rest#*:}
    for k in $kinds; do
        case $k in
        learning-points|situation-reports|capacity|stocks) want=$contrib_status ;;
        *) want=$plan_status ;;
        esac
        api "$want" "$name" POST "/api/v1/$k" "$(body "$k" "$org" "$n")"
    done
    n=$((n + 1))
done
# contributors write learning points and situation reports but may not delete them
api 200 carl GET "/api/v1/learning-points?within=helse-fonna"
id=$(json_member id)
api 403 carl DELETE "/api/v1/learning-points/$id"
# ... nor close them: that is for a planner (auth.h), though they may move one along
api 200 carl GET "/api/v1/learning-points/$id"
api 403 carl PUT "/api/v1/learning-points/$id" "$(sed 's/"status":"open"/"status":"closed"/;
    s/"resolution":null/"resolution":"Gjort"/' "$tmp/body")"
has "$tmp/body" '"field":"status"'
api 200 carl GET "/api/v1/learning-points/$id"
api 200 carl PUT "/api/v1/learning-points/$id" "$(sed 's/"status":"open"/"status":"in-progress"/' "$tmp/body")"
has "$tmp/body" '"status":"in-progress"'
api 403 carl POST /api/v1/learning-points '{"org_id": "helse-fonna", "title": "Ferdig", "owner": "o",
    "due": "2027-01-01", "status": "closed", "resolution": "Gjort"}'
has "$tmp/body" '"field":"status"'

# conflicts: a second situation report of the same organisation and day
api 409 pia POST /api/v1/situation-reports "$(body situation-reports helse-stavanger 3)"
has "$tmp/body" 'already exists'

# learning points: the overdue list, and closing needs a resolution
api 200 pia GET "/api/v1/learning-points?overdue=true"
has "$tmp/body" '"count":3'
has "$tmp/body" '"overdue":true'
api 400 pia GET "/api/v1/learning-points?overdue=maybe"
has "$tmp/body" '"field":"overdue"'
api 400 pia GET "/api/v1/learning-points?status=done"
has "$tmp/body" '"field":"status"'
api 200 pia GET "/api/v1/learning-points?within=helse-stavanger"
id=$(json_member id)
api 200 pia GET "/api/v1/learning-points/$id"
closing=$(sed 's/"status":"open"/"status":"closed"/' "$tmp/body")
api 400 pia PUT "/api/v1/learning-points/$id" "$closing"
has "$tmp/body" '"field":"resolution"'
api 200 pia GET "/api/v1/learning-points/$id"
closing=$(sed 's/"status":"open"/"status":"closed"/; s/"resolution":null/"resolution":"Rutine endret"/' "$tmp/body")
api 200 pia PUT "/api/v1/learning-points/$id" "$closing"
has "$tmp/body" '"overdue":false'
# reopening a closed point is a planner's too: a contributor gets 403
api 200 carl GET "/api/v1/learning-points/$id"
reopen=$(sed 's/"status":"closed"/"status":"in-progress"/' "$tmp/body")
api 403 carl PUT "/api/v1/learning-points/$id" "$reopen"
has "$tmp/body" '"field":"status"'
has "$tmp/body" 'reopened by a planner'
api 200 pia GET "/api/v1/learning-points?overdue=true"
has "$tmp/body" '"count":2'

# overviews within Helse Vest (the planner's region) and outside it
api 200 pia GET /api/v1/capacity/summary
has "$tmp/body" '"icu"'
api 200 pia GET /api/v1/stocks/compliance
has "$tmp/body" 'ffp2'
api 200 pia GET /api/v1/reserves/summary
has "$tmp/body" 'bioengineer'
api 200 pia GET "/api/v1/exercises/plan?from=2027&to=2028"
has "$tmp/body" '2027'
api 400 pia GET "/api/v1/exercises/plan?from=2027&to=2020"
has "$tmp/body" '"field":"to"'
api 200 pia GET "/api/v1/situation-reports/rollup?date=2026-11-23"
has "$tmp/body" 'helse-stavanger'
api 400 pia GET "/api/v1/situation-reports/rollup?date=23.11.2026"
has "$tmp/body" '"field":"date"'
# a range of days in one answer: each day as the day's own roll-up gives it
api 200 pia GET "/api/v1/situation-reports/rollup?date=2026-11-23"
tr -d '\n' <"$tmp/body" >"$tmp/day.json"
api 200 pia GET "/api/v1/situation-reports/rollups?from=2026-11-21&to=2026-11-24"
has "$tmp/body" '"from":"2026-11-21","to":"2026-11-24"'
[ "$(grep -o '"within":"helse-vest","date":"2026-11-2[0-9]"' "$tmp/body" | sed "s/.*:\"\([0-9-]*\)\"/\1/" | tr '\n' ' ')" = '2026-11-21 2026-11-22 2026-11-23 2026-11-24 ' ] ||
    fail "the range does not list its four days in order: $(grep -o "\"within\":\"helse-vest\",\"date\":\"[0-9-]*\"" "$tmp/body" | tr "\n" " ")"
grep -qF "$(cat "$tmp/day.json")" "$tmp/body" || fail "the range's 2026-11-23 differs from that day's roll-up"
api 400 pia GET "/api/v1/situation-reports/rollups?from=2026-11-24&to=2026-11-21"
has "$tmp/body" '"field":"to"'
api 400 pia GET "/api/v1/situation-reports/rollups?from=2026-01-01&to=2026-12-31"
has "$tmp/body" '"field":"to"'
api 400 pia GET "/api/v1/situation-reports/rollups?from=2026-02-30"
has "$tmp/body" '"field":"from"'
api 403 nils GET "/api/v1/situation-reports/rollups?within=helse-vest"
# the whole overview in one answer: each part as its own endpoint answers
api 200 pia GET "/api/v1/risks/matrix"
tr -d '\n' <"$tmp/body" >"$tmp/matrix.json"
api 200 pia GET "/api/v1/learning-points?overdue=true&limit=5"
lp_total=$(json_member total)
api 200 pia GET "/api/v1/capacity/summary"
tr -d '\n' <"$tmp/body" >"$tmp/capacity.json"
api 200 pia GET "/api/v1/overview"
grep -qF "\"risk_matrix\":$(cat "$tmp/matrix.json")" "$tmp/body" || fail "the overview's matrix is not /risks/matrix"
grep -qF "\"capacity\":$(cat "$tmp/capacity.json")" "$tmp/body" || fail "the overview's capacity is not /capacity/summary"
grep -q "\"overdue_learning_points\":{\"learning_points\":\[.*\],\"total\":$lp_total}" "$tmp/body" ||
    fail "the overview's overdue learning points do not count $lp_total"
for part in overdue_plans stocks reserves situation; do has "$tmp/body" "\"$part\":{"; done
api 403 nils GET "/api/v1/overview?within=helse-vest"

# the map's areas: every RHF and county governor, the figure only where the user may read
api 200 pia GET "/api/v1/risks/matrix?within=helse-vest"
vest_risks=$(json_member total)
api 200 pia GET "/api/v1/overview/areas?indicator=risks"
has "$tmp/body" "\"id\":\"helse-vest\",\"name\":\"Helse Vest RHF\",\"type\":\"rhf\",\"parent_id\":\"hod\",\"readable\":true,\"value\":$vest_risks,\"unit\":\"risks\""
has "$tmp/body" '"id":"helse-nord","name":"Helse Nord RHF","type":"rhf","parent_id":"hod","readable":false,"value":null,"unit":null'
has "$tmp/body" '"id":"sf-vestland","name":"Statsforvalteren i Vestland","type":"county-governor","parent_id":"helsedir","readable":false'
[ "$(grep -o '"type":"county-governor"' "$tmp/body" | wc -l)" = 10 ] || fail "the map has not the ten county governors"
[ "$(grep -o '"type":"rhf"' "$tmp/body" | wc -l)" = 4 ] || fail "the map has not the four RHFs"
api 200 pia GET "/api/v1/overview/areas?indicator=situation"
has "$tmp/body" '"unit":"status"'
api 200 pia GET "/api/v1/overview/areas?indicator=stocks"
api 200 pia GET "/api/v1/overview/areas?indicator=icu"
has "$tmp/body" '"unit":"beds"'
api 400 pia GET "/api/v1/overview/areas?indicator=beds"
has "$tmp/body" '"field":"indicator"'
api 400 pia GET "/api/v1/overview/areas"
has "$tmp/body" '"field":"indicator"'
api 403 nils GET "/api/v1/capacity/summary?within=helse-vest"

# the audit log has the record changes
api 200 pia GET "/api/v1/audit?entity=learning-point"
has "$tmp/body" '"action":"update"'
has "$tmp/body" 'Rutine endret'
api 200 pia GET "/api/v1/audit?entity=learning-points"          # the URL name works too
has "$tmp/body" 'Rutine endret'
has "$tmp/body" '"entity":"learning-point"'
total=$(json_member total)
[ "${total:-0}" -ge 2 ] || fail "audit of learning points: total $total, expected 2 or more"
api 200 pia GET "/api/v1/audit?entity=learning-points&limit=1&offset=1"
has "$tmp/body" '"count":1'
has "$tmp/body" "\"total\":$total,"
has "$tmp/body" '"limit":1,"offset":1'
# /me names the least role of what a viewer may not use (srv_least_role, as openapi.json's)
api 200 vera GET /api/v1/me
has "$tmp/body" '"GET /api/v1/audit":"planner"'
has "$tmp/body" '"GET /api/v1/users":"admin"'
grep -q '"GET /api/v1/risks' "$tmp/body" && fail "/me lists a record kind's operations"

# by user and time: every change here was made today (UTC)
api 200 pia GET "/api/v1/audit?user=pia"
mine=$(json_member total)
[ "${mine:-0}" -ge 1 ] || fail "audit by pia: total $mine, expected some"
others=$(grep -o '"user":"[^"]*"' "$tmp/body" | grep -vc '"user":"pia"')
[ "$others" = 0 ] || fail "audit by pia lists $others changes of other users"
api 200 pia GET "/api/v1/audit"
all=$(json_member total)
[ "$mine" -lt "$all" ] || fail "audit by pia ($mine) is not a part of all changes ($all)"
api 200 pia GET "/api/v1/audit?user=nobody"
has "$tmp/body" '"total":0'
today=$(date -u +%Y-%m-%d)
api 200 pia GET "/api/v1/audit?from=$today&to=$today"
has "$tmp/body" "\"total\":$all,"
api 200 pia GET "/api/v1/audit?to=2000-01-01"
has "$tmp/body" '"total":0'
api 200 pia GET "/api/v1/audit?from=$(date -u -d tomorrow +%Y-%m-%d)"
has "$tmp/body" '"total":0'
api 200 pia GET "/api/v1/audit?from=${today}T00:00:00Z&user=pia&entity=learning-points"
has "$tmp/body" '"user":"pia"'
api 400 pia GET "/api/v1/audit?from=2026-02-30"
has "$tmp/body" '"field":"from"'
api 400 pia GET "/api/v1/audit?to=03.12.2026"
has "$tmp/body" '"field":"to"'
api 400 pia GET "/api/v1/audit?user="
has "$tmp/body" '"field":"user"'
api 400 pia GET "/api/v1/audit?entity=learning-pionts"          # never an empty 200
has "$tmp/body" '"field":"entity"'
has "$tmp/body" 'learning-points'
api 400 pia GET "/api/v1/audit?entity=risk&entity_id=%2B1"
has "$tmp/body" '"field":"entity_id"'
api 400 pia GET "/api/v1/audit?limit=0"
has "$tmp/body" '"field":"limit"'

# openapi.json describes every route, with roles and the kinds' schemas
http 200 "$url/api/v1/openapi.json"
has "$tmp/body" '"openapi":"3.0.3"'
for p in /api/v1/risks/matrix /api/v1/learning-points/{id} /api/v1/situation-reports/rollup \
         /api/v1/capacity/summary /api/v1/audit; do
    has "$tmp/body" "\"$p\""
done
has "$tmp/body" '"x-klar-least-role":"contributor"'
has "$tmp/body" '"learning-point":{'
echo "records: ok"
