/* app.h - what every request of one running server shares: the store connections, the
 * organisation tree, the session cache, the login rate limiter, the metrics and the limits
 * (of requests, logins and engine runs).
 * Owned by server.c; handlers only read the pointers. */
#ifndef KLAR_SERVER_APP_H
#define KLAR_SERVER_APP_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "klar/auth.h"
#include "klar/registry.h"
#include "metrics.h"
#include "pool.h"

typedef struct srv_app {
    srv_pool *pool;               /* borrowed from the caller of srv_start */
    klar_org_tree *orgs;          /* owned; loaded at start, read-only (shared by all workers):
                                     organisations added later are seen after a restart */
    klar_session_cache *sessions; /* owned; live sessions by cookie token (auth.h) */
    klar_ratelimit *ratelimit;    /* owned */
    srv_metrics *metrics;         /* owned */
    struct srv_runqueue *runs;    /* owned; the engine runs' queue (runqueue.h) */
    atomic_int runs_open;         /* requests with a queued run, until they complete */
    size_t body_limit;            /* bytes; larger request bodies get 413 */
    klar_session_limits session;  /* how long a login lasts: absolute and idle */
    int cookie_secure;            /* 1: the session cookie is Secure (served behind TLS) */
    char trusted_proxy[64];       /* client address of a reverse proxy whose X-Forwarded-For
                                     is believed, or "" */
    int metrics_public;           /* 1: /metrics answers every client, 0: loopback only */
    int read_only;                /* 1: the registry is served read-only (changes get 503) */
    char web_dir[256];            /* serve the web app from this directory, or "": embedded */
    double run_seconds;           /* wall time an engine run may take */
    size_t run_bytes;             /* memory an engine run's Monte Carlo runs may hold */
} srv_app;

#endif
