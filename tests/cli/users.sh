#!/bin/sh
# users.sh - users, sessions and roles over the API and the command line: an admin manages
# the users within their subtree (list, create with a first password, change role or
# organisation, disable and enable, reset a password), never outside it (404/403) nor their
# own account into a lock-out (400); a user changes their own password (the old one needed)
# and logs out everywhere; a disabled user's session ends at once; every change has an audit
# row without a password hash; the Secure cookie behind TLS (--public-url https://...), and
# X-Forwarded-For believed from the --trusted-proxy only; klar user list|set|disable.
set -u
KLAR=${KLAR:-build/klar}
. "$(dirname "$0")/common.inc"
command -v curl >/dev/null 2>&1 || fail "curl is missing (make deps)"
. "$(dirname "$0")/server.inc"

add() {   # NAME ORG ROLE PASSWORD
    KLAR_PASSWORD=$4 "$KLAR" user add "$1" --org "$2" --role "$3" --db "$tmp/k.db" \
        >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/err"; fail "klar user add $1"; }
}
add ada helse-vest admin admin-password-1
add anna helse-bergen planner planner-password-1
add nils helse-nord admin north-password-1
start_server "$tmp/k.db"
login ada admin-password-1
login anna planner-password-1

# listing: the admin's subtree only; not for planners; not outside it
api 200 ada GET /api/v1/users
has "$tmp/body" '"name":"anna"'
has "$tmp/body" '"within":"helse-vest"'
grep -qF '"name":"nils"' "$tmp/body" && fail "ada sees nils of Helse Nord"
api 403 ada GET "/api/v1/users?within=helse-nord"
api 403 anna GET /api/v1/users
api 200 ada GET "/api/v1/users?limit=1&offset=1"
has "$tmp/body" '"count":1'
has "$tmp/body" '"total":2'

# creating: within the subtree, a known role, no unknown members, no duplicate
api 201 ada POST /api/v1/users '{"name": "bo", "org_id": "helse-bergen", "role": "viewer", "password": "first-password"}'
has "$tmp/body" '"name":"bo"'
has "$tmp/body" '"disabled":false'
bo=$(json_member id)
api 403 ada POST /api/v1/users '{"name": "eve", "org_id": "helse-nord", "role": "viewer", "password": "first-password"}'
api 400 ada POST /api/v1/users '{"name": "eve", "org_id": "helse-bergen", "role": "boss", "password": "first-password"}'
has "$tmp/body" '"field":"role"'
api 400 ada POST /api/v1/users '{"name": "eve", "org_id": "helse-bergen", "role": "viewer", "pasword": "x"}'
has "$tmp/body" "did you mean 'password'"
api 400 ada POST /api/v1/users '{"name": "eve", "org_id": "helse-bergen", "role": "viewer", "password": "short"}'
has "$tmp/body" '"field":"password"'
api 400 ada POST /api/v1/users '{"name": "Eve!", "org_id": "helse-bergen", "role": "viewer", "password": "first-password"}'
has "$tmp/body" '"field":"name"'
api 409 ada POST /api/v1/users '{"name": "bo", "org_id": "helse-bergen", "role": "viewer", "password": "first-password"}'
login bo first-password
api 200 bo GET /api/v1/me
has "$tmp/body" '"role":"viewer"'
has "$tmp/body" '"session_idle_expires_at":'

# changing: the new role at once; nothing outside the subtree; no own lock-out
api 200 ada PATCH "/api/v1/users/$bo" '{"role": "contributor"}'
has "$tmp/body" '"role":"contributor"'
api 200 bo GET /api/v1/me
has "$tmp/body" '"role":"contributor"'
api 400 ada PATCH "/api/v1/users/$bo" '{"role": "contributor", "disabeld": true}'
has "$tmp/body" "did you mean 'disabled'"
api 403 ada PATCH "/api/v1/users/$bo" '{"org_id": "helse-nord"}'
nils=3                                                    # ids: ada 1, anna 2, nils 3
api 404 ada PATCH "/api/v1/users/$nils" '{"disabled": true}'
api 404 ada GET "/api/v1/users/$nils"
ada_id=1
api 400 ada PATCH "/api/v1/users/$ada_id" '{"disabled": true}'
has "$tmp/body" "another administrator"
api 400 ada PATCH "/api/v1/users/$ada_id" '{"role": "viewer"}'

