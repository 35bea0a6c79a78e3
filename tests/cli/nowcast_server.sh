#!/bin/sh
# nowcast_server.sh - POST /api/v1/runs/nowcast over HTTP: Helse Vest's trusts send daily
# situation reports with the epidemic's census (patients_in_hospital, patients_in_icu); the
# nowcast for helse-vest sums the trusts' reports per day (and leaves out helse-vest's own
# total on days its trusts reported), fits and projects with bands against the subtree's
# registered beds; bad requests get 400 naming the member, too little census 422, another
# region's planner 403. KLAR_NOWCAST_DB may name a PostgreSQL URL. $KLAR is the binary.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"

command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 0; }
command -v node >/dev/null 2>&1 || { echo "SKIP: node is not installed"; exit 0; }
http_time=60
. "$(dirname "$0")/server.inc"
db=${KLAR_NOWCAST_DB:-$tmp/n.db}

adduser() {
    KLAR_PASSWORD="pw-$1-123456" "$KLAR" user add "$1" --org "$2" --role "$3" --db "$db" \
        >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "user add $1"; }
}
adduser anna helse-vest planner
adduser nils helse-nord planner

js() {
    node -e 'const fs = require("fs"); const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
             const ok = (function () { return eval(process.argv[2]); })();
             if (ok !== true) { console.error("not true: " + process.argv[2] + " (got " + JSON.stringify(ok) + ")"); process.exit(1); }' \
        "$tmp/body" "$1" || { head -c 3000 "$tmp/body"; echo; fail "$1"; }
}

start_server "$db"
for u in anna nils; do login "$u" "pw-$u-123456"; done

# 14 days of an epidemic growing about 20 % a day: Bergen two thirds, Stavanger one third
report() {  # org date hospital icu
    api 201 anna POST /api/v1/situation-reports "{\"org_id\":\"$1\",\"date\":\"$2\",\"status\":\"strained\",\"capacity_status\":\"strained\",\"staff_status\":\"normal\",\"stock_status\":\"normal\",\"patients_in_hospital\":$3,\"patients_in_icu\":$4}"
}
i=0
for d in 01 02 03 04 05 06 07 08 09 10 11 12 13 14; do
    total=$(node -e "console.log(Math.round(4 * Math.pow(1.2, $i)))")
    bergen=$(( total * 2 / 3 )); stavanger=$(( total - bergen ))
    report helse-bergen "2026-03-$d" "$bergen" $(( bergen / 5 ))
    report helse-stavanger "2026-03-$d" "$stavanger" $(( stavanger / 5 ))
    i=$((i + 1))
done
report helse-vest 2026-03-14 9999 999       # the RHF's own total: its trusts' reports count
api 201 anna POST /api/v1/capacity '{"org_id":"helse-bergen","category":"icu","physical":30,"staffed":20,"surge":35,"as_of":"2026-03-01"}'

api 200 anna POST /api/v1/runs/nowcast '{"region":"helse-vest","from":"2026-03-01","to":"2026-03-14","weeks":4,"draws":50}'
js 'd.engine === "nowcast" && d.inputs.census.org_id === "helse-vest" && d.inputs.census.reports_used === 56'
js 'd.days[0].date === "2026-03-01" && d.days[13].reported_hospital === Math.round(4 * Math.pow(1.2, 13))'
js 'd.days.length === 14 + 28 && d.days[13].fitted === true && d.days[14].fitted === false'
js 'd.days.every((r) => r.hospital_p5 <= r.hospital_p50 && r.hospital_p50 <= r.hospital_p95)'
js 'd.fit.doubling_time.p5 <= d.fit.doubling_time.p50 && d.fit.doubling_time.p50 <= d.fit.doubling_time.p95'
js 'd.inputs.figures.some((f) => f.key === "capacity.icu_beds" && f.from === "registry" && f.value === 20)'
js 'd.days[20].icu_beds_available < d.days[20].hospital_beds_available && d.units.hospital === "patients"'
js 'd.inputs.assumptions.length >= 4 && typeof d.kept_note === "string"'

api 400 anna POST /api/v1/runs/nowcast '{"region":"helse-vest","to":"2026-03-14"}'
js 'd.error.field === "from"'
api 400 anna POST /api/v1/runs/nowcast '{"region":"helse-vest","from":"2026-3-1","to":"2026-03-14"}'
js 'd.error.field === "from"'
api 400 anna POST /api/v1/runs/nowcast '{"region":"46","from":"2026-03-01","to":"2026-03-14"}'
js 'd.error.field === "region"'
api 400 anna POST /api/v1/runs/nowcast '{"region":"helse-vest","from":"2026-03-01","to":"2026-03-14","weeks":9}'
js 'd.error.field === "weeks"'
api 400 anna POST /api/v1/runs/nowcast '{"region":"helse-vest","from":"2026-03-01","to":"2026-03-14","colour":1}'
api 422 anna POST /api/v1/runs/nowcast '{"region":"helse-vest","from":"2026-02-01","to":"2026-03-02"}'
js 'd.error.field === "census"'
api 403 nils POST /api/v1/runs/nowcast '{"region":"helse-vest","from":"2026-03-01","to":"2026-03-14"}'
api 422 nils POST /api/v1/runs/nowcast '{"region":"helse-nord","from":"2026-03-01","to":"2026-03-14"}'   # no reports there
js 'd.error.field === "census"'
term_server
echo "PASS: nowcast_server.sh"
