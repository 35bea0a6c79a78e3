#!/bin/sh
# run.sh LOGDIR - the API contract test: takes /api/v1/openapi.json from a fresh server and
# checks it, and every answer the HTTP tests logged in LOGDIR (tests/cli/server.inc with
# KLAR_API_LOG), with check.mjs. Needs node and the packages of package-lock.json installed
# in tests/contract/node_modules (make deps: scripts/deps.sh). Ends with "N passed, N failed".
here=$(cd "$(dirname "$0")" && pwd)
logdir=${1:?usage: run.sh LOGDIR}
. "$here/../cli/common.inc"
. "$here/../cli/server.inc"
KLAR_API_LOG=""                       # the description itself is not an answer to check

command -v node >/dev/null 2>&1 || fail "node is missing (make deps installs nodejs)"
[ -d "$here/node_modules/ajv" ] && [ -d "$here/node_modules/@seriousme/openapi-schema-validator" ] ||
    fail "the contract test's npm packages are missing: make deps (npm ci in tests/contract)"
[ -n "$(ls "$logdir" 2>/dev/null | head -n 1)" ] || fail "no answers logged in $logdir"

start_server "$tmp/contract.db"
http 200 "$url/api/v1/openapi.json"
cp "$tmp/body" "$tmp/openapi.json"
stop_server
# the check can fail: an answer of the wrong shape and an undocumented status are caught
mkdir "$tmp/wrong"
printf '200\nGET\nhttp://127.0.0.1/healthz\napplication/json\n' >"$tmp/wrong/1.meta"
printf '{"status":"broken"}' >"$tmp/wrong/1.body"
printf '418\nGET\nhttp://127.0.0.1/api/v1/me\napplication/json\n' >"$tmp/wrong/2.meta"
printf '{"error":{"status":418,"message":"teapot"}}' >"$tmp/wrong/2.body"
node "$here/check.mjs" "$tmp/openapi.json" "$tmp/wrong" >"$tmp/wrong.out" 2>&1 &&
    fail "check.mjs passed answers that break the contract"
has "$tmp/wrong.out" "1 passed, 2 failed"
has "$tmp/wrong.out" "status 418 is not documented"

node "$here/check.mjs" "$tmp/openapi.json" "$logdir"
