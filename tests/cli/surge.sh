#!/bin/sh
# surge.sh - end-to-end tests of "klar surge": help, usage errors (exit 2), bad scenario files
# (exit 1 with file:line), every shipped scenario on the nation, a county and a municipality,
# the summary JSON's fields, Monte Carlo output identical at 1 and 2 threads, the import stop
# running out of an item the severe influenza alone does not, the chart, and the CHIME mode
# against the golden census in tests/chime. $KLAR is the binary.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"

expect 0 "$KLAR" surge --help
has "$tmp/out" "usage: klar surge --scenario FILE"
has "$tmp/out" "--chime FILE"

# usage errors
expect 2 "$KLAR" surge
has "$tmp/err" "--scenario FILE is required"
expect 2 "$KLAR" surge --scenaro influenza-severe
has "$tmp/err" "did you mean '--scenario'?"
expect 2 "$KLAR" surge --scenario influenza-severe --runs 0
expect 2 "$KLAR" surge --scenario influenza-severe --threads x
expect 2 "$KLAR" surge --scenario influenza-severe --format xml

# bad input: file:line and exit 1
expect 1 "$KLAR" surge --scenario "$tmp/missing.ini"
has "$tmp/err" "missing.ini"
printf '[epidemic]\nr0 = 1.5\nlatent_dys = 2\n' > "$tmp/bad.ini"
expect 1 "$KLAR" surge --scenario "$tmp/bad.ini"
has "$tmp/err" "bad.ini:3:"
printf '[scenario]\nname = caf\351\n' > "$tmp/latin1.ini"
expect 1 "$KLAR" surge --scenario "$tmp/latin1.ini"
has "$tmp/err" "latin1.ini:2: text is not UTF-8"
printf '[epidemic]\nr0 = abc\n' > "$tmp/bad2.ini"
expect 1 "$KLAR" surge --scenario "$tmp/bad2.ini"
has "$tmp/err" "bad2.ini:2:"
expect 1 "$KLAR" surge --scenario influenza-severe --region helse-vst
has "$tmp/err" "helse-vest"

# every shipped scenario, nationally, as a table with units
for s in influenza-moderate influenza-severe covid19-2020 ppe-import-stop; do
    expect 0 "$KLAR" surge --scenario "$s"
    has "$tmp/out" "patients/day"
    has "$tmp/out" "peak ICU demand"
done
# a county and a municipality
expect 0 "$KLAR" surge --scenario influenza-moderate --region 46 --format csv
has "$tmp/out" "day,infections_persons_per_day,infectious_persons,admissions_patients_per_day"
expect 0 "$KLAR" surge --scenario influenza-moderate --region 4601 --days 120 --format csv
[ "$(wc -l < "$tmp/out")" -eq 122 ] || fail "120 days should give 121 rows and a header"

# the summary JSON
expect 0 "$KLAR" surge --scenario influenza-severe --summary "$tmp/severe.json" --format json
for f in peak_census_icu peak_day_icu days_icu_over_capacity unmet_icu_bed_days \
         tests_peak_demand tests_capacity first_stockout_day; do
    has "$tmp/severe.json" "\"$f\""
done
has "$tmp/out" '"days": ['
expect 0 "$KLAR" surge --scenario ppe-import-stop --summary "$tmp/ppe.json"
# an item the import stop runs out of while the severe influenza alone keeps it
severe_nulls=$(grep -c '": null' "$tmp/severe.json")
ppe_nulls=$(grep -c '": null' "$tmp/ppe.json")
[ "$ppe_nulls" -lt "$severe_nulls" ] || fail "ppe-import-stop runs out of nothing more than influenza-severe"

# Monte Carlo: the same numbers at 1 and 2 threads, bands in the summary
expect 0 "$KLAR" surge --scenario influenza-severe --region 03 --runs 24 --seed 9 --threads 1 --format csv
mv "$tmp/out" "$tmp/mc1.csv"
expect 0 "$KLAR" surge --scenario influenza-severe --region 03 --runs 24 --seed 9 --threads 2 --format csv --summary "$tmp/mc.json" --chart "$tmp/mc.svg"
cmp -s "$tmp/out" "$tmp/mc1.csv" || fail "Monte Carlo output differs between 1 and 2 threads"
has "$tmp/out" "census_icu_p5_patients,census_icu_p50_patients,census_icu_p95_patients"
expect 1 "$KLAR" surge --scenario covid19-202
has "$tmp/err" "did you mean 'covid19-2020'"
# the daily CSV: units in the column names, a date column when the scenario has a start date,
# counts as whole numbers, never an exponent
expect 0 "$KLAR" surge --scenario covid19-2020 --format csv
head -n 1 "$tmp/out" | grep -q '^day,date,infections_persons_per_day,infectious_persons,admissions_patients_per_day,' ||
    fail "csv header: $(head -n 1 "$tmp/out" | cut -c1-200)"
has "$tmp/out" "census_icu_patients"
has "$tmp/out" "tests_demand_tests_per_day"
has "$tmp/out" "staff_absence_share"
grep -q '^41,2020-04-01,' "$tmp/out" || fail "no 1 April 2020 on day 41"
grep -Eq '[0-9]e[+-]?[0-9]' "$tmp/out" && fail "a number with an exponent in the daily CSV"
awk -F, 'NR == 2 && $3 !~ /^[0-9]+$/ { exit 1 }' "$tmp/out" || fail "infections not a whole number"
expect 0 "$KLAR" surge --scenario influenza-moderate --format csv
head -n 1 "$tmp/out" | grep -q '^day,infections_persons_per_day,' || fail "a scenario without a start date has a date column"
has "$tmp/mc.json" '"monte_carlo": {'
has "$tmp/mc.json" '"p95"'
has "$tmp/mc.svg" "<svg"
has "$tmp/mc.svg" "ICU beds available"

# CHIME mode: the golden census of the default settings
expect 0 "$KLAR" surge --chime tests/chime/default.cfg
cmp -s "$tmp/out" tests/chime/default.csv || { diff "$tmp/out" tests/chime/default.csv | head; fail "CHIME census differs from tests/chime/default.csv"; }
printf -- '--doubling-time 4\n--market-shar 0.1\n' > "$tmp/bad.cfg"
expect 1 "$KLAR" surge --chime "$tmp/bad.cfg"
has "$tmp/err" "bad.cfg:2:"
expect 2 "$KLAR" surge --chime tests/chime/default.cfg --scenario influenza-severe
exit 0
