#!/bin/sh
# workforce.sh - end-to-end tests of "klar workforce": help, --list, usage errors with
# suggestions (exit 2), bad profession/scenario files (exit 1 with file:line), and - when the
# population baseline is there - the CSV header and rows, JSON metadata, the table's units and
# assumptions, regions adding up to the nation, the Helsemod 2012 scenario, and the chart.
# $KLAR is the binary; exits non-zero on the first failure.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"

# help and the list of professions
expect 0 "$KLAR" workforce --help
has "$tmp/out" "usage: klar workforce --profession ID"
has "$tmp/out" "--scenario"
expect 0 "$KLAR" workforce --list
for p in bioingenior sykepleier intensivsykepleier lege radiograf mtu-ingenior; do
    has "$tmp/out" "$p"
done
expect 0 "$KLAR" workforce --list --format csv
has "$tmp/out" "id,name_nb,name_en,base_year"

# usage errors: exit 2 with a suggestion
expect 2 "$KLAR" workforce --profession bioingenor
has "$tmp/err" "unknown profession 'bioingenor'; did you mean 'bioingenior'?"
expect 2 "$KLAR" workforce --profesion bioingenior
has "$tmp/err" "did you mean '--profession'?"
expect 2 "$KLAR" workforce --profession bioingenior --region helse-vst
has "$tmp/err" "did you mean 'helse-vest'?"
expect 2 "$KLAR" workforce --profession bioingenior --format xml
expect 2 "$KLAR" workforce --profession bioingenior --to 1990
expect 2 "$KLAR" workforce
has "$tmp/err" "--profession is required"
expect 2 "$KLAR" workforce bioingenior

# bad input: exit 1 with file:line and reason, never a crash
printf '[scenario]\nstudy_places_factor = lots\n' >"$tmp/bad.ini"
expect 1 "$KLAR" workforce --profession bioingenior --scenario "$tmp/bad.ini"
has "$tmp/err" "$tmp/bad.ini:2: 'study_places_factor' must be a number, not 'lots'"
printf '[scenario]\nprofession = lege\n' >"$tmp/other.ini"
expect 1 "$KLAR" workforce --profession bioingenior --scenario "$tmp/other.ini"
has "$tmp/err" "$tmp/other.ini:2: the scenario is for 'lege', not 'bioingenior'"
expect 1 "$KLAR" workforce --profession bioingenior --scenario "$tmp/none.ini"
has "$tmp/err" "cannot open"
printf '\001\002\000binary' >"$tmp/bin.ini"
expect 1 "$KLAR" workforce --profession bioingenior --scenario "$tmp/bin.ini"

# everything below runs the model on the population baseline
if [ ! -f "${KLAR_DATA:-data}/population.csv" ]; then
    echo "SKIP: no population baseline"
    exit 0
fi

# CSV: the exact header, one row per year and alternative
expect 0 "$KLAR" workforce --profession bioingenior --from 2022 --to 2030 --format csv
[ "$(head -n 1 "$tmp/out")" = "year,alternative,supply_persons,supply_fte,demand_fte,gap_fte" ] ||
    fail "CSV header: $(head -n 1 "$tmp/out")"
[ "$(wc -l <"$tmp/out")" -eq 28 ] || fail "expected 27 rows, got $(($(wc -l <"$tmp/out") - 1))"
has "$tmp/out" "2022,demography,8340.0,5100.0,5100.0,0.0"
has "$tmp/out" "2030,high,"

# the nation is the sum of the four RHFs (gap, reference, 2035)
expect 0 "$KLAR" workforce --profession bioingenior --to 2035 --format csv
nation=$(awk -F, '$1==2035 && $2=="reference" {print $6}' "$tmp/out")
sum=0
for r in helse-sor-ost helse-vest helse-midt-norge helse-nord; do
    expect 0 "$KLAR" workforce --profession bioingenior --region "$r" --to 2035 --format csv
    v=$(awk -F, '$1==2035 && $2=="reference" {print $6}' "$tmp/out")
    sum=$(awk -v a="$sum" -v b="$v" 'BEGIN {print a + b}')
done
awk -v a="$nation" -v b="$sum" 'BEGIN {exit !(a - b < 0.5 && b - a < 0.5)}' ||
    fail "nation $nation is not the sum of the RHFs $sum"

# table: units, alternatives and the assumptions footer
expect 0 "$KLAR" workforce --profession bioingenior --scenario helsemod-2012-bioingenior
has "$tmp/out" "FTE (årsverk"
has "$tmp/out" "persons"
has "$tmp/out" "reference"
has "$tmp/out" "Assumptions"
has "$tmp/out" "stock.age_profile"
grep -qE '^2035 ' "$tmp/out" || fail "the scenario's to_year 2035 is not shown"

# JSON: metadata, assumptions and sources
expect 0 "$KLAR" workforce --profession bioingenior --region helse-nord --to 2030 --format json
has "$tmp/out" '"id": "bioingenior"'
has "$tmp/out" '"id": "helse-nord"'
has "$tmp/out" '"base_year": 2022'
has "$tmp/out" '"assumptions": ['
has "$tmp/out" '"source": "SSB 2021 via NITO'
has "$tmp/out" '"alternative": "reference"'

# the chart
expect 0 "$KLAR" workforce --profession sykepleier --to 2040 --format csv --chart "$tmp/chart.svg"
[ -s "$tmp/chart.svg" ] || fail "no chart written"
has "$tmp/chart.svg" "<svg"
has "$tmp/chart.svg" "FTE (årsverk)"
has "$tmp/chart.svg" "base year 2022"
expect 1 "$KLAR" workforce --profession sykepleier --chart /nonexistent/dir/c.svg
exit 0
