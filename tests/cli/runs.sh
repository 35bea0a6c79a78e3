#!/bin/sh
# runs.sh - end-to-end tests of the engine runs over HTTP with curl: POST /api/v1/runs/surge
# and /api/v1/runs/workforce without a session (401) and without the CSRF token (403); a surge
# run on the posted text of scenarios/influenza-moderate.ini giving the same central figures as
# `klar surge`, with its inputs, units and the time it took; a region, Monte Carlo bands;
# bad bodies and bad parameters answered 400 naming the field (with the line of the text); a
# workforce run without and with a scenario, the same numbers as `klar workforce`; and, when
# the scenarios endpoint is there, runs on stored scenarios (404, 403 outside the user's
# organisations, 400 for the other engine). The server listens on a free port and is always
# killed on exit; every curl call has a time limit. $KLAR is the binary.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"

command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 0; }
[ -f "${KLAR_DATA:-data}/population.csv" ] || { echo "SKIP: no population baseline"; exit 0; }
http_time=60   # a run may take a while (under the sanitizers)
. "$(dirname "$0")/server.inc"

# json_text FILE : the file as the inside of a JSON string
json_text() {
    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/\r$//' "$1" | awk '{printf "%s\\n", $0}'
}

# number KEY FILE : the first number given for "KEY" in compact JSON, rounded to 3 decimals
number() {
    v=$(grep -o "\"$1\":[-0-9][-0-9.e+]*" "$2" | head -n 1 | sed 's/.*://')
    [ -n "$v" ] || fail "no number for $1 in $2"
    awk -v x="$v" 'BEGIN { printf "%.3f\n", x }'
}

# the same figures from the command line, for comparison
"$KLAR" surge --scenario scenarios/influenza-moderate.ini --summary "$tmp/cli.json" \
    >/dev/null 2>"$tmp/err" ||
    { cat "$tmp/err"; fail "klar surge failed"; }
tr -d ' \n' < "$tmp/cli.json" > "$tmp/cli.compact"
"$KLAR" workforce --profession bioingenior --to 2030 --format csv >"$tmp/wf.csv" 2>"$tmp/err" ||
    { cat "$tmp/err"; fail "klar workforce failed"; }

# users: a planner in Helse Vest and one in Helse Nord
KLAR_PASSWORD=correct-horse-battery "$KLAR" user add anna --org helse-vest --role planner \
    --db "$tmp/k.db" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar user add anna failed"; }
KLAR_PASSWORD=north-password-1 "$KLAR" user add nils --org helse-nord --role planner \
    --db "$tmp/k.db" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar user add nils failed"; }

start_server "$tmp/k.db"
surge="$url/api/v1/runs/surge"
workforce="$url/api/v1/runs/workforce"

printf '{"parameters": "%s"}' "$(json_text scenarios/influenza-moderate.ini)" > "$tmp/moderate.json"

# no session, no CSRF token
http 401 -X POST "$surge" --data-binary "@$tmp/moderate.json"
http 401 -X POST "$workforce" -d '{"profession": "bioingenior"}'
login anna correct-horse-battery
csrf=$(cat "$tmp/anna.csrf")
H="X-CSRF-Token: $csrf"
http 403 -b "$tmp/anna.jar" -X POST "$surge" --data-binary "@$tmp/moderate.json"
has "$tmp/body" "X-CSRF-Token"
http 403 -b "$tmp/anna.jar" -H "X-CSRF-Token: $(echo "$csrf" | tr 0-9a-f a-f0-9)" -X POST "$workforce" \
    -d '{"profession": "bioingenior"}'
http 405 -b "$tmp/anna.jar" "$surge"

