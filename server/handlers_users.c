/* handlers_users.c - user administration over the API, and a user's own account.
 *
 * Admins (ADMINISTER) manage the users of organisations within their subtree: GET and POST
 * /api/v1/users, GET and PATCH /api/v1/users/{id} (organisation, role, disabled), POST
 * /api/v1/users/{id}/password (a reset with a first password). Nobody grants a role above
 * their own or an organisation outside their subtree (403); a user outside it is answered as
 * one that does not exist (404), so the API tells nothing of users elsewhere. Admins do not
 * disable themselves or change their own role or organisation (400): another admin must.
 *
 * Every user: PUT /api/v1/me/password (the old password is required; other sessions end) and
 * DELETE /api/v1/me/sessions (logs out everywhere). The library writes the audit rows
 * (user_admin.c); ended sessions also leave this server's session cache at once. */
#include "handlers.h"

#include "access.h"
#include "jsonin.h"
#include "klar/auth.h"

#include <stdlib.h>
#include <string.h>

#define SESSION_COOKIE_CLEAR "Max-Age=0; HttpOnly; SameSite=Strict; Path=/"

/* Answers a failed library call: 400 naming the field, 404, 409 for a taken name, else 500. */
static void respond_auth_error(srv_response *res, int rc, const klar_error *err,
                               const char *what)
{
    const char *field = err->field[0] ? err->field : NULL;
    if (rc == KLAR_AUTH_INVALID || rc == KLAR_AUTH_UNKNOWN_ORG || rc == KLAR_AUTH_WRONG_PASSWORD)
        srv_respond_error(res, 400, field, "%s", err->message);
    else if (rc == KLAR_AUTH_NOT_FOUND)
        srv_respond_error(res, 404, "id", "%s", err->message);
    else if (rc == KLAR_AUTH_DUPLICATE)
        srv_respond_error(res, 409, field ? field : "name", "%s", err->message);
    else
        srv_respond_internal(res, what, err);
}

/* 1 if the acting user may give role (not above their own); else 0 with 403. */
static int may_grant(const srv_request *req, klar_role role, srv_response *res)
{
    if (role <= req->session.user.role)
        return 1;
    srv_respond_error(res, 403, "role", "%s (%s) may not grant the role %s, which is above "
                      "their own", req->session.user.name, klar_role_id(req->session.user.role),
                      klar_role_id(role));
    return 0;
}

/* The "role" member of body into *role (absent: -1); 0 with 400 when it is not a role. */
static int body_role(json_t *body, int *role, srv_response *res)
{
    json_t *v = json_object_get(body, "role");
    klar_role r;
    *role = -1;
    if (!v)
        return 1;
    if (!json_is_string(v) || klar_role_parse(json_string_value(v), &r) != 0) {
        srv_respond_error(res, 400, "role", "role must be viewer, contributor, planner or "
                          "admin");
        return 0;
    }
    *role = (int)r;
    return 1;
}

/* The user of the path's {id}, within the acting admin's subtree; 0 with res set (404 also
 * for a user outside it). */
static int64_t load_user(srv_request *req, klar_user *u, srv_response *res)
{
    int64_t id = srv_path_id(req, "user", res);
    if (!id)
        return 0;
    klar_error err;
    int found = klar_user_get(req->store, id, u, &err);
    if (found < 0) {
        srv_respond_internal(res, "reading a user", &err);
        return 0;
    }
    if (!found || klar_user_may_in(req->app->orgs, &req->session.user, KLAR_ACTION_ADMINISTER,
                                   u->org_id) != 1) {
        srv_respond_error(res, 404, "id", "no user has the id %lld", (long long)id);
        return 0;
    }
    return id;
}

/* ---- the admin's routes ------------------------------------------------------------------- */

