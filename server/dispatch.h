/* dispatch.h - running a routed request whose body has arrived: borrow a store connection,
 * guard (session, CSRF, role), call the handler, give the connection back. */
#ifndef KLAR_SERVER_DISPATCH_H
#define KLAR_SERVER_DISPATCH_H

#include "request.h"
#include "response.h"

/* Fills res for req (req->route set by the router). */
void srv_dispatch(srv_request *req, srv_response *res);

#endif
