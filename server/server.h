/* server.h - the HTTP server of the preparedness registry (libmicrohttpd): starts a daemon
 * with a pool of worker threads on an address, answers through the routing table (routes.c),
 * and stops. The caller owns the store connection pool; use one connection per thread. */
#ifndef KLAR_SERVER_SERVER_H
#define KLAR_SERVER_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "klar/error.h"
#include "pool.h"

typedef struct srv_config {
    const struct sockaddr *address;   /* where to listen (IPv4 or IPv6; port 0: any free port) */
    socklen_t address_len;
    unsigned threads;                 /* worker threads, 1..64; the pool needs as many connections */
    size_t body_limit;                /* largest request body in bytes (0: 1 MiB) */
    int64_t session_ttl;              /* seconds a login lasts at most (0: 8 hours) */
    int64_t session_idle;             /* seconds a login lasts unused (0: 30 minutes) */
    int cookie_secure;                /* 1: Secure session cookie (behind TLS) */
    const char *trusted_proxy;        /* address whose X-Forwarded-For is believed, or NULL */
    unsigned max_connections;         /* open connections at once (0: SRV_DEFAULT_CONNECTIONS) */
    unsigned max_per_address;         /* of them from one client address (0: the default) */
    unsigned timeout_seconds;         /* an idle connection is closed after (0: the default) */
    int metrics_public;               /* 1: /metrics for every client; 0: loopback only */
    int read_only;                    /* 1: the pool is read-only; changes are refused (503) */
    unsigned run_max_seconds;         /* wall time of one engine run (0: the default) */
    unsigned run_max_mib;             /* memory of one engine run's Monte Carlo runs (0: default) */
    unsigned run_queue;               /* engine runs waiting at most (0: the default) */
    const char *web_dir;              /* the web app from this directory (NULL: embedded) */
} srv_config;

#define SRV_DEFAULT_CONNECTIONS 1000
#define SRV_DEFAULT_PER_ADDRESS 32
#define SRV_DEFAULT_TIMEOUT 30
#define SRV_DEFAULT_SESSION_TTL (8 * 3600)
#define SRV_DEFAULT_SESSION_IDLE (30 * 60)
#define SRV_DEFAULT_RUN_SECONDS 30
#define SRV_DEFAULT_RUN_MIB 512
#define SRV_DEFAULT_RUN_QUEUE 16
#define SRV_RUNS_PER_USER 2               /* engine runs of one user waiting or running */

typedef struct srv_server srv_server;

/* Starts serving; the pool must outlive the server. NULL with err (e.g. the address is in use). */
srv_server *srv_start(const srv_config *cfg, srv_pool *pool, klar_error *err);

/* The port actually bound (useful with port 0). */
uint16_t srv_port(const srv_server *s);

/* Stops accepting, waits for the worker threads, frees everything. NULL is fine. */
void srv_stop(srv_server *s);

#endif
