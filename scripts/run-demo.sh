#!/bin/sh
# run-demo.sh - the second half of `make run`: the registry server with the invented demo data
# (`klar serve --demo`) on $OUT/klar-demo.db (default out/), on 127.0.0.1:8080 or, when that
# port is taken, on a free port; it prints the address and the demo login (a new password at
# every start) and serves in the foreground until Ctrl-C.
#
# KLAR_RUN_SECONDS=N stops the server after N seconds (0: only Ctrl-C or SIGTERM stops it).
# Unset, it serves until stopped when stdin is a terminal, and for 10 seconds otherwise, so
# that a script or CI job calling `make run` ends.
set -u
KLAR=${1:-build/klar}
OUT=${OUT:-out}
DB=$OUT/klar-demo.db
LISTEN=127.0.0.1:8080

seconds=${KLAR_RUN_SECONDS:-}
if [ -z "$seconds" ]; then
    if [ -t 0 ]; then seconds=0; else seconds=10; fi
fi
case $seconds in
    '' | *[!0-9]*) echo "run-demo: KLAR_RUN_SECONDS must be a whole number of seconds" >&2; exit 2 ;;
esac

mkdir -p "$OUT"
tmp=$(mktemp -d /tmp/klar-run.XXXXXX) || exit 1
pid="" timer=""
stop() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; }
cleanup() {
    stop
    [ -n "$timer" ] && kill "$timer" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap stop INT TERM

# start ADDRESS: starts the demo server in the background; 0 once it has printed its login,
# 1 if it exited first (its messages in $tmp/err).
start() {
    : >"$tmp/out"
    "$KLAR" serve --demo --db "$DB" --listen "$1" >"$tmp/out" 2>"$tmp/err" </dev/null &
    pid=$!
    i=0
    while [ $i -lt 600 ]; do
        grep -q 'demo login:' "$tmp/out" && return 0
        if ! kill -0 "$pid" 2>/dev/null; then
            wait "$pid"
            pid=""
            return 1
        fi
        sleep 0.1
        i=$((i + 1))
    done
    cat "$tmp/err" >&2
    echo "run-demo: the server printed no address within 60 s" >&2
    exit 1
}

echo
if ! start "$LISTEN"; then
    if grep -q 'in use' "$tmp/err"; then
        echo "run-demo: $LISTEN is taken; serving on a free port instead"
        start 127.0.0.1:0 || { cat "$tmp/err" >&2; exit 1; }
    else
        cat "$tmp/err" >&2
        exit 1
    fi
fi
cat "$tmp/err" >&2
cat "$tmp/out"
address=$(sed -n 's|^klar serving \(http://[^ ]*\)  demo login: .*|\1|p' "$tmp/out")
[ -n "$address" ] && echo "run-demo: open $address in a browser and log in with the demo login above"
shown=$(wc -l <"$tmp/err")
if [ "$seconds" -gt 0 ]; then
    echo "run-demo: stopping after $seconds s (KLAR_RUN_SECONDS; 0 serves until Ctrl-C)"
    (sleep "$seconds" && kill -TERM "$pid" 2>/dev/null) </dev/null >/dev/null 2>&1 &
    timer=$!
fi

# in the foreground until the server ends (Ctrl-C or the timer sends it SIGTERM)
while :; do
    wait "$pid"
    status=$?
    kill -0 "$pid" 2>/dev/null || break   # else wait was interrupted by a signal
done
pid=""
sed -n "$((shown + 1)),\$p" "$tmp/err" >&2
exit "$status"
