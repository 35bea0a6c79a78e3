#!/bin/sh
# user.sh - end-to-end tests of "klar user add": help (naming the default database), a user
# added to a fresh database (which gets Norway's organisations), then refused duplicates,
# unknown organisations with a suggestion and short passwords (exit 1), and usage errors: bad
# role, bad name, missing options, unknown subcommand (exit 2). $KLAR is the binary.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"
db="$tmp/registry.db"

expect 0 "$KLAR" user --help
has "$tmp/out" "klar user add NAME"
expect 0 "$KLAR" user add --help
has "$tmp/out" "usage: klar user add NAME --org ID --role admin|planner|contributor|viewer"
has "$tmp/out" "klar.db in the current directory"
has "$tmp/out" "KLAR_PASSWORD"

# a user on a fresh database, in an RHF, an HF-level id and a municipality
KLAR_PASSWORD='hemmelig passord' expect 0 "$KLAR" user add kari.nordmann --org helse-vest --role planner --db "$db"
has "$tmp/out" "added user 'kari.nordmann' (planner in helse-vest)"
[ -s "$db" ] || fail "no database at $db"
KLAR_PASSWORD='hemmelig passord' expect 0 "$KLAR" user add ola --org 4601 --role viewer --db "$db"
KLAR_PASSWORD='hemmelig passord' expect 0 "$KLAR" user add fhi-admin --org=fhi --role=admin --db="$db"

# bad input: exit 1
KLAR_PASSWORD='hemmelig passord' expect 1 "$KLAR" user add kari.nordmann --org helse-nord --role viewer --db "$db"
has "$tmp/err" "a user named 'kari.nordmann' already exists"
KLAR_PASSWORD='hemmelig passord' expect 1 "$KLAR" user add per --org helse-vst --role viewer --db "$db"
has "$tmp/err" "unknown organisation 'helse-vst' (did you mean 'helse-vest'?)"
KLAR_PASSWORD='kort' expect 1 "$KLAR" user add per --org helse-vest --role viewer --db "$db"
has "$tmp/err" "password must be 8 to 1024 bytes"
# no KLAR_PASSWORD and no terminal: told to set it
if ! (exec 3</dev/tty) 2>/dev/null; then
    (unset KLAR_PASSWORD; expect 1 "$KLAR" user add per --org helse-vest --role viewer --db "$db" </dev/null) || exit 1
fi

# usage errors: exit 2, nothing opened
KLAR_PASSWORD='hemmelig passord' expect 2 "$KLAR" user add per --org helse-vest --role planer --db "$db"
has "$tmp/err" "unknown role 'planer' (did you mean 'planner'?)"
expect 2 "$KLAR" user add Per --org helse-vest --role viewer --db "$db"
has "$tmp/err" "user name 'Per' must be 1 to 64 characters"
expect 2 "$KLAR" user add per --role viewer --db "$db"
has "$tmp/err" "--org ID and --role ROLE are required"
expect 2 "$KLAR" user add --org helse-vest --role viewer --db "$db"
has "$tmp/err" "NAME is required"
expect 2 "$KLAR" user add per --org helse-vest --rol viewer
has "$tmp/err" "did you mean '--role'?"
expect 2 "$KLAR" user ad per
has "$tmp/err" "did you mean 'add'?"
expect 2 "$KLAR" user add per --org helse-vest --role viewer --db "$tmp/none.db" --db
[ ! -e "$tmp/none.db" ] || fail "a usage error created a database"

# the default database is klar.db in the current directory
case "$KLAR" in /*) abs=$KLAR ;; *) abs=$(pwd)/$KLAR ;; esac
(cd "$tmp" && KLAR_PASSWORD='hemmelig passord' "$abs" user add lise --org helse-nord --role contributor >/dev/null) \
    || fail "user add with the default database failed"
[ -s "$tmp/klar.db" ] || fail "no klar.db in the current directory"
exit 0
