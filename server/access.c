/* access.c - rights, scopes, path ids and write errors for the domain handlers (access.h). */
#include "access.h"

#include "klar/record.h"
#include "klar/registry.h"

#include <errno.h>
#include <stdlib.h>

int srv_may(srv_request *req, klar_action action, const char *org_id, srv_response *res)
{
    klar_error err;
    int ok = klar_user_may(req->store, &req->session.user, action, org_id, &err);
    if (ok < 0)
        srv_respond_internal(res, "checking a right", &err);
    else if (!ok)
        srv_respond_error(res, 403, "org_id", "%s may not do this for organisation '%.60s'",
                          req->session.user.name, org_id);
    return ok == 1;
}

int srv_may_on_known(srv_request *req, klar_action action, const char *org_id,
                     srv_response *res)
{
    klar_error err;
    int known = klar_org_exists(req->store, org_id, &err);
    if (known < 0)
        srv_respond_internal(res, "looking up an organisation", &err);
    else if (!known)
        srv_respond_error(res, 400, "org_id", "no organisation has the id '%.60s'", org_id);
    return known == 1 && srv_may(req, action, org_id, res);
}

const char *srv_read_scope(srv_request *req, srv_response *res)
{
    const char *within = srv_request_query(req, "within");
    if (!within)
        within = req->session.user.org_id;
    klar_error err;
    int known = klar_org_exists(req->store, within, &err);
    if (known < 0) {
        srv_respond_internal(res, "looking up an organisation", &err);
        return NULL;
    }
    if (!known) {
        srv_respond_error(res, 400, "within", "no organisation has the id '%.60s'", within);
        return NULL;
    }
    return srv_may(req, KLAR_ACTION_READ, within, res) ? within : NULL;
}

int64_t srv_path_id(srv_request *req, const char *what, srv_response *res)
{
    char *end;
    errno = 0;
    long long id = strtoll(req->params[0], &end, 10);
    if (errno || *end || end == req->params[0] || id <= 0) {
        srv_respond_error(res, 404, "id", "no %s has the id '%.40s'", what, req->params[0]);
        return 0;
    }
    return id;
}

void srv_respond_write_error(srv_response *res, int rc, const char *field,
                             const klar_error *err, const char *what)
{
    if (rc == KLAR_REG_INVALID)
        srv_respond_error(res, 400, field, "%s", err->message);
    else if (rc == KLAR_REG_NOT_FOUND)
        srv_respond_error(res, 404, "id", "%s", err->message);
    else if (rc == KLAR_REG_STALE)
        srv_respond_error(res, 409, "version", "%s", err->message);
    else if (rc == KLAR_REG_CONFLICT)
        srv_respond_error(res, 409, NULL, "%s", err->message);
    else
        srv_respond_internal(res, what, err);
}
