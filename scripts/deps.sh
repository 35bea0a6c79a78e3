#!/bin/sh
# deps.sh - install the Debian packages klar builds with, if any is missing (needs root).
set -u
need=""
pkg-config --exists jansson 2>/dev/null || need="$need libjansson-dev"
pkg-config --exists inih 2>/dev/null || need="$need libinih-dev"
pkg-config --exists gsl 2>/dev/null || need="$need libgsl-dev"
pkg-config --exists sqlite3 2>/dev/null || need="$need libsqlite3-dev"
pkg-config --exists libargon2 2>/dev/null || need="$need libargon2-dev"
pkg-config --exists libmicrohttpd 2>/dev/null || need="$need libmicrohttpd-dev"
pkg-config --exists libpq 2>/dev/null || need="$need libpq-dev"
command -v curl >/dev/null 2>&1 || need="$need curl"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
command -v cc >/dev/null 2>&1 || need="$need gcc make"
[ -z "$need" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "klar: missing Debian packages:$need" >&2
    echo "klar: run as root, or: sudo apt-get install$need" >&2
    exit 1
fi
echo "klar: installing$need"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq $need >/dev/null || { echo "klar: apt-get failed" >&2; exit 1; }
