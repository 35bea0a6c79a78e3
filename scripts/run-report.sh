#!/bin/sh
# run-report.sh - the main job of `make run`: the national workforce report for every shipped
# profession (table, CSV and SVG chart per profession) written to out/, bioingeniør shown here.
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
