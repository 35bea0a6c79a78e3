#!/bin/sh
# kept.sh - the engines on the registry's own figures, and the runs the server keeps, over
# HTTP: a Helse Vest planner registers ICU and ward beds, FFP3 stock, an item the model does not
# know and a reserve nurse at Helse Bergen; a surge run for helse-vest then uses them (each
# figure with its records and versions, the shipped ones with file and line, the trusts
# without records named, the unknown item refused with the reason), one with figures=shipped
# does not; both are kept: listed newest first within the user's subtree and hidden from
# another region's planner, read as JSON, CSV (columns with units) and XLSX (three sheets),
# compared (summary differences, series aligned by day); after the registered ICU beds change,
# the first run run again on its kept figures gives identical numbers; a workforce run is kept
# and cannot be compared with a surge run; only the owner or a planner over the owner's
# organisation deletes a run, with an audit row. KLAR_KEPT_DB may name a PostgreSQL URL
# (kept_pg.sh). $KLAR is the binary; node reads the JSON.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"

command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 0; }
command -v node >/dev/null 2>&1 || { echo "SKIP: node is not installed"; exit 0; }
http_time=60
. "$(dirname "$0")/server.inc"
db=${KLAR_KEPT_DB:-$tmp/k.db}

adduser() {
    KLAR_PASSWORD="pw-$1-123456" "$KLAR" user add "$1" --org "$2" --role "$3" --db "$db" \
        >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "user add $1"; }
}
adduser anna helse-vest planner
adduser vera helse-bergen viewer
adduser nils helse-nord planner

# js EXPR : evaluates EXPR with d = the JSON of $tmp/body; fails unless it is true
js() {
    node -e 'const fs = require("fs"); const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
             const ok = (function () { return eval(process.argv[2]); })();
             if (ok !== true) { console.error("not true: " + process.argv[2] + " (got " + JSON.stringify(ok) + ")"); process.exit(1); }' \
        "$tmp/body" "$1" || { head -c 3000 "$tmp/body"; echo; fail "$1"; }
}
# jsv EXPR : prints EXPR of d
jsv() {
    node -e 'const fs = require("fs"); const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
             console.log(eval(process.argv[2]));' "$tmp/body" "$1"
}

start_server "$db"
for u in anna vera nils; do login "$u" "pw-$u-123456"; done

api 201 anna POST /api/v1/capacity '{"org_id":"helse-bergen","category":"icu","physical":30,"staffed":20,"surge":35,"as_of":"2026-11-01"}'
icu_id=$(json_member id)
api 201 anna POST /api/v1/capacity '{"org_id":"helse-bergen","category":"ward","physical":400,"staffed":300,"surge":350,"as_of":"2026-11-01"}'
api 201 anna POST /api/v1/stocks '{"org_id":"helse-bergen","item":"FFP3","category":"infection-control","unit":"pieces","on_hand":60000,"monthly_consumption":10000,"as_of":"2026-11-01"}'
api 201 anna POST /api/v1/stocks '{"org_id":"helse-bergen","item":"paracetamol","category":"medicine","unit":"tablets","on_hand":9000,"monthly_consumption":3000,"as_of":"2026-11-01"}'
api 201 anna POST /api/v1/reserves '{"org_id":"helse-bergen","name":"Kari","profession":"specialist-nurse","authorised":true,"availability":"24h","armed_forces":false}'
api 201 anna POST /api/v1/reserves '{"org_id":"helse-bergen","name":"Ola","profession":"specialist-nurse","authorised":true,"availability":"unavailable","armed_forces":false}'

text=$(node -e 'process.stdout.write(JSON.stringify(require("fs").readFileSync("scenarios/influenza-moderate.ini", "utf8")))')

# ---- a run on the registry's figures ----
api 200 anna POST /api/v1/runs/surge "{\"parameters\": $text, \"region\": \"helse-vest\"}"
js 'd.org_id === "helse-vest" && Number.isInteger(d.run_id) && d.figures_note === null'
run1=$(jsv d.run_id)
js 'const f = k => d.inputs.figures.find(x => x.key === k);
    f("capacity.icu_beds").from === "registry" && f("capacity.icu_beds").value === 20 &&
    f("capacity.icu_beds_surge").value === 15 && f("capacity.ward_beds").value === 300 &&
    JSON.stringify(f("capacity.icu_beds").records) === JSON.stringify([{kind: "capacity", id: '"$icu_id"', version: 1, org_id: "helse-bergen"}])'
js 'const f = k => d.inputs.figures.find(x => x.key === k);
    f("item.ffp3.opening_months").value === 6 && f("item.ffp3.normal_per_month").value === 10000 &&
    f("staff.icu-nurse.reserve_fte").value === 1 && f("staff.icu-nurse.reserve_fte").from === "registry"'
