#!/bin/sh
# nowcast.sh - "klar nowcast": Norway's spring 2020 census fitted as on 20 March 2020 (table,
# CSV with units and dates, JSON with the real 1 April census inside the band), the same
# numbers for the same seed, and exit codes with messages naming the file, line or option.
# $KLAR is the binary; KLAR_DATA the data directory. Exits non-zero on the first failure.
set -u
: "${KLAR:?set KLAR to the klar binary}"
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
census=tests/data/no_covid_spring2020_census.csv

"$KLAR" nowcast --census "$census" --to 2020-03-20 --draws 100 >"$tmp/table" 2>"$tmp/err" ||
    fail "table run: $(cat "$tmp/err")"
for words in "doubling time before measures" "peak in hospital" "patients" "Assumptions" \
             "2020-03-20" "fitted 2020-03-09 to 2020-03-20"; do
    grep -q "$words" "$tmp/table" || fail "table lacks '$words'"
done

"$KLAR" nowcast --census "$census" --to 2020-03-20 --draws 100 --format csv >"$tmp/a.csv" ||
    fail "csv run"
head -n 1 "$tmp/a.csv" | grep -q '^date,day,fitted,reported_hospital_patients,hospital_p5_patients' ||
    fail "csv header: $(head -n 1 "$tmp/a.csv")"
grep -q '^2020-04-01,41,0,325,' "$tmp/a.csv" || fail "no 1 April row with the reported 325"
# the real census on 1 April lies in the band: p5 <= 325 <= p95
awk -F, '$1 == "2020-04-01" { exit !($5 <= 325 && 325 <= $7) }' "$tmp/a.csv" ||
    fail "1 April: 325 outside the band: $(grep '^2020-04-01' "$tmp/a.csv")"
grep -Eq '[0-9]e[+-]?[0-9]' "$tmp/a.csv" && fail "csv has a number with an exponent"
"$KLAR" nowcast --census "$census" --to 2020-03-20 --draws 100 --format csv --threads 1 >"$tmp/b.csv" ||
    fail "csv run at 1 thread"
cmp -s "$tmp/a.csv" "$tmp/b.csv" || fail "1 and 2 threads differ"

"$KLAR" nowcast --census "$census" --to 2020-03-20 --draws 50 --weeks 4 --format json >"$tmp/j" ||
    fail "json run"
node -e '
const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const ok = j.engine === "nowcast" && j.inputs.horizon_days === 28 && j.inputs.day0 === "2020-02-20" &&
  j.fit.doubling_time.p5 <= j.fit.doubling_time.p50 && j.units.doubling_time === "days" &&
  j.days[0].date === "2020-03-09" && j.days.at(-1).date === "2020-04-17" &&
  j.inputs.assumptions.length >= 4;
process.exit(ok ? 0 : 1);' "$tmp/j" || fail "json: $(head -c 600 "$tmp/j")"

expect() {
    want=$1; shift
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    [ "$got" -eq "$want" ] || fail "exit $got, wanted $want: $* ($(cat "$tmp/err"))"
}
expect 2 "$KLAR" nowcast
expect 2 "$KLAR" nowcast --census "$census" --weeks 9
expect 2 "$KLAR" nowcast --census "$census" --from 2020-3-1
expect 2 "$KLAR" nowcast --census "$census" --measures both
expect 2 "$KLAR" nowcast --census "$census" --cencus x
grep -q "did you mean" "$tmp/err" || fail "no suggestion for --cencus"
expect 1 "$KLAR" nowcast --census "$tmp/none.csv"
grep -q "none.csv" "$tmp/err" || fail "missing file not named"
printf 'date,hospital_census_patients\n2020-03-01,1\n2020-03-02,x\n' >"$tmp/bad.csv"
expect 1 "$KLAR" nowcast --census "$tmp/bad.csv"
grep -q "bad.csv:3: hospital_census_patients: 'x'" "$tmp/err" || fail "bad cell: $(cat "$tmp/err")"
expect 1 "$KLAR" nowcast --census "$census" --from 2020-03-01 --to 2020-03-05
grep -q "at least 5 reported days" "$tmp/err" || fail "too few days: $(cat "$tmp/err")"
expect 1 "$KLAR" nowcast --census "$census" --to 2021-01-01
grep -q "to must fall within the census" "$tmp/err" || fail "to outside: $(cat "$tmp/err")"
expect 1 "$KLAR" nowcast --census "$census" --scenario influenza-modrate
grep -q "did you mean 'influenza-moderate'" "$tmp/err" || fail "no suggestion for a scenario: $(cat "$tmp/err")"
echo "PASS: nowcast.sh"
