/* access.c - rights, scopes, path ids and write errors for the domain handlers (access.h).
 * Organisations are looked up in the server's tree in memory (app->orgs), not the store. */
#include "access.h"

#include "klar/record.h"
#include "klar/registry.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int srv_may(srv_request *req, klar_action action, const char *org_id, srv_response *res)
{
    int ok = klar_user_may_in(req->app->orgs, &req->session.user, action, org_id);
    if (!ok)
        srv_respond_error(res, 403, "org_id", "%s may not do this for organisation '%.60s'",
                          req->session.user.name, org_id);
    return ok;
}

int srv_may_on_known(srv_request *req, klar_action action, const char *org_id,
                     srv_response *res)
{
    if (!klar_org_tree_get(req->app->orgs, org_id)) {
        srv_respond_error(res, 400, "org_id", "no organisation has the id '%.60s'", org_id);
        return 0;
    }
    return srv_may(req, action, org_id, res);
}

const char *srv_read_scope(srv_request *req, srv_response *res)
{
    const char *within = srv_request_query(req, "within");
    if (!within)
        within = req->session.user.org_id;
    if (!klar_org_tree_get(req->app->orgs, within)) {
        srv_respond_error(res, 400, "within", "no organisation has the id '%.60s'", within);
        return NULL;
    }
    return srv_may(req, KLAR_ACTION_READ, within, res) ? within : NULL;
}

/* The query argument name as an integer in [min, max] into *out (fallback when absent); 0
 * with res set to 400 naming it. Only digits: no sign, no blanks. */
static int query_count(srv_request *req, const char *name, size_t min, size_t max,
                       size_t fallback, size_t *out, srv_response *res)
{
    const char *text = srv_request_query(req, name);
    *out = fallback;
    if (!text)
        return 1;
    size_t digits = strspn(text, "0123456789");
    errno = 0;
    unsigned long long v = digits > 0 && !text[digits] ? strtoull(text, NULL, 10) : max + 1ull;
    if (errno || v < min || v > max) {
        srv_respond_error(res, 400, name, "%s must be an integer from %zu to %zu", name, min,
                          max);
        return 0;
    }
    *out = (size_t)v;
    return 1;
}

int srv_read_page(srv_request *req, klar_page *page, srv_response *res)
{
    return query_count(req, "limit", 1, SRV_PAGE_MAX, SRV_PAGE_DEFAULT, &page->limit, res) &&
           query_count(req, "offset", 0, SRV_OFFSET_MAX, 0, &page->offset, res);
}

/* 1 if s is a positive integer in canonical decimal (no sign, space or leading zero) that
 * fits 18 digits. */
static int canonical_id(const char *s)
{
    size_t n = strspn(s, "0123456789");
    return n > 0 && n <= 18 && s[n] == '\0' && s[0] != '0';
}

int64_t srv_path_id(srv_request *req, const char *what, srv_response *res)
{
    char *end;
    errno = 0;
    long long id = canonical_id(req->params[0]) ? strtoll(req->params[0], &end, 10) : 0;
    if (errno || id <= 0) {
        srv_respond_error(res, 404, "id", "no %s has the id '%.40s'", what, req->params[0]);
        return 0;
    }
    return id;
}

void srv_respond_write_error(srv_response *res, int rc, const klar_error *err,
                             const char *what)
{
    const char *field = err->field[0] ? err->field : NULL;
    if (rc == KLAR_REG_INVALID)
        srv_respond_error(res, 400, field, "%s", err->message);
    else if (rc == KLAR_REG_NOT_FOUND)
        srv_respond_error(res, 404, "id", "%s", err->message);
    else if (rc == KLAR_REG_STALE)
        srv_respond_error(res, 409, field ? field : "version", "%s", err->message);
    else if (rc == KLAR_REG_CONFLICT)
        srv_respond_error(res, 409, field, "%s", err->message);
    else
        srv_respond_internal(res, what, err);
}

int srv_password_throttled(srv_request *req, const char *name, const char *field,
                           srv_response *res)
{
    double wait = klar_ratelimit_wait(req->app->ratelimit, name, req->client);
    if (wait <= 0)
        return 0;
    long seconds = (long)ceil(wait);
    srv_metrics_event(req->app->metrics, SRV_EVENT_LOGIN_RATE_LIMITED);
    srv_respond_error(res, 429, field, "too many wrong passwords from this address; try again "
                      "in %ld s", seconds);
    srv_response_header(res, "Retry-After", "%ld", seconds);
    return 1;
}

const char *srv_least_role(klar_action action)
{
    for (int r = KLAR_ROLE_VIEWER; r <= KLAR_ROLE_ADMIN; r++)
        if (klar_role_may((klar_role)r, action))
            return klar_role_id((klar_role)r);
    return "admin";
}
