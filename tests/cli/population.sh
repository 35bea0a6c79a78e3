#!/bin/sh
# population.sh - "klar population": CSV header and row count, table and JSON output, exit codes
# and messages for a misspelt region, a municipality, a missing --to and a broken assumptions file.
# $KLAR is the binary; KLAR_DATA the data directory. Exits non-zero on the first failure.
set -u
: "${KLAR:?set KLAR to the klar binary}"
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$KLAR" population --region NO --to 2050 --format csv >"$tmp/out.csv" 2>"$tmp/err" \
    || fail "csv run exited $?: $(cat "$tmp/err")"
[ "$(head -n 1 "$tmp/out.csv")" = "year,region,sex,age,persons" ] || fail "csv header: $(head -n 1 "$tmp/out.csv")"
rows=$(($(wc -l <"$tmp/out.csv") - 1))
[ "$rows" -eq $((29 * 2 * 106)) ] || fail "expected 6148 rows (29 years x 2 sexes x 106 ages), got $rows"
grep -q '^2050,NO,female,105,' "$tmp/out.csv" || fail "no row for 2050 female 105+"
grep -q '^2022,NO,male,0,' "$tmp/out.csv" || fail "no row for the base year"
awk -F, 'NR > 1 && $5 < 0 { bad = 1 } END { exit bad }' "$tmp/out.csv" || fail "negative persons"
total=$(awk -F, '$1 == 2022 { s += $5 } END { printf "%.0f", s }' "$tmp/out.csv")
[ "$total" = 5425270 ] || fail "2022 total $total, expected 5425270"

"$KLAR" population --region helse-vest --from 2020 --to 2025 --format csv >"$tmp/vest.csv" \
    || fail "helse-vest run"
[ "$(cut -d, -f2 "$tmp/vest.csv" | sort -u | grep -vc region)" -eq 1 ] || fail "region column"
grep -q '^2025,helse-vest,male,30,' "$tmp/vest.csv" || fail "helse-vest rows"

"$KLAR" population --region 46 --to 2030 >"$tmp/table.txt" || fail "table run"
grep -q 'persons' "$tmp/table.txt" || fail "table without the unit"
grep -qi 'assumption' "$tmp/table.txt" || fail "table does not say what is assumed"
grep -q '^2030' "$tmp/table.txt" || fail "table without 2030"

"$KLAR" population --to 2024 --format json >"$tmp/out.json" || fail "json run"
grep -q '"unit"' "$tmp/out.json" || fail "json without unit"
grep -q '"year": 2024' "$tmp/out.json" || fail "json without 2024"

"$KLAR" population --region helse-vset --to 2030 >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "misspelt region: exit $rc, expected 2"
grep -q "did you mean 'helse-vest'" "$tmp/err" || fail "no suggestion: $(cat "$tmp/err")"

"$KLAR" population --region 4601 --to 2030 >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "municipality region should be a usage error"
grep -q "county 46" "$tmp/err" || fail "municipality message: $(cat "$tmp/err")"

"$KLAR" population --region NO >/dev/null 2>&1
[ $? -eq 2 ] || fail "missing --to should exit 2"
"$KLAR" population --to 2030 --from 1990 >/dev/null 2>&1
[ $? -eq 2 ] || fail "unobserved --from should exit 2"
"$KLAR" population --to 2030 --format xml >/dev/null 2>&1
[ $? -eq 2 ] || fail "unknown format should exit 2"
"$KLAR" population --help | grep -q 'usage: klar population' || fail "--help"

mkdir "$tmp/assume"
"$KLAR" population --to 2023 --assumptions "$tmp/assume" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || fail "missing assumption files should exit 1"
datadir=${KLAR_DATA:-data}
cp "$datadir"/population/fertility.csv "$datadir"/population/mortality.csv \
   "$datadir"/population/migration.csv "$datadir"/population/assumptions.csv "$tmp/assume/" || fail "copy"
"$KLAR" population --to 2023 --assumptions "$tmp/assume" >/dev/null || fail "copied assumptions"
sed 's/^30,.*/30,-0.2/' "$tmp/assume/fertility.csv" >"$tmp/f" && mv "$tmp/f" "$tmp/assume/fertility.csv"
"$KLAR" population --to 2023 --assumptions "$tmp/assume" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || fail "negative fertility should exit 1"
grep -q 'fertility.csv:[0-9]*: ' "$tmp/err" || fail "no file:line in: $(cat "$tmp/err")"
exit 0