js 'const f = k => d.inputs.figures.find(x => x.key === k);
    f("staff.nurse.fte").from === "shipped" && f("staff.nurse.fte").file === "data/surge/capacity.csv" &&
    f("staff.nurse.fte").lines.length === 1 && f("item.gloves.opening_months").file === "data/surge/items.csv"'
js 'd.inputs.registry.not_used.some(u => u.figure.includes("paracetamol") && u.reason.includes("no item")) &&
    d.inputs.registry.trusts_without_capacity.icu.includes("helse-stavanger")'
js 'd.days[0].icu_capacity < 20 && d.days[0].icu_capacity > 0'

# ---- the same on the shipped figures only, with Monte Carlo runs ----
api 200 anna POST /api/v1/runs/surge "{\"parameters\": $text, \"region\": \"helse-vest\", \"figures\": \"shipped\", \"runs\": 20}"
js 'd.figures_note.includes("shipped") && d.inputs.figures.every(f => f.from !== "registry") && d.inputs.registry === null'
run2=$(jsv d.run_id)
api 400 anna POST /api/v1/runs/surge "{\"parameters\": $text, \"figures\": \"mine\"}"
has "$tmp/body" '"field":"figures"'
api 400 anna POST /api/v1/runs/surge "{\"parameters\": $text, \"org_id\": \"nowhere\"}"
has "$tmp/body" '"field":"org_id"'
api 403 anna POST /api/v1/runs/surge "{\"parameters\": $text, \"org_id\": \"helse-nord\"}"

# ---- kept, listed within the subtree ----
api 200 anna GET /api/v1/runs
js "d.total === 2 && d.runs[0].id === $run2 && d.runs[1].id === $run1 && d.runs[1].figures_org === 'helse-vest' &&
    d.runs[1].user_name === 'anna' && /^fnv1a64:[0-9a-f]{16}\$/.test(d.runs[1].data_checksum) && d.runs[1].klar_version.length > 0 &&
    typeof d.runs[1].summary.peak_census_icu === 'number'"
api 200 anna GET "/api/v1/runs?engine=workforce"
js 'd.total === 0'
api 200 nils GET /api/v1/runs
js 'd.total === 0'
api 403 nils GET "/api/v1/runs?within=helse-vest"
api 404 nils GET "/api/v1/runs/$run1"
api 404 vera GET "/api/v1/runs/$run1"
api 200 anna GET "/api/v1/runs/$run1"
js "d.id === $run1 && d.request.figures.org_id === 'helse-vest' && d.result.inputs.figures.length > 10 &&
    d.request.parameters.includes('[epidemic]')"

# ---- as files ----
api 200 anna GET "/api/v1/runs/$run1?format=csv"
head -n 1 "$tmp/body" | grep -q 'census_icu (patients)' || fail "the CSV header lacks census_icu (patients)"
[ "$(wc -l < "$tmp/body")" -ge 300 ] || fail "the CSV has fewer rows than days"
api 200 anna GET "/api/v1/runs/$run2?format=xlsx"
has "$tmp/headers" "spreadsheetml"
[ "$(head -c 2 "$tmp/body")" = PK ] || fail "the workbook is no zip file"
api 400 anna GET "/api/v1/runs/$run1?format=pdf"

# ---- compared ----
api 200 anna GET "/api/v1/runs/compare?ids=$run1,$run2"
js "d.engine === 'surge' && d.axis === 'day' && d.runs.length === 2 && d.x.length === 301 &&
    d.series['census_icu (patients)'].length === 2 && d.series['census_icu (patients)'][0].length === 301 &&
    d.summary.days_icu_over_capacity.values.length === 2 &&
    d.summary.days_icu_over_capacity.differences[1] === d.summary.days_icu_over_capacity.values[1] - d.summary.days_icu_over_capacity.values[0] &&
    d.summary.days_icu_over_capacity.values[0] !== d.summary.days_icu_over_capacity.values[1]"
api 400 anna GET "/api/v1/runs/compare?ids=$run1"
api 400 anna GET "/api/v1/runs/compare?ids=1,x"
api 404 anna GET "/api/v1/runs/compare?ids=$run1,999"

# ---- run again on the kept figures after the registry changed ----
api 200 anna PUT "/api/v1/capacity/$icu_id" '{"org_id":"helse-bergen","category":"icu","physical":30,"staffed":25,"surge":35,"as_of":"2026-11-02","version":1}'
api 200 anna POST "/api/v1/runs/$run1/rerun"
js "d.rerun_of.id === $run1 && d.rerun_of.identical === true && d.run_id > $run2 &&
    d.inputs.figures.find(x => x.key === 'capacity.icu_beds').value === 20"
