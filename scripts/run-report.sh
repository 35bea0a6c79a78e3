#!/bin/sh
# run-report.sh - the main job of `make run`: the national workforce report for every shipped
# profession (table, CSV and SVG chart per profession) and the national surge report for every
# shipped surge scenario (table, CSV, summary JSON with Monte Carlo bands, ICU chart), written
# to out/; the bioingeniør table and the severe-influenza summary are shown here.
set -eu
KLAR=${1:-build/klar}
OUT=${OUT:-out}
mkdir -p "$OUT"
professions=$("$KLAR" workforce --list --format csv | tail -n +2 | cut -d, -f1)
for p in $professions; do
    "$KLAR" workforce --profession "$p" --region NO --format table >"$OUT/workforce-$p.txt"
    "$KLAR" workforce --profession "$p" --region NO --format csv >"$OUT/workforce-$p.csv"
    "$KLAR" workforce --profession "$p" --region NO --format table --chart "$OUT/workforce-$p.svg" >/dev/null
done
cat "$OUT/workforce-bioingenior.txt"
echo
echo "Written to $OUT/: workforce-<profession>.txt (table), .csv and .svg (chart) for:"
echo "  $(echo $professions | tr '\n' ' ')"

scenarios="influenza-moderate influenza-severe covid19-2020 ppe-import-stop"
for s in $scenarios; do
    "$KLAR" surge --scenario "$s" --region NO --runs 200 --seed 1 --threads 2 \
        --summary "$OUT/surge-$s.json" --chart "$OUT/surge-$s.svg" >"$OUT/surge-$s.txt"
    "$KLAR" surge --scenario "$s" --region NO --format csv >"$OUT/surge-$s.csv"
done
echo
sed -n '/^Summary/,$p' "$OUT/surge-influenza-severe.txt"
echo
echo "Written to $OUT/: surge-<scenario>.txt (table), .csv (daily), .json (summary with 5/50/95 %"
echo "bands of 200 Monte Carlo runs) and .svg (ICU demand against capacity) for:"
echo "  $scenarios"
