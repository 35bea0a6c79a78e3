#!/bin/sh
# web.sh - klar serve's web app over HTTP with curl: the page at every screen's address with a
# Content-Security-Policy that lets nothing in from elsewhere nor frames it, nosniff, no-cache
# with a strong ETag and 304 for it, the gzip copy for a client that takes it; the bundle's
# files under /assets/ with their types; a browser at an unknown address gets the page with 404
# while other clients get the API's JSON 404; unknown files 404; only GET and HEAD; and
# --web-dir serving the files from disk instead. $KLAR is the binary.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl is not installed"; exit 0; }
. "$(dirname "$0")/server.inc"

start_server "$tmp/k.db"
for page in / /logg-inn /konto /tilgjengelighet /register /simulering /personell /ovelsesplan /logg \
    /brukere /situasjon /ros /ros/ny /ros/12 /ros/import \
    /laeringspunkter/3 /situasjonsrapporter; do
    http 200 "$url$page"
    has "$tmp/body" '<script type="module" src="/assets/app.js"></script>'
    has "$tmp/headers" "Content-Type: text/html; charset=utf-8"
done
has "$tmp/headers" "Content-Security-Policy: default-src 'self'; frame-ancestors 'none'"
has "$tmp/headers" "X-Content-Type-Options: nosniff"
has "$tmp/headers" "Cache-Control: no-cache"
etag=$(tr -d '\r' <"$tmp/headers" | sed -n 's/^ETag: //p')
[ -n "$etag" ] || fail "the page has no ETag"
http 304 -H "If-None-Match: $etag" "$url/"
# the API's answers carry the policy too
http 200 "$url/healthz"
has "$tmp/headers" "Content-Security-Policy: default-src 'self'"
has "$tmp/headers" "Cache-Control: no-store"

# the bundle
http 200 "$url/assets/app.js"
has "$tmp/headers" "Content-Type: text/javascript; charset=utf-8"
cmp -s "$tmp/body" web/dist/app.js || fail "/assets/app.js is not web/dist/app.js"
http 200 -H 'Accept-Encoding: gzip' "$url/assets/app.js"
has "$tmp/headers" "Content-Encoding: gzip"
has "$tmp/headers" "Vary: Accept-Encoding"
gzip -dc <"$tmp/body" | cmp -s - web/dist/app.js || fail "the gzip copy is not the bundle"
gz_etag=$(tr -d '\r' <"$tmp/headers" | sed -n 's/^ETag: //p')
case $gz_etag in *-gz\") ;; *) fail "the gzip copy's ETag '$gz_etag' is the plain file's" ;; esac
http 304 -H 'Accept-Encoding: gzip' -H "If-None-Match: $gz_etag" "$url/assets/app.js"
http 200 "$url/assets/app.css"
has "$tmp/headers" "Content-Type: text/css; charset=utf-8"
http 200 "$url/assets/favicon.svg"
has "$tmp/headers" "Content-Type: image/svg+xml"
http 404 "$url/assets/nothing.js"
has "$tmp/body" '"status":404'

# unknown addresses: the page with 404 for a browser, JSON for the rest
http 404 -H 'Accept: text/html,application/xhtml+xml' "$url/finnes-ikke"
has "$tmp/body" '<div id="app">'
http 404 -H 'Accept: text/html' -H "If-None-Match: $etag" "$url/finnes-ikke"   # never an empty 304
has "$tmp/body" '<div id="app">'
http 404 "$url/finnes-ikke"
has "$tmp/body" '"status":404'
http 404 -H 'Accept: text/html' "$url/api/v1/finnes-ikke"
http 404 "$url/ros/0"                            # ids are canonical there too
http 404 "$url/ros/12x"
http 404 "$url/rosa"
has "$tmp/body" '"status":404'
http 404 -X POST "$url/konto"
stop_server

# --web-dir: the files from disk, read anew
cp -r web "$tmp/webdir"
start_server "$tmp/k.db" --web-dir "$tmp/webdir"
echo '/* from disk */' >>"$tmp/webdir/dist/app.css"
http 200 "$url/assets/app.css"
has "$tmp/body" '/* from disk */'
http 200 "$url/konto"
has "$tmp/body" '<div id="app">'
rm "$tmp/webdir/dist/app.js"
http 404 "$url/assets/app.js"
has "$tmp/serve.err" "web-dir"
stop_server
exit 0
