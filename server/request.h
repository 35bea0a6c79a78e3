/* request.h - one HTTP request as the handlers see it: method, path, the {id} parameters of its
 * route, the body (accumulated up to the server's limit), the client address, the borrowed
 * store connection and, once the guard has run, the session. Created by server.c on a
 * request's first callback and freed when libmicrohttpd reports it completed. */
#ifndef KLAR_SERVER_REQUEST_H
#define KLAR_SERVER_REQUEST_H

#include <stddef.h>

#include "app.h"
#include "klar/auth.h"
#include "klar/store.h"
#include "response.h"

struct MHD_Connection;
struct srv_route;
struct srv_run_job;

#define SRV_MAX_PARAMS 4
#define SRV_PARAM_SIZE 128
#define SRV_ADDRESS_SIZE 64
#define SRV_SESSION_COOKIE "klar_session"

typedef struct srv_request {
    srv_app *app;
    struct MHD_Connection *conn;  /* request.c's business only */
    const char *method, *path;    /* owned by libmicrohttpd, valid until completion */
    double started;               /* monotonic seconds at the first callback */

    char *body;                   /* owned, NUL-terminated; NULL when there is none */
    size_t body_len, body_cap;
    int body_too_large;           /* more than app->body_limit bytes arrived */

    int answered;                 /* a response has been queued (e.g. 413 before the body) */
    const struct srv_route *route;
    char params[SRV_MAX_PARAMS][SRV_PARAM_SIZE];   /* the {id} segments, in order */
    int nparams;

    char client[SRV_ADDRESS_SIZE];/* numeric client address ("" if unknown) */

    klar_store *store;            /* borrowed from app->pool while the handler runs */
    int has_session;              /* 1 once the guard found a live session */
    klar_session session;
    char session_token[KLAR_TOKEN_SIZE];           /* the cookie's token, if well-formed */

    struct srv_run_job *run;      /* owned; an engine run queued for this request, or NULL */
    srv_response run_answer;      /* the run's answer, filled on the runner thread before the
                                     connection is resumed, sent on the worker (server.c) */
    int run_queued;               /* the run was queued: counted in app->runs_open */
    int answer_failed;            /* the answer could not be queued: close the connection */
} srv_request;

/* A new request context (NULL when out of memory). */
srv_request *srv_request_new(srv_app *app, struct MHD_Connection *conn, const char *method,
                             const char *path);

/* Frees the body, a queued run and the context (giving back a store connection still held).
 * NULL is fine. */
void srv_request_free(srv_request *req);

/* Appends n body bytes. Past the body limit the bytes are dropped and body_too_large is set.
 * 0, or -1 when out of memory. */
int srv_request_append(srv_request *req, const char *data, size_t n);

/* A request header, cookie or query argument by name; NULL if absent. */
const char *srv_request_header(const srv_request *req, const char *name);
const char *srv_request_cookie(const srv_request *req, const char *name);
const char *srv_request_query(const srv_request *req, const char *name);

/* The declared Content-Length, or -1 when absent or unreadable. */
long long srv_request_content_length(const srv_request *req);

/* 1 for methods that change state (anything but GET, HEAD and OPTIONS). */
int srv_method_changes_state(const char *method);

/* Monotonic seconds. */
double srv_now(void);

#endif