# the professions a workforce run can project: every shipped one, with its names
http 200 -b "$tmp/anna.jar" "$url/api/v1/professions"
has "$tmp/body" '{"id":"bioingenior","name_nb":"Bioingeniør"'
n=$(ls "${KLAR_DATA:-data}"/professions/*.ini | wc -l)
has "$tmp/body" "\"count\":$n}"

# the deterministic national run: the command line's numbers
http 200 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" --data-binary "@$tmp/moderate.json"
cp "$tmp/body" "$tmp/moderate.out"
has "$tmp/body" '"engine":"surge"'
has "$tmp/body" '"elapsed_ms":'
has "$tmp/body" '"scenario":"influenza-moderate"'
has "$tmp/body" '"region":{"id":"NO"'
has "$tmp/body" '"unit":"persons"'
has "$tmp/body" '"stored_scenario":null'
has "$tmp/body" '"monte_carlo":null'
has "$tmp/body" '"census_icu":"patients"'
has "$tmp/body" '"peak_census_icu":"patients"'
for k in peak_census_icu peak_day_icu unmet_icu_bed_days days_icu_over_capacity deaths population; do
    a=$(number "$k" "$tmp/moderate.out"); b=$(number "$k" "$tmp/cli.compact")
    [ "$a" = "$b" ] || fail "$k: the server says $a, klar surge says $b"
done
[ "$(number peak_census_icu "$tmp/moderate.out" | cut -d. -f1)" = 419 ] ||
    fail "the national peak ICU census of influenza-moderate is not 419 patients"
grep -q '"days":\[{"day":0,' "$tmp/body" || fail "no daily series"

# another region, and Monte Carlo bands
printf '{"parameters": "%s", "region": "helse-vest", "runs": 12, "seed": 7}' \
    "$(json_text scenarios/influenza-moderate.ini)" > "$tmp/mc.json"
http 200 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" --data-binary "@$tmp/mc.json"
has "$tmp/body" '"region":{"id":"helse-vest"'
has "$tmp/body" '"monte_carlo":{"runs":12,"seed":7'
has "$tmp/body" '"bands":{"infections":{"p5":'
has "$tmp/body" '"monte_carlo_runs":12'

# bad bodies: 400 naming the field
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" -d '{"parameters": '
has "$tmp/body" "not valid JSON"
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" -d '{}'
has "$tmp/body" '"field":"parameters"'
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" -d '{"parameters": 5}'
has "$tmp/body" '"field":"parameters"'
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" -d '{"parameters": "", "runs": "many"}'
has "$tmp/body" '"field":"runs"'
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" -d '{"parameters": "", "runs": 10001}'
has "$tmp/body" '"field":"runs"'
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" -d '{"parameters": "", "seed": -1}'
has "$tmp/body" '"field":"seed"'
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" -d '{"parameters": "", "regoin": "NO"}'
has "$tmp/body" '"field":"regoin"'
has "$tmp/body" "did you mean 'region'?"
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" -d '{"parameters": "", "scenario_id": 1}'
has "$tmp/body" '"field":"parameters"'
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" -d '{"scenario_id": "one"}'
has "$tmp/body" '"field":"scenario_id"'
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" -d '{"parameters": "", "region": "helse-vst"}'
has "$tmp/body" '"field":"region"'
has "$tmp/body" "helse-vest"

# bad parameters: 400 naming "parameters" with the line
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" \
    -d '{"parameters": "[epidemic]\nr0 = 1.5\nlatent_dys = 2\n"}'
has "$tmp/body" '"field":"parameters"'
has "$tmp/body" '"message":"line 3: '
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" \
    -d '{"parameters": "[epidemic]\ncontacts = /etc/passwd\n"}'
has "$tmp/body" '"field":"parameters"'
has "$tmp/body" "line 2: 'contacts' names a file"
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" -d '{"parameters": "[scenario]\nregion = atlantis\n"}'
has "$tmp/body" "line 2: 'region': "

# workforce: the command line's numbers, a scenario, bad input
http 200 -b "$tmp/anna.jar" -H "$H" -X POST "$workforce" -d '{"profession": "bioingenior", "to_year": 2030}'
has "$tmp/body" '"engine":"workforce"'
has "$tmp/body" '"elapsed_ms":'
has "$tmp/body" '"projected_from":2022'
for alt in demography reference high; do
    want=$(awk -F, -v a="$alt" '$1 == 2030 && $2 == a { print $6 }' "$tmp/wf.csv")
    got=$(grep -o "\"year\":2030,\"alternative\":\"$alt\",[^{]*" "$tmp/body" |
          grep -o '"gap_fte":[-0-9.e+]*' | sed 's/.*://')
    [ -n "$got" ] || fail "no 2030 $alt row in the workforce run"
    awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; exit !(d < 0.06 && d > -0.06) }' ||
        fail "2030 $alt gap: the server says $got, klar workforce says $want"
done
printf '{"parameters": "%s"}' "$(json_text scenarios/helsemod-2012-bioingenior.ini)" > "$tmp/h2012.json"
http 200 -b "$tmp/anna.jar" -H "$H" -X POST "$workforce" --data-binary "@$tmp/h2012.json"
has "$tmp/body" '"scenario":"helsemod-2012-bioingenior"'
has "$tmp/body" '"to":2035'
has "$tmp/body" '"file":"data/professions/bioingenior.ini"'
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$workforce" -d '{"profession": "bioingenor"}'
has "$tmp/body" '"field":"profession"'
has "$tmp/body" "did you mean 'bioingenior'?"
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$workforce" -d '{}'
has "$tmp/body" '"field":"profession"'
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$workforce" -d '{"profession": "bioingenior", "to_year": 1990}'
has "$tmp/body" '"field":"to_year"'
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$workforce" -d '{"profession": "bioingenior", "runs": 3}'
has "$tmp/body" '"field":"runs"'
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$workforce" \
    -d '{"profession": "bioingenior", "parameters": "[stock]\nage_profile = ../../etc/passwd\n"}'
has "$tmp/body" '"field":"parameters"'
has "$tmp/body" "line 2: 'age_profile' names the file"

# stored scenarios (the scenarios endpoint of the record engine)
scenario_body() {   # ORG ENGINE FILE
    printf '{"org_id": "%s", "title": "run test", "area": "pandemic", "engine": "%s", ' "$1" "$2"
    printf '"parameters": "%s"}' "$(json_text "$3")"
}
scenario_body helse-bergen surge scenarios/influenza-moderate.ini > "$tmp/s.json"
http 201 -b "$tmp/anna.jar" -H "$H" -X POST "$url/api/v1/scenarios" --data-binary "@$tmp/s.json"
sid=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$tmp/body" | head -n 1)
[ -n "$sid" ] || fail "no id in the created scenario"
http 200 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" -d "{\"scenario_id\": $sid}"
has "$tmp/body" "\"stored_scenario\":{\"id\":$sid,\"title\":\"run test\"}"
a=$(number peak_census_icu "$tmp/body"); b=$(number peak_census_icu "$tmp/cli.compact")
[ "$a" = "$b" ] || fail "stored scenario: peak_census_icu $a, klar surge says $b"
http 400 -b "$tmp/anna.jar" -H "$H" -X POST "$workforce" -d "{\"scenario_id\": $sid}"
has "$tmp/body" '"field":"scenario_id"'
http 404 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" -d '{"scenario_id": 999999}'
has "$tmp/body" '"field":"scenario_id"'
login nils north-password-1
scenario_body helse-nord surge scenarios/influenza-severe.ini > "$tmp/n.json"
http 201 -b "$tmp/nils.jar" -H "X-CSRF-Token: $(cat "$tmp/nils.csrf")" -X POST "$url/api/v1/scenarios" \
    --data-binary "@$tmp/n.json"
nid=$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$tmp/body" | head -n 1)
http 403 -b "$tmp/anna.jar" -H "$H" -X POST "$surge" -d "{\"scenario_id\": $nid}"
has "$tmp/body" '"field":"scenario_id"'

term_server
exit 0
