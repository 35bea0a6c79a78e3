#!/bin/sh
# deps.sh - install the Debian packages klar builds and tests with, if any is missing (needs
# root), and the npm packages of the web app (web/: its build tools) and of its tests
# (tests/contract, tests/web), each from its lockfile. Debian's chromium, for the browser
# tests, is installed along when run as root; where it cannot be, the browser tests skip and
# say why.
# deps.sh --bench also wants the optional benchmark tools (wrk, for make bench's server
# benchmark): installed along when run as root; without root, or when they cannot be
# installed, that is only said (the benchmark then skips the server part).
set -u
need=""
optional=""
if [ "${1:-}" = --bench ]; then
    command -v wrk >/dev/null 2>&1 || optional="$optional wrk"
fi
command -v chromium >/dev/null 2>&1 || optional="$optional chromium"
pkg-config --exists jansson 2>/dev/null || need="$need libjansson-dev"
pkg-config --exists inih 2>/dev/null || need="$need libinih-dev"
pkg-config --exists gsl 2>/dev/null || need="$need libgsl-dev"
pkg-config --exists sqlite3 2>/dev/null || need="$need libsqlite3-dev"
pkg-config --exists libargon2 2>/dev/null || need="$need libargon2-dev"
pkg-config --exists libmicrohttpd 2>/dev/null || need="$need libmicrohttpd-dev"
pkg-config --exists libpq 2>/dev/null || need="$need libpq-dev"
pkg-config --exists xlsxwriter 2>/dev/null || need="$need libxlsxwriter-dev"
command -v curl >/dev/null 2>&1 || need="$need curl"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
command -v cc >/dev/null 2>&1 || need="$need gcc make"
command -v node >/dev/null 2>&1 || need="$need nodejs"
command -v npm >/dev/null 2>&1 || need="$need npm"

# npm_dir DIR : the npm packages of DIR (web, tests/contract, tests/web), as its lockfile pins
# them, installed into its node_modules unless they are there and up to date already
npm_dir() {
    dir=$(dirname "$0")/../$1
    [ -f "$dir/node_modules/.package-lock.json" ] &&
        [ ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ] && return 0
    echo "klar: installing the npm packages of $1 (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
        { echo "klar: npm ci in $1 failed" >&2; return 1; }
}

npm_packages() {
    npm_dir web && npm_dir tests/contract && npm_dir tests/web
}

if [ -z "$need$optional" ]; then
    npm_packages
    exit
fi
if [ "$(id -u)" != 0 ]; then
    [ -n "$optional" ] && echo "klar: optional (make bench, the browser tests): sudo apt-get install$optional" >&2
    [ -z "$need" ] && { npm_packages; exit; }
    echo "klar: missing Debian packages:$need" >&2
    echo "klar: run as root, or: sudo apt-get install$need" >&2
    exit 1
fi
echo "klar: installing$need$optional"
export DEBIAN_FRONTEND=noninteractive
updated=0
apt-get update -qq && updated=1
if [ -n "$need" ]; then
    [ "$updated" = 1 ] && apt-get install -y -qq $need >/dev/null ||
        { echo "klar: apt-get failed" >&2; exit 1; }
fi
if [ -n "$optional" ]; then
    [ "$updated" = 1 ] && apt-get install -y -qq $optional >/dev/null ||
        echo "klar: could not install$optional (optional)" >&2
fi
npm_packages
