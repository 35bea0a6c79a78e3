/* guard.h - the checks between routing and a handler: a session for SRV_SESSION routes (401),
 * the CSRF token on state-changing requests (403), the role's right to the route's action
 * (403). Needs req->store. */
#ifndef KLAR_SERVER_GUARD_H
#define KLAR_SERVER_GUARD_H

#include "request.h"
#include "response.h"

#define SRV_CSRF_HEADER "X-CSRF-Token"

/* Reads the session cookie into req->session_token if it looks like a token (else leaves it
 * empty). */
void srv_read_session_cookie(srv_request *req);

/* For an open route that answers with or without a login: 1 with req->session filled when
 * the cookie names a live session, 0 when there is none, -1 with res filled (500). */
int srv_guard_optional_session(srv_request *req, srv_response *res);

/* 1 if the request may go on to its handler; 0 with res filled (401, 403 or 500). */
int srv_guard(srv_request *req, srv_response *res);

#endif
