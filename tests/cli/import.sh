#!/bin/sh
# import.sh - many records at once over HTTP (POST /api/v1/<kind>/import): a dry run checks
# every row and writes nothing; a bad value, a row of an organisation outside the user's
# subtree and two rows that break a uniqueness rule are each named by row and field in a 422,
# and nothing of the file is written; a good file goes in whole, each record with its audit
# row; a viewer may not import; the body is strict; every other kind imports and exports by
# the same routes. $KLAR is the binary.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 0; }
. "$(dirname "$0")/server.inc"

for u in "pia planner" "vera viewer"; do
    set -- $u
    KLAR_PASSWORD="pw-$1-123456" "$KLAR" user add "$1" --org helse-vest --role "$2" \
        --db "$tmp/k.db" >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "user add $1"; }
done
start_server "$tmp/k.db"
login pia pw-pia-123456
login vera pw-vera-123456

row() {   # ORG ITEM ON_HAND
    printf '{"org_id": "%s", "item": "%s", "category": "medicine", "unit": "packs", "on_hand": %s, "monthly_consumption": 10, "as_of": "2026-11-01"}' "$1" "$2" "$3"
}
count() {
    api 200 pia GET "/api/v1/stocks?within=helse-vest"
    json_member total
}
good="[$(row helse-bergen paracetamol 120), $(row helse-fonna ibuprofen 80)]"

api 200 pia POST /api/v1/stocks/import "{\"rows\": $good, \"dry_run\": true}"
has "$tmp/body" '"rows":2'
has "$tmp/body" '"created":0'
has "$tmp/body" '"dry_run":true'
[ "$(count)" = 0 ] || fail "a dry run wrote records"

api 422 pia POST /api/v1/stocks/import "{\"rows\": [$(row helse-bergen a 1), $(row helse-bergen b '"many"')]}"
has "$tmp/body" '"rows":[{"row":2,"field":"on_hand"'
has "$tmp/body" 'nothing was written'
api 422 pia POST /api/v1/stocks/import "{\"rows\": [$(row helse-bergen a 1), $(row helse-nord b 2)]}"
has "$tmp/body" '"row":2,"field":"org_id"'
api 422 pia POST /api/v1/stocks/import "{\"rows\": [$(row helse-bergen a 1), $(row helse-bergen b 2), $(row helse-bergen a 3)]}"
has "$tmp/body" '"rows":[{"row":3,'
# every failing row is named, the refused ones among the rest, in the order of the file
api 422 pia POST /api/v1/stocks/import "{\"rows\": [$(row helse-bergen a '"x"'), $(row helse-nord b 2)], \"dry_run\": true}"
has "$tmp/body" '"rows":[{"row":1,"field":"on_hand"'
has "$tmp/body" '{"row":2,"field":"org_id"'
[ "$(count)" = 0 ] || fail "a refused import wrote records"

api 200 pia POST /api/v1/stocks/import "{\"rows\": $good}"
has "$tmp/body" '"created":2'
[ "$(count)" = 2 ] || fail "the import did not write its two records"
api 200 pia GET "/api/v1/audit?entity=stocks"
has "$tmp/body" '"total":2'

# the list as a file: CSV and XLSX, every record, with the list's filters
http 200 -b "$tmp/vera.jar" "$url/api/v1/stocks/export?within=helse-vest"
has "$tmp/headers" "Content-Type: text/csv; charset=utf-8"
has "$tmp/headers" 'Content-Disposition: attachment; filename="klar-stocks-helse-vest.csv"'
head -c 3 "$tmp/body" | od -An -tx1 | grep -q 'ef bb bf' || fail "the CSV has no UTF-8 byte-order mark"
head -n 1 "$tmp/body" | sed 's/^\xEF\xBB\xBF//' | grep -q '^id,org_id,item,category,unit,on_hand,monthly_consumption,' ||
    fail "the CSV's header row: $(head -n 1 "$tmp/body")"
[ "$(wc -l <"$tmp/body")" = 3 ] || fail "the CSV has not a header and two rows"
grep -q ',paracetamol,medicine,packs,120,10,' "$tmp/body" || fail "a CSV row: $(cat "$tmp/body")"
http 200 -b "$tmp/vera.jar" "$url/api/v1/stocks/export?within=helse-vest&category=medicine&format=xlsx"
has "$tmp/headers" "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
[ "$(head -c 2 "$tmp/body")" = PK ] || fail "the workbook is not a zip file"
if command -v python3 >/dev/null 2>&1; then            # the sheet holds the records
    python3 - "$tmp/body" <<'PY' || fail "the workbook's sheet lacks the records"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
shared = z.read("xl/sharedStrings.xml").decode()
assert "paracetamol" in shared and "ibuprofen" in shared, shared[:300]
PY
fi
http 400 -b "$tmp/vera.jar" "$url/api/v1/stocks/export?format=pdf"
has "$tmp/body" '"field":"format"'
# the list itself answers ?format=csv|xlsx the same way (every record, no pages), and json
http 200 -b "$tmp/vera.jar" "$url/api/v1/stocks?within=helse-vest&format=csv&limit=1"
has "$tmp/headers" "Content-Type: text/csv; charset=utf-8"
[ "$(wc -l <"$tmp/body")" = 3 ] || fail "the list as CSV has not a header and two rows"
http 200 -b "$tmp/vera.jar" "$url/api/v1/stocks?within=helse-vest&category=medicine&format=xlsx"
[ "$(head -c 2 "$tmp/body")" = PK ] || fail "the list as a workbook is not a zip file"
http 200 -b "$tmp/vera.jar" "$url/api/v1/stocks?within=helse-vest&format=json"
has "$tmp/body" '"total":2'
http 400 -b "$tmp/vera.jar" "$url/api/v1/stocks?format=pdf"
has "$tmp/body" '"field":"format"'

api 403 vera POST /api/v1/stocks/import "{\"rows\": $good}"
api 400 pia POST /api/v1/stocks/import '{"rows": []}'
has "$tmp/body" '"field":"rows"'
api 400 pia POST /api/v1/stocks/import "{\"rows\": $good, \"dryrun\": true}"
has "$tmp/body" "did you mean 'dry_run'"
api 400 pia POST /api/v1/stocks/import "{\"rows\": $good, \"dry_run\": 1}"
has "$tmp/body" '"field":"dry_run"'

# every kind has the same two routes: a row missing what the kind requires is named by row
# and field, nothing written; the list comes as CSV and as XLSX
for kind in risks scenarios planning-assumptions plans exercises evaluations learning-points \
            capacity reserves situation-reports; do
    api 422 pia POST "/api/v1/$kind/import" '{"rows": [{"org_id": "helse-bergen"}], "dry_run": true}'
    has "$tmp/body" '"row":1'
    has "$tmp/body" '"field":'
    http 200 -b "$tmp/vera.jar" "$url/api/v1/$kind/export?within=helse-vest"
    has "$tmp/headers" "filename=\"klar-$kind-helse-vest.csv\""
    http 200 -b "$tmp/vera.jar" "$url/api/v1/$kind/export?within=helse-vest&format=xlsx"
    [ "$(head -c 2 "$tmp/body")" = PK ] || fail "the $kind workbook is not a zip file"
    http 200 -b "$tmp/vera.jar" "$url/api/v1/$kind?within=helse-vest&format=xlsx"
    [ "$(head -c 2 "$tmp/body")" = PK ] || fail "the $kind list as a workbook is not a zip file"
done
stop_server
exit 0
