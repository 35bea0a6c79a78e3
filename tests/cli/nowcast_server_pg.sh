#!/bin/sh
# nowcast_server_pg.sh - nowcast_server.sh again with the server on PostgreSQL: the database named by KLAR_TEST_PG
# (scripts/pg-test-server.sh starts one), emptied first with psql. Skips when either is missing.
set -u
if [ -z "${KLAR_TEST_PG:-}" ]; then echo "SKIP: KLAR_TEST_PG not set"; exit 0; fi
command -v psql >/dev/null 2>&1 || { echo "SKIP: psql is not installed"; exit 0; }
psql "$KLAR_TEST_PG" -q -c "SET client_min_messages = warning" \
    -c "DROP SCHEMA IF EXISTS public CASCADE" -c "CREATE SCHEMA public" ||
    { echo "FAIL: cannot empty $KLAR_TEST_PG"; exit 1; }
KLAR_NOWCAST_DB=$KLAR_TEST_PG exec sh "$(dirname "$0")/nowcast_server.sh"
