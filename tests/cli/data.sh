#!/bin/sh
# data.sh - end-to-end tests of "klar data": help, usage errors (exit 2), bad input (exit 1 with
# file:line), import-ssb as table and CSV, and build-baseline reproducing the shipped data/
# from ../shared/data when it is there. $KLAR is the binary; exits non-zero on the first failure.
set -u
KLAR=${KLAR:-build/klar}
SHARED=${KLAR_SHARED_DATA:-../shared/data}
. "$(dirname "$0")/common.inc"

# help on every level
expect 0 "$KLAR" data --help
has "$tmp/out" "import-ssb"
has "$tmp/out" "build-baseline"
expect 0 "$KLAR" data import-ssb --help
has "$tmp/out" "usage: klar data import-ssb FILE..."
has "$tmp/out" "--format"
expect 0 "$KLAR" data build-baseline --help
has "$tmp/out" "--ssb-dir"

# usage errors: exit 2
expect 2 "$KLAR" data
expect 2 "$KLAR" data imprt-ssb
has "$tmp/err" "did you mean 'import-ssb'?"
expect 2 "$KLAR" data import-ssb
has "$tmp/err" "no FILE given"
expect 2 "$KLAR" data import-ssb --format xml tests/data/jsonstat_dense.json
has "$tmp/err" "unknown format 'xml'"
expect 2 "$KLAR" data import-ssb --fromat csv tests/data/jsonstat_dense.json
has "$tmp/err" "did you mean '--format'?"
expect 2 "$KLAR" data build-baseline --ssb-dir x

# bad input: exit 1, file:line and reason, nothing on stdout
expect 1 "$KLAR" data import-ssb --format csv tests/data/jsonstat_dense.json tests/data/ssb_bad_age.csv
has "$tmp/err" "tests/data/ssb_bad_age.csv:4: unknown age '2 yeers'"
[ -s "$tmp/out" ] && fail "output printed although a file was bad"
expect 1 "$KLAR" data import-ssb /nonexistent/07459.csv
has "$tmp/err" "/nonexistent/07459.csv: cannot open"

# the table: per-year totals, men and women, notes on missing values
expect 0 "$KLAR" data import-ssb tests/data/ssb_norwegian_latin1.csv tests/data/jsonstat_sparse.json
has "$tmp/out" "persons"
grep -qE '^2021 +152 +100 +52 ' "$tmp/out" || { cat "$tmp/out"; fail "2021 totals of the Latin-1 sample"; }
grep -qE '^2019 +46 +21 +25 ' "$tmp/out" || { cat "$tmp/out"; fail "2019 totals of the JSON-stat sample"; }
has "$tmp/out" "1 of 8 values were missing"

# CSV: clean rows on stdout (2020 codes, sex names), notes on stderr
expect 0 "$KLAR" data import-ssb --format csv tests/data/ssb_norwegian_latin1.csv
[ "$(head -n 1 "$tmp/out")" = "year,region,sex,age,persons" ] || fail "CSV header"
has "$tmp/out" "2021,3001,male,0,100"
has "$tmp/out" "2022,5444,female,1,51"
grep -q note "$tmp/out" && fail "notes in the CSV output"
has "$tmp/err" "note:"

if [ -d "$SHARED/ssb" ]; then
    # a real export: 2016 falls short of Norway's population, and says so
    expect 0 "$KLAR" data import-ssb "$SHARED/ssb/07459_population_municipality_age_2015-2018.csv"
    grep -qE '^2016 +5 150 571 ' "$tmp/out" || { cat "$tmp/out"; fail "2016 total"; }
    has "$tmp/out" "note: 2016 falls 63 414 persons"
    # CSV of 2022 by sex adds up to Norway's population
    expect 0 "$KLAR" data import-ssb --format csv "$SHARED/ssb/07459_population_municipality_sex_age_2022.csv"
    total=$(awk -F, 'NR > 1 { s += $5; if ($3 == "male") m += $5 } END { printf "%d %d", s, m }' "$tmp/out")
    [ "$total" = "5425270 2737332" ] || fail "2022 CSV sums to '$total'"
    # the shipped tables are exactly what build-baseline makes
    expect 0 "$KLAR" data build-baseline --ssb-dir "$SHARED/ssb" --geo-dir "$SHARED/geo" --out "$tmp/data"
    has "$tmp/out" "wrote"
    for f in population.csv population_municipality.csv geo/municipalities.csv geo/counties.csv; do
        cmp -s "$tmp/data/$f" "${KLAR_DATA:-data}/$f" || fail "data/$f differs from what build-baseline makes"
    done
    has "$tmp/data/README.md" "NLOD 2.0 / CC BY 4.0"
    has "$tmp/data/README.md" "population_municipality.csv"
    # the README section is replaced, not appended, when built again; other text is kept
    printf '\nNotes by hand.\n' >>"$tmp/data/README.md"
    expect 0 "$KLAR" data build-baseline --ssb-dir "$SHARED/ssb" --geo-dir "$SHARED/geo" --out "$tmp/data"
    [ "$(grep -c 'build-baseline: begin' "$tmp/data/README.md")" -eq 1 ] || fail "README section duplicated"
    has "$tmp/data/README.md" "Notes by hand."
else
    echo "note: $SHARED not present; skipped the checks against real SSB exports"
fi
exit 0
