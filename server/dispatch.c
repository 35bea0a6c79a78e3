/* dispatch.c - from a routed request to a handler's answer. */
#include "dispatch.h"

#include "guard.h"
#include "router.h"

void srv_dispatch(srv_request *req, srv_response *res)
{
    if (req->body_too_large) {
        srv_respond_error(res, 413, NULL, "the request body is larger than %zu bytes",
                          req->app->body_limit);
        return;
    }
    req->store = srv_pool_acquire(req->app->pool);
    if (srv_guard(req, res))
        req->route->handler(req, res);
    if (res->status == 0 && !res->later)     /* a run is answered when it has run */
        srv_respond_internal(res, "a handler gave no answer", NULL);
    srv_pool_release(req->app->pool, req->store);
    req->store = NULL;
}
