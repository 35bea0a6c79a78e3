/* guard.c - session lookup (through the server's session cache), CSRF check and role check
 * for a routed request, and the refusal of changes by a read-only server. */
#include "guard.h"

#include "router.h"

#include <string.h>

void srv_read_session_cookie(srv_request *req)
{
    const char *token = srv_request_cookie(req, SRV_SESSION_COOKIE);
    req->session_token[0] = '\0';
    if (token && strlen(token) == KLAR_TOKEN_HEX)
        memcpy(req->session_token, token, KLAR_TOKEN_SIZE);
}

/* 1 with req->session filled, 0 for no (live) session, -1 with res set (500). */
static int lookup_session(srv_request *req, srv_response *res)
{
    srv_read_session_cookie(req);
    if (!req->session_token[0])
        return 0;
    klar_error err;
    int found = klar_session_cache_lookup(req->app->sessions, req->store, req->session_token,
                                          &req->session, &err);
    if (found < 0) {
        srv_respond_internal(res, "looking up a session", &err);
        return -1;
    }
    req->has_session = found == 1;
    return found == 1;
}

/* 1 with req->session filled, 0 with res set. */
static int find_session(srv_request *req, srv_response *res)
{
    int found = lookup_session(req, res);
    if (found == 0 && !req->session_token[0])
        srv_respond_error(res, 401, NULL, "log in first (no session)");
    else if (found == 0)
        srv_respond_error(res, 401, NULL, "the session is unknown or has expired; log in again");
    return found == 1;
}

int srv_guard_optional_session(srv_request *req, srv_response *res)
{
    return lookup_session(req, res);
}

static int csrf_ok(const srv_request *req, srv_response *res)
{
    const char *sent = srv_request_header(req, SRV_CSRF_HEADER);
    if (!klar_token_equal(sent, req->session.csrf_token)) {
        srv_respond_error(res, 403, NULL, "missing or wrong " SRV_CSRF_HEADER " header");
        return 0;
    }
    return 1;
}

int srv_guard(srv_request *req, srv_response *res)
{
    const srv_route *route = req->route;
    if (route->access == SRV_OPEN)
        return 1;
    if (!find_session(req, res))
        return 0;
    if (srv_method_changes_state(req->method) && !csrf_ok(req, res))
        return 0;
    if (!klar_role_may(req->session.user.role, route->action)) {
        srv_respond_error(res, 403, NULL, "the role %s may not do this",
                          klar_role_id(req->session.user.role));
        return 0;
    }
    if (req->app->read_only && route->action != KLAR_ACTION_READ &&
        srv_method_changes_state(req->method)) {
        srv_respond_error(res, 503, NULL, "the registry is served read-only (klar serve "
                          "--read-only): changes cannot be saved here");
        return 0;
    }
    return 1;
}
