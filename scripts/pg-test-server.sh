#!/bin/sh
# pg-test-server.sh - a throwaway PostgreSQL 15 server for the store tests.
#
#   sh scripts/pg-test-server.sh            starts a server in a fresh temporary directory
#                                           (Unix socket only, no TCP), creates the database
#                                           klar_test and prints its URL as the last line:
#                                           postgresql:///klar_test?host=DIR&port=PORT&user=...
#   sh scripts/pg-test-server.sh stop DIR   stops that server and removes DIR
#
# As root the server runs as the `postgres` user. Exit status 1, with the reason on stderr,
# if PostgreSQL is not installed or does not start.
set -u
PGBIN=${PGBIN:-}
if [ -z "$PGBIN" ]; then
    for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && { PGBIN=$d; break; }
    done
fi
[ -z "$PGBIN" ] && command -v initdb >/dev/null 2>&1 && PGBIN=$(dirname "$(command -v initdb)")
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    echo "pg-test-server: PostgreSQL server binaries (initdb, pg_ctl) not found" >&2
    exit 1
fi

# runs a command as the server's user
if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "pg-test-server: running as root but there is no postgres user" >&2
        exit 1
    fi
    PGUSER_NAME=postgres
    as_user() { runuser -u postgres -- "$@"; }
else
    PGUSER_NAME=$(id -un)
    as_user() { "$@"; }
fi

if [ "${1:-}" = stop ]; then
    dir=${2:?usage: pg-test-server.sh stop DIR}
    [ -f "$dir/data/PG_VERSION" ] || { echo "pg-test-server: $dir is not a test server" >&2; exit 1; }
    as_user "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$dir"
    exit 0
fi

dir=$(mktemp -d /tmp/klar-pg-XXXXXX) || exit 1
chmod 755 "$dir"
: >"$dir/log"
[ "$(id -u)" = 0 ] && chown postgres "$dir" "$dir/log"
fail() {
    echo "pg-test-server: $1" >&2
    [ -f "$dir/log" ] && tail -5 "$dir/log" >&2
    as_user "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$dir"
    exit 1
}
as_user "$PGBIN/initdb" -D "$dir/data" -A trust -U "$PGUSER_NAME" -E UTF8 --no-locale \
    >>"$dir/log" 2>&1 || fail "initdb failed"
# a free port (the socket lives in $dir, so only the socket name must be unique per port)
port=$(( 20000 + ($$ % 20000) ))
as_user "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
    -o "-k $dir -p $port -c listen_addresses='' -c fsync=off -c max_connections=50" start \
    >/dev/null 2>&1 || fail "server did not start"
as_user "$PGBIN/createdb" -h "$dir" -p "$port" -U "$PGUSER_NAME" klar_test 2>>"$dir/log" \
    || fail "createdb failed"
echo "postgresql:///klar_test?host=$dir&port=$port&user=$PGUSER_NAME"
