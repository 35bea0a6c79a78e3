#!/bin/sh
# sharing.sh - the reading rule and references over HTTP: a shared kind (scenarios, planning
# assumptions, exercises) owned above a user's organisation is theirs to read (and listed with
# ?inherited=true), a risk is not; an exercise is readable by its participants; a reference
# must point at a record the writer may read, refused in the words used for one that does not
# exist; deleting a record others refer to says which organisations hold the references
# (names and counts, no content) and deletes nothing.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"
command -v curl >/dev/null 2>&1 || fail "curl is missing (make deps)"
. "$(dirname "$0")/server.inc"

adduser() {  # NAME ORG ROLE
    KLAR_PASSWORD="pw-$1-123456" "$KLAR" user add "$1" --org "$2" --role "$3" --db "$tmp/k.db" \
        >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "user add $1"; }
}
adduser hanna hod planner
adduser pia helse-bergen planner
adduser nils helse-nord planner
adduser sofie helse-sor-ost viewer
start_server "$tmp/k.db"
for u in hanna pia nils sofie; do login "$u" "pw-$u-123456"; done

# a national scenario: read below, listed with ?inherited=true only
api 201 hanna POST /api/v1/scenarios '{"org_id": "hod", "title": "Nasjonal pandemi", "area": "pandemic"}'
sid=$(json_member id)
api 200 pia GET "/api/v1/scenarios/$sid"
has "$tmp/body" '"org_id":"hod"'
api 200 pia GET /api/v1/scenarios
has "$tmp/body" '"total":0'
api 200 pia GET "/api/v1/scenarios?inherited=true"
has "$tmp/body" '"total":1'
has "$tmp/body" "Nasjonal pandemi"
api 400 pia GET "/api/v1/scenarios?inherited=maybe"
has "$tmp/body" '"field":"inherited"'
api 403 pia PUT "/api/v1/scenarios/$sid" "{\"version\": 1, \"title\": \"Endret\", \"area\": \"pandemic\"}"

# a risk is not shared: Helse Nord's is not Bergen's to read, nor to refer to
api 201 nils POST /api/v1/risks '{"org_id": "helse-nord", "title": "Ras mot sykehuset", "area": "supply", "probability": 2, "consequence": 3}'
rid=$(json_member id)
api 403 pia GET "/api/v1/risks/$rid"
api 400 pia POST /api/v1/scenarios "{\"org_id\": \"helse-bergen\", \"title\": \"S\", \"area\": \"pandemic\", \"risk_ids\": [$rid]}"
has "$tmp/body" '"field":"risk_ids[0]"'
sed "s/$rid/N/g" "$tmp/body" >"$tmp/hidden"
api 400 pia POST /api/v1/scenarios '{"org_id": "helse-bergen", "title": "S", "area": "pandemic", "risk_ids": [987654]}'
sed "s/987654/N/g" "$tmp/body" >"$tmp/missing"
cmp -s "$tmp/hidden" "$tmp/missing" || { cat "$tmp/hidden" "$tmp/missing"; fail "a risk one may not read is told apart from one that does not exist"; }

# the national scenario may be referred to from below
api 201 pia POST /api/v1/exercises "{\"org_id\": \"helse-bergen\", \"title\": \"Øvelse Bergen\", \"type\": \"tabletop\", \"status\": \"planned\", \"start_date\": \"2027-03-10\", \"scenario_id\": $sid}"
eid=$(json_member id)

# an exercise is readable by its participants, not by others
api 201 nils POST /api/v1/exercises '{"org_id": "helse-nord", "title": "Felles øvelse", "type": "tabletop", "status": "planned", "start_date": "2027-04-10", "participants": ["helse-nord", "helse-bergen"]}'
nid=$(json_member id)
api 200 pia GET "/api/v1/exercises/$nid"
has "$tmp/body" "Felles øvelse"
api 403 sofie GET "/api/v1/exercises/$nid"

# deleting what others refer to: who holds the references, not what they say
api 409 hanna DELETE "/api/v1/scenarios/$sid"
has "$tmp/body" "1 of Helse Bergen HF"
has "$tmp/body" "those references must go first"
grep -qF "Øvelse Bergen" "$tmp/body" && fail "the delete refusal shows the referring record"
api 200 hanna GET "/api/v1/scenarios/$sid"                 # nothing was deleted
api 200 pia DELETE "/api/v1/exercises/$eid"
api 200 hanna DELETE "/api/v1/scenarios/$sid"
echo "sharing: ok"
