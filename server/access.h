/* access.h - what the domain handlers share between reading a request and calling the
 * library: the right of the session's user on an organisation (403), the ?within= scope and
 * the page of a list, the {id} of a path, and the answer to a failed registry write. Rights
 * and known organisations come from the organisation tree loaded at start (app.h). */
#ifndef KLAR_SERVER_ACCESS_H
#define KLAR_SERVER_ACCESS_H

#include <stdint.h>

#include "klar/auth.h"
#include "klar/registry.h"
#include "request.h"
#include "response.h"

/* 1 if the session's user may do action on org_id; 0 with res set (403 or 500). */
int srv_may(srv_request *req, klar_action action, const char *org_id, srv_response *res);

/* 1 if org_id is a known organisation (else 400 naming org_id) on which the user may do
 * action (else 403); 0 with res set. */
int srv_may_on_known(srv_request *req, klar_action action, const char *org_id,
                     srv_response *res);

/* The least role that may do action ("viewer" ... "admin"), as openapi.json and /me say it. */
const char *srv_least_role(klar_action action);

/* The ?within= organisation (default: the user's own), known and readable by the user; NULL
 * with res set (400 unknown, 403 outside the user's subtree). */
const char *srv_read_scope(srv_request *req, srv_response *res);

/* Lists come in pages: ?limit= (1..SRV_PAGE_MAX, default SRV_PAGE_DEFAULT) items after
 * skipping ?offset= (0..SRV_OFFSET_MAX, default 0). */
#define SRV_PAGE_DEFAULT 100
#define SRV_PAGE_MAX 1000
#define SRV_OFFSET_MAX 1000000000

/* Reads ?limit= and ?offset= into *page; 0 with res set to 400 naming the field. */
int srv_read_page(srv_request *req, klar_page *page, srv_response *res);

/* The {id} parameter as a positive integer in canonical decimal ("7", not "+7", " 7", "07");
 * 0 with res set to 404 (what: "risk"). */
int64_t srv_path_id(srv_request *req, const char *what, srv_response *res);

/* 1 if password guesses for name from the request's client must wait (the login rate
 * limiter): then res is set to 429 with Retry-After, naming field (NULL: none), counted in the
 * metrics. 0 if a try may go ahead. */
int srv_password_throttled(srv_request *req, const char *name, const char *field,
                           srv_response *res);

/* Answers a failed registry write, naming err->field: KLAR_REG_INVALID 400, NOT_FOUND 404,
 * STALE 409 (default field "version"), CONFLICT 409, else 500 (what: "writing a plan"). */
void srv_respond_write_error(srv_response *res, int rc, const klar_error *err,
                             const char *what);

#endif
