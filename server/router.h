/* router.h - the routing table: method, path pattern (segments, "{id}" matching one segment),
 * handler, and what the caller must be allowed to do. Matching fills the request's parameters;
 * a path known under other methods gives their list for the Allow header of a 405. */
#ifndef KLAR_SERVER_ROUTER_H
#define KLAR_SERVER_ROUTER_H

#include <stddef.h>

#include "klar/auth.h"
#include "request.h"
#include "response.h"

typedef void (*srv_handler)(srv_request *req, srv_response *res);

/* Who may call a route. */
typedef enum {
    SRV_OPEN,                     /* anyone (healthz, metrics, login) */
    SRV_SESSION,                  /* a logged-in user whose role may do `action` */
} srv_access;

typedef struct srv_route {
    const char *method;
    const char *pattern;          /* "/api/v1/organisations/{id}" */
    srv_handler handler;
    srv_access access;
    klar_action action;           /* with SRV_SESSION: checked with klar_role_may */
    const struct klar_kind *kind; /* the record kind of the generic record handlers, or NULL */
    const char *doc;              /* one line for openapi.json (NULL: from the kind) */
} srv_route;

typedef enum { SRV_MATCH, SRV_NO_PATH, SRV_NO_METHOD } srv_match;

/* Finds the route for req->method and req->path in routes[0..n) and sets req->route and its
 * parameters. Of the patterns that match, those with the most literal segments win
 * ("/risks/matrix" over "/risks/{id}"), whatever their order. SRV_NO_METHOD: the path exists
 * under other methods, listed in allow ("GET, POST"). SRV_NO_PATH: no pattern matches (also
 * for a parameter longer than SRV_PARAM_SIZE - 1). */
srv_match srv_route_find(const srv_route *routes, size_t n, srv_request *req, char *allow,
                         size_t allow_size);

/* The server's table (routes.c), made at the first call; its length into *n. */
const srv_route *srv_route_table(size_t *n);

#endif