api 200 anna POST /api/v1/runs/surge "{\"parameters\": $text, \"region\": \"helse-vest\"}"
js "d.inputs.figures.find(x => x.key === 'capacity.icu_beds').value === 25 &&
    d.inputs.figures.find(x => x.key === 'capacity.icu_beds').records[0].version === 2"

# ---- a workforce run is kept too ----
api 200 anna POST /api/v1/runs/workforce '{"profession": "bioingenior", "to_year": 2030}'
wf=$(jsv d.run_id)
api 200 anna GET "/api/v1/runs/$wf"
js "d.engine === 'workforce' && d.summary.year === 2030 && typeof d.summary.reference === 'object'"
api 200 anna GET "/api/v1/runs/$wf?format=csv"
head -n 1 "$tmp/body" | grep -q 'year' || fail "the workforce CSV has no year column"
api 400 anna GET "/api/v1/runs/compare?ids=$run1,$wf"
has "$tmp/body" "one engine"

# ---- deleting ----
api 404 vera DELETE "/api/v1/runs/$run2"
api 404 nils DELETE "/api/v1/runs/$run2"
api 200 anna DELETE "/api/v1/runs/$run2"
api 404 anna GET "/api/v1/runs/$run2"
api 200 anna GET "/api/v1/audit?entity=runs"
js "d.audit.length === 1 && d.audit[0].entity_id === '$run2' && d.audit[0].action === 'delete'"

term_server

# ---- the command line: klar runs, klar surge --db ----
"$KLAR" runs list --db "$db" >"$tmp/list" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar runs list"; }
has "$tmp/list" "4 of 4 runs"   # run1, two re-runs and the workforce run; run2 deleted
has "$tmp/list" "ICU peak"
"$KLAR" runs list --db "$db" --within helse-nord >"$tmp/list" 2>&1 || fail "klar runs list --within"
has "$tmp/list" "0 of 0 runs"
"$KLAR" runs show "$run1" --format csv --db "$db" >"$tmp/csv" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar runs show --format csv"; }
head -n 1 "$tmp/csv" | grep -q 'census_icu (patients)' || fail "klar runs show: no census_icu column"
"$KLAR" runs show "$run1" --format xlsx --out "$tmp/run.xlsx" --db "$db" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar runs show --format xlsx"; }
[ "$(head -c 2 "$tmp/run.xlsx")" = PK ] || fail "klar runs show wrote no workbook"
"$KLAR" runs compare "$run1,$wf" --db "$db" >"$tmp/out" 2>"$tmp/err" && fail "klar runs compare of two engines succeeded"
has "$tmp/err" "one engine"
"$KLAR" runs list --db "$db" >"$tmp/list"
last=$(sed -n 's/^\([0-9][0-9]*\) .* surge .*/\1/p' "$tmp/list" | head -n 1)
[ -n "$last" ] && [ "$last" != "$run1" ] || fail "klar runs list: no later surge run"
"$KLAR" runs compare "$run1,$last" --db "$db" >"$tmp/cmp" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar runs compare"; }
has "$tmp/cmp" "days_icu_over_capacity"
grep -E '[0-9]e[+-]?[0-9]' "$tmp/cmp" && fail "klar runs compare wrote a number with an exponent"
expect 1 "$KLAR" runs show 999 --db "$db"
expect 2 "$KLAR" runs show x --db "$db"
"$KLAR" surge --scenario scenarios/influenza-moderate.ini --region helse-vest --db "$db" --format csv \
    >"$tmp/reg.csv" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar surge --db"; }
has "$tmp/err" "figures from the registry of helse-vest"
grep -q "capacity.icu_beds  *25 beds" "$tmp/err" || { cat "$tmp/err"; fail "klar surge --db: no 25 ICU beds"; }
has "$tmp/err" "not used: stock 'paracetamol'"
"$KLAR" surge --scenario scenarios/influenza-moderate.ini --region helse-vest --format csv >"$tmp/ship.csv" 2>&1 ||
    fail "klar surge without --db"
cmp -s "$tmp/reg.csv" "$tmp/ship.csv" && fail "klar surge --db gave the shipped figures' output"
expect 2 "$KLAR" surge --scenario scenarios/influenza-moderate.ini --org helse-vest
expect 2 "$KLAR" surge --scenario scenarios/influenza-moderate.ini --db "$db" --region 46
expect 2 "$KLAR" surge --scenario scenarios/influenza-moderate.ini --db "$db" --org nowhere
echo "PASS: kept.sh"
