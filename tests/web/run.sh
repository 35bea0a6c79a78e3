#!/bin/sh
# run.sh - the web app's tests: node --test on tests/web/*.test.mjs (the texts and the bundle
# without a browser; the screens in Debian's chromium, which skip, saying why, when it or the
# npm packages are missing). $KLAR is the binary the server tests start. Ends with the line
# "web: N passed, N failed, N skipped" (node's TAP summary, added up by tests/run.sh).
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null 2>&1 || { echo "web: 0 passed, 0 failed, 1 skipped (node is missing)"; exit 0; }
out=$(cd "$here/../.." && KLAR=${KLAR:-build/klar} node --test --test-reporter=tap \
      --test-concurrency=1 "$here"/*.test.mjs 2>&1)
rc=$?
pass=$(printf '%s\n' "$out" | sed -n 's/^# pass \([0-9]*\)$/\1/p' | tail -n 1)
fail=$(printf '%s\n' "$out" | sed -n 's/^# fail \([0-9]*\)$/\1/p' | tail -n 1)
skip=$(printf '%s\n' "$out" | sed -n 's/^# skipped \([0-9]*\)$/\1/p' | tail -n 1)
if [ -z "$pass" ]; then
    printf '%s\n' "$out" | tail -30
    echo "web: 0 passed, 1 failed, 0 skipped (node --test printed no summary)"
    exit 1
fi
if [ "${fail:-0}" != 0 ] || [ "$rc" != 0 ]; then
    printf '%s\n' "$out" | grep -B2 -A25 '^not ok' | head -120
fi
printf '%s\n' "$out" | grep '# SKIP' | sed 's/^/  /' | head -5
echo "web: $pass passed, ${fail:-0} failed, ${skip:-0} skipped"
[ "${fail:-0}" = 0 ] && [ "$rc" = 0 ]
