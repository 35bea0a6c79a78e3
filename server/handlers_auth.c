/* handlers_auth.c - login (rate-limited; sets the session cookie, returns the CSRF token),
 * logout and the current user. Wrong user name and wrong password get the same answer. */
#include "handlers.h"

#include "router.h"

#include "access.h"
#include "guard.h"
#include "jsonin.h"
#include "klar/registry.h"

#include <string.h>
#include <time.h>

#define COOKIE_ATTRIBUTES "HttpOnly; SameSite=Strict; Path=/"

/* 1 if the user authenticated (filling u), 0 with res set (401 or 500). */
static int check_credentials(srv_request *req, const char *name, const char *password,
                             klar_user *u, srv_response *res)
{
    klar_error err;
    int ok = klar_user_authenticate(req->store, name, password, u, &err);
    if (ok < 0) {
        srv_respond_internal(res, "authenticating", &err);
        return 0;
    }
    if (!ok) {
        klar_ratelimit_failure(req->app->ratelimit, name, req->client);
        srv_metrics_event(req->app->metrics, SRV_EVENT_LOGIN_FAILURE);
        srv_respond_error(res, 401, NULL, "wrong user name or password");
        return 0;
    }
    klar_ratelimit_success(req->app->ratelimit, name, req->client);
    return 1;
}

/* Starts a session for u (first purging the sessions that have ended, so that the table
 * holds live ones only) and answers with its cookie and CSRF token. */
static void start_session(srv_request *req, const klar_user *u, srv_response *res)
{
    char token[KLAR_TOKEN_SIZE], csrf[KLAR_TOKEN_SIZE];
    klar_error err;
    if (klar_session_purge(req->store, (int64_t)time(NULL), &err) < 0 ||
        klar_session_create(req->store, u->id, &req->app->session, token, csrf, &err) != 0) {
        srv_respond_internal(res, "creating a session", &err);
        return;
    }
    srv_respond_json(res, 200, json_pack("{s:s}", "csrf_token", csrf));
    if (res->status == 200 &&
        srv_response_header(res, "Set-Cookie", "%s=%s; Max-Age=%lld; " COOKIE_ATTRIBUTES "%s",
                            SRV_SESSION_COOKIE, token,
                            (long long)req->app->session.lifetime_seconds,
                            req->app->cookie_secure ? "; Secure" : "") != 0)
        srv_respond_internal(res, "setting the session cookie", NULL);
}

void srv_handle_login(srv_request *req, srv_response *res)
{
    static const char *const members[] = {"username", "password", NULL};
    json_t *body = srv_json_object_body(req, res);
    if (!body)
        return;
    if (!srv_json_members_known(body, members, res)) {
        json_decref(body);
        return;
    }
    const char *name = srv_json_string(body, "username", KLAR_USER_NAME_MAX, res);
    const char *password = name ? srv_json_string(body, "password", KLAR_PASSWORD_MAX, res) : NULL;
    klar_user u;
    if (password && !srv_password_throttled(req, name, NULL, res) &&
        check_credentials(req, name, password, &u, res)) {
        start_session(req, &u, res);
    }
    json_decref(body);
}

void srv_handle_logout(srv_request *req, srv_response *res)
{
    klar_error err;
    int rc = klar_session_delete(req->store, req->session_token, &err);
    klar_session_cache_forget(req->app->sessions, req->session_token);
    if (rc != 0) {
        srv_respond_internal(res, "ending a session", &err);
        return;
    }
    srv_respond_json(res, 200, json_pack("{s:s}", "status", "logged out"));
    srv_response_header(res, "Set-Cookie", "%s=; Max-Age=0; " COOKIE_ATTRIBUTES,
                        SRV_SESSION_COOKIE);
}

/* What /me answers for the request's session: the user, organisation, role, the session's
 * ends and its CSRF token; a new object (NULL when out of memory). */
/* {"GET /api/v1/audit": "planner", ...}: the least role of every route that is not a record
 * kind's (those the kinds' schemas in openapi.json describe) and needs more than a viewer, so
 * that a client offers only what the user's role may use without copying the server's rules. */
static json_t *least_roles_json(void)
{
    size_t n;
    const srv_route *routes = srv_route_table(&n);
    json_t *o = json_object();
    for (size_t i = 0; o && i < n; i++) {
        const srv_route *r = &routes[i];
        char op[160];
        if (r->kind || r->access != SRV_SESSION || klar_role_may(KLAR_ROLE_VIEWER, r->action))
            continue;
        snprintf(op, sizeof op, "%s %s", r->method, r->pattern);
        json_object_set_new(o, op, json_string(srv_least_role(r->action)));
    }
    return o;
}

static json_t *me_json(const srv_request *req)
{
    const klar_user *u = &req->session.user;
    const klar_org *org = klar_org_tree_get(req->app->orgs, u->org_id);
    json_t *idle = req->session.idle_expires_at ? json_integer(req->session.idle_expires_at)
                                                : json_null();
    return json_pack("{s:{s:I, s:s}, s:{s:s, s:s?, s:s?}, s:s, s:I, s:o, s:s, s:o}",
                     "user", "id", (json_int_t)u->id, "name", u->name,
                     "organisation", "id", u->org_id,
                     "name", org ? org->name : NULL, "type", org ? org->type : NULL,
                     "role", klar_role_id(u->role),
                     "session_expires_at", (json_int_t)req->session.expires_at,
                     "session_idle_expires_at", idle,
                     "csrf_token", req->session.csrf_token, "least_roles", least_roles_json());
}

void srv_handle_me(srv_request *req, srv_response *res)
{
    srv_respond_json(res, 200, me_json(req));
}

void srv_handle_session(srv_request *req, srv_response *res)
{
    int found = srv_guard_optional_session(req, res);
    if (found < 0)
        return;
    json_t *o = found ? me_json(req) : json_object();
    if (o && json_object_set_new(o, "active", json_boolean(found)) != 0) {
        json_decref(o);
        o = NULL;
    }
    srv_respond_json(res, 200, o);
}