/* {"within", "users": [...], "count", "total", "limit", "offset"} */
void srv_handle_user_list(srv_request *req, srv_response *res)
{
    klar_page page;
    const char *within = srv_read_scope(req, res);
    if (!within || !srv_may(req, KLAR_ACTION_ADMINISTER, within, res) ||
        !srv_read_page(req, &page, res))
        return;
    size_t n;
    int64_t total;
    klar_error err;
    klar_user *users = klar_user_list(req->store, within, page.limit, page.offset, &n, &total,
                                      &err);
    if (!users) {
        srv_respond_internal(res, "listing users", &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, klar_user_json(&users[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    free(users);
    srv_respond_json(res, 200, items ? json_pack("{s:s, s:o, s:I, s:I, s:I, s:I}", "within",
                                                 within, "users", items, "count", (json_int_t)n,
                                                 "total", (json_int_t)total, "limit",
                                                 (json_int_t)page.limit, "offset",
                                                 (json_int_t)page.offset)
                                     : NULL);
}

void srv_handle_user_create(srv_request *req, srv_response *res)
{
    static const char *const members[] = {"name", "org_id", "role", "password", NULL};
    json_t *body = srv_json_object_body(req, res);
    if (!body)
        return;
    int role;
    const char *name = NULL, *org = NULL, *password = NULL;
    if (srv_json_members_known(body, members, res) &&
        (name = srv_json_string(body, "name", KLAR_USER_NAME_MAX, res)) &&
        (org = srv_json_string(body, "org_id", KLAR_ORG_ID_SIZE - 1, res)) &&
        body_role(body, &role, res) &&
        (role >= 0 || (srv_respond_error(res, 400, "role", "role is required"), 0)) &&
        (password = srv_json_string(body, "password", KLAR_PASSWORD_MAX, res)) &&
        srv_may_on_known(req, KLAR_ACTION_ADMINISTER, org, res) &&
        may_grant(req, (klar_role)role, res)) {
        klar_user u;
        klar_error err;
        int rc = klar_user_create(req->store, req->session.user.id, name, org, (klar_role)role,
                                  password, &u, &err);
        if (rc)
            respond_auth_error(res, rc, &err, "adding a user");
        else
            srv_respond_json(res, 201, klar_user_json(&u));
    }
    json_decref(body);
}

void srv_handle_user_get(srv_request *req, srv_response *res)
{
    klar_user u;
    if (load_user(req, &u, res))
        srv_respond_json(res, 200, klar_user_json(&u));
}

/* The change of body into c (members org_id, role, disabled); 0 with res set. */
static int read_change(srv_request *req, json_t *body, klar_user_change *c, srv_response *res)
{
    static const char *const members[] = {"org_id", "role", "disabled", NULL};
    json_t *disabled = json_object_get(body, "disabled");
    memset(c, 0, sizeof *c);
    c->disabled = -1;
    if (!srv_json_members_known(body, members, res) || !body_role(body, &c->role, res))
        return 0;
    if (disabled && !json_is_boolean(disabled)) {
        srv_respond_error(res, 400, "disabled", "disabled must be true or false");
        return 0;
    }
    if (disabled)
        c->disabled = json_is_true(disabled);
    if (json_object_get(body, "org_id") &&
        (!(c->org_id = srv_json_string(body, "org_id", KLAR_ORG_ID_SIZE - 1, res)) ||
         !srv_may_on_known(req, KLAR_ACTION_ADMINISTER, c->org_id, res)))
        return 0;
    return c->role < 0 || may_grant(req, (klar_role)c->role, res);
}

/* 0 with 400 if c would change the acting admin's own account in a way that locks them out. */
static int not_own_lockout(const srv_request *req, const klar_user *u, const klar_user_change *c,
                           srv_response *res)
{
    if (u->id != req->session.user.id)
        return 1;
    int changes = c->disabled == 1 || (c->role >= 0 && (klar_role)c->role != u->role) ||
                  (c->org_id && strcmp(c->org_id, u->org_id) != 0);
    if (changes)
        srv_respond_error(res, 400, c->disabled == 1 ? "disabled" : c->role >= 0 ? "role"
                                                                                : "org_id",
                          "you may not disable your own account or change your own role or "
                          "organisation; another administrator can");
    return !changes;
}

void srv_handle_user_update(srv_request *req, srv_response *res)
{
    klar_user u;
    int64_t id = load_user(req, &u, res);
    json_t *body = id ? srv_json_object_body(req, res) : NULL;
    if (!body)
        return;
    klar_user_change c;
    if (read_change(req, body, &c, res) && not_own_lockout(req, &u, &c, res)) {
        klar_error err;
        int rc = klar_user_change_by(req->store, req->session.user.id, id, &c, &u, &err);
        if (rc) {
            respond_auth_error(res, rc, &err, "changing a user");
        } else {
            klar_session_cache_forget_user(req->app->sessions, id);   /* the new role at once */
            srv_respond_json(res, 200, klar_user_json(&u));
        }
    }
    json_decref(body);
}

void srv_handle_user_password(srv_request *req, srv_response *res)
{
    static const char *const members[] = {"password", NULL};
    klar_user u;
    int64_t id = load_user(req, &u, res);
    json_t *body = id ? srv_json_object_body(req, res) : NULL;
    if (!body)
        return;
    const char *password;
    if (srv_json_members_known(body, members, res) &&
        (password = srv_json_string(body, "password", KLAR_PASSWORD_MAX, res))) {
        klar_error err;
        int rc = klar_user_reset_password(req->store, req->session.user.id, id, password, &err);
        if (rc) {
            respond_auth_error(res, rc, &err, "setting a password");
        } else {
            klar_session_cache_forget_user(req->app->sessions, id);
            srv_respond_json(res, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status",
                                                 "password set; the user's sessions ended"));
        }
    }
    json_decref(body);
}

/* ---- the user's own account --------------------------------------------------------------- */

void srv_handle_me_password(srv_request *req, srv_response *res)
{
    static const char *const members[] = {"old_password", "new_password", NULL};
    json_t *body = srv_json_object_body(req, res);
    if (!body)
        return;
    const char *old = NULL, *new_password = NULL;
    if (srv_json_members_known(body, members, res) &&
        (old = srv_json_string(body, "old_password", KLAR_PASSWORD_MAX, res)) &&
        (new_password = srv_json_string(body, "new_password", KLAR_PASSWORD_MAX, res))) {
        klar_error err;
        const klar_user *u = &req->session.user;
        if (srv_password_throttled(req, u->name, "old_password", res)) {
            json_decref(body);
            return;
        }
        int rc = klar_user_change_password(req->store, u->id, old, new_password,
                                           req->session_token, &err);
        if (rc == KLAR_AUTH_WRONG_PASSWORD)      /* guessing the password this way is slowed */
            klar_ratelimit_failure(req->app->ratelimit, u->name, req->client);
        if (rc) {
            respond_auth_error(res, rc, &err, "changing a password");
        } else {
            klar_session_cache_forget_user(req->app->sessions, u->id);
            srv_respond_json(res, 200, json_pack("{s:s}", "status", "password changed; your "
                                                 "other sessions ended"));
        }
    }
    json_decref(body);
}

void srv_handle_me_sessions_end(srv_request *req, srv_response *res)
{
    klar_error err;
    int64_t n = klar_session_end_user(req->store, req->session.user.id, NULL, &err);
    if (n < 0) {
        srv_respond_internal(res, "ending sessions", &err);
        return;
    }
    klar_session_cache_forget_user(req->app->sessions, req->session.user.id);
    srv_respond_json(res, 200, json_pack("{s:I}", "sessions_ended", (json_int_t)n));
    srv_response_header(res, "Set-Cookie", "%s=; " SESSION_COOKIE_CLEAR, SRV_SESSION_COOKIE);
}