# disabling ends the session at once; enabling lets the user in again
api 200 ada PATCH "/api/v1/users/$bo" '{"disabled": true}'
has "$tmp/body" '"disabled":true'
api 401 bo GET /api/v1/me
http 401 -X POST -H "$J" "$url/api/v1/login" -d '{"username": "bo", "password": "first-password"}'
api 200 ada PATCH "/api/v1/users/$bo" '{"disabled": false}'
login bo first-password

# a reset by the admin ends the user's sessions
api 200 ada POST "/api/v1/users/$bo/password" '{"password": "second-password"}'
api 401 bo GET /api/v1/me
http 401 -X POST -H "$J" "$url/api/v1/login" -d '{"username": "bo", "password": "first-password"}'
login bo second-password

# the user's own change: the old password is needed; the other sessions end, this one stays
cp "$tmp/bo.jar" "$tmp/bo2.jar"; cp "$tmp/bo.csrf" "$tmp/bo2.csrf"
login bo second-password                                  # a second session, in bo.jar
api 400 bo PUT /api/v1/me/password '{"old_password": "wrong-password", "new_password": "third-password"}'
has "$tmp/body" '"field":"old_password"'
api 200 bo PUT /api/v1/me/password '{"old_password": "second-password", "new_password": "third-password"}'
api 200 bo GET /api/v1/me
api 401 bo2 GET /api/v1/me
# logging out everywhere
login bo third-password
cp "$tmp/bo.jar" "$tmp/bo2.jar"; cp "$tmp/bo.csrf" "$tmp/bo2.csrf"
login bo third-password
api 200 bo DELETE /api/v1/me/sessions
has "$tmp/body" '"sessions_ended":'
has "$tmp/headers" "klar_session=; Max-Age=0"
api 401 bo2 GET /api/v1/me

# the audit log has every change, and never a password hash
api 200 ada GET "/api/v1/audit?entity=users&entity_id=$bo&limit=100"
has "$tmp/body" '"action":"create"'
has "$tmp/body" '"disabled":true'
has "$tmp/body" '"password":"set by an administrator"'
has "$tmp/body" '"password":"changed by the user"'
grep -q 'argon2' "$tmp/body" && fail "a password hash in the audit log"
stop_server

# behind TLS: a Secure cookie; X-Forwarded-For from the trusted proxy only
guess() {   # ADDRESS : a wrong password for anna, forwarded for ADDRESS
    curl -s --max-time 10 -o /dev/null -H "$J" -H "X-Forwarded-For: $1" \
        "$url/api/v1/login" -d '{"username": "anna", "password": "wrong-password"}'
}
start_server "$tmp/k.db" --public-url https://klar.example.no --trusted-proxy 127.0.0.1
login ada admin-password-1
has "$tmp/headers" "; Secure"
for i in 1 2 3 4 5 6; do guess 10.1.1.1; done
http 429 -X POST -H "$J" -H 'X-Forwarded-For: 10.1.1.1' "$url/api/v1/login" \
    -d '{"username": "anna", "password": "planner-password-1"}'
http 200 -X POST -H "$J" -H 'X-Forwarded-For: 10.1.1.2' "$url/api/v1/login" \
    -d '{"username": "anna", "password": "planner-password-1"}'
stop_server
start_server "$tmp/k.db"                                  # no proxy trusted: the header is ignored
for i in 1 2 3 4 5 6; do guess "10.2.2.$i"; done
http 429 -X POST -H "$J" -H 'X-Forwarded-For: 10.2.2.99' "$url/api/v1/login" \
    -d '{"username": "anna", "password": "planner-password-1"}'
login ada admin-password-1
grep -qF "; Secure" "$tmp/headers" && fail "a Secure cookie without --public-url https://"
stop_server

# the command line: list, set, disable
expect 0 "$KLAR" user list --within helse-vest --db "$tmp/k.db"
has "$tmp/out" "bo "
has "$tmp/out" "3 users"
expect 0 "$KLAR" user disable bo --db "$tmp/k.db"
has "$tmp/out" "disabled"
expect 0 "$KLAR" user list --db "$tmp/k.db"
grep -q '^bo .*disabled$' "$tmp/out" || { cat "$tmp/out"; fail "bo is not listed as disabled"; }
expect 0 "$KLAR" user set bo --enable --role planner --db "$tmp/k.db"
has "$tmp/out" "planner in helse-bergen, active"
expect 2 "$KLAR" user set bo --role boss --db "$tmp/k.db"
expect 1 "$KLAR" user set nobody --enable --db "$tmp/k.db"
expect 1 "$KLAR" user list --within helse-vst --db "$tmp/k.db"
has "$tmp/err" "did you mean 'helse-vest'"
echo "users: ok"
