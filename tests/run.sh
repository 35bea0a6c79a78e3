#!/bin/sh
# run.sh - runs every test binary in BUILD/tests, the CLI tests, the API contract test on the
# answers the CLI tests received and the web app's tests (tests/web), adds up their counts, and ends with the line
# "N passed, N failed, N skipped". Exit status 1 if anything failed.
BUILD=${1:-build}
passed=0 failed=0 skipped=0
export KLAR_DATA="$(pwd)/data"
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>"$BUILD/tests/$(basename "$t").err")
    rc=$?
    line=$(printf '%s\n' "$out" | tail -n 1)
    p=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1/p')
    f=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\2/p')
    s=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\3/p')
    if [ -z "$p" ]; then
        echo "FAIL $(basename "$t"): crashed or printed no summary (exit $rc)"
        cat "$BUILD/tests/$(basename "$t").err"
        failed=$((failed + 1))
        continue
    fi
    status=ok
    [ "$f" -gt 0 ] || [ $rc -ne 0 ] && status=FAIL
    echo "$status $(basename "$t"): $line"
    [ "$status" = FAIL ] && cat "$BUILD/tests/$(basename "$t").err"
    grep '^SKIP' "$BUILD/tests/$(basename "$t").err" 2>/dev/null
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
    [ "$f" -eq 0 ] && [ $rc -ne 0 ] && failed=$((failed + 1))
done
# every answer of the HTTP tests is kept for the contract test (tests/contract)
KLAR_API_LOG="$(pwd)/$BUILD/api-log"
rm -rf "$KLAR_API_LOG" && mkdir -p "$KLAR_API_LOG" && export KLAR_API_LOG
for t in tests/cli/*.sh; do
    [ -f "$t" ] || continue
    if out=$(KLAR="$BUILD/klar" timeout 900 sh "$t" 2>&1); then
        last=$(printf '%s\n' "$out" | tail -n 1)
        case $last in
        SKIP:*) echo "skip $(basename "$t"): ${last#SKIP: }"; skipped=$((skipped + 1)) ;;
        *) echo "ok $(basename "$t")"; passed=$((passed + 1)) ;;
        esac
    else
        echo "FAIL $(basename "$t")"; printf '%s\n' "$out" | tail -20; failed=$((failed + 1))
    fi
done
# the contract: openapi.json is valid OpenAPI and every logged answer matches it
if out=$(KLAR="$BUILD/klar" timeout 300 sh tests/contract/run.sh "$KLAR_API_LOG" 2>&1); then
    echo "ok contract: $(printf '%s\n' "$out" | grep '^contract:' | cut -c1-200)"
    passed=$((passed + 1))
else
    echo "FAIL contract"; printf '%s\n' "$out" | tail -30; failed=$((failed + 1))
fi
# the web app: its texts, its bundle, and its screens in a real browser (tests/web)
out=$(KLAR="$BUILD/klar" timeout 1200 sh tests/web/run.sh 2>&1)
rc=$?
line=$(printf '%s\n' "$out" | tail -n 1)
p=$(printf '%s' "$line" | sed -n 's/^web: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped.*/\1/p')
f=$(printf '%s' "$line" | sed -n 's/^web: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped.*/\2/p')
s=$(printf '%s' "$line" | sed -n 's/^web: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped.*/\3/p')
if [ -n "$p" ] && [ "$rc" = 0 ]; then
    echo "ok $line"
else
    echo "FAIL web"; printf '%s\n' "$out" | tail -60
fi
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
[ "$rc" != 0 ] && [ "${f:-0}" = 0 ] && failed=$((failed + 1))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
