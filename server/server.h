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
    int64_t session_ttl;              /* seconds a login lasts (0: 8 hours) */
} srv_config;

typedef struct srv_server srv_server;

/* Starts serving; the pool must outlive the server. NULL with err (e.g. the address is in use). */
srv_server *srv_start(const srv_config *cfg, srv_pool *pool, klar_error *err);

/* The port actually bound (useful with port 0). */
uint16_t srv_port(const srv_server *s);

/* Stops accepting, waits for the worker threads, frees everything. NULL is fine. */
void srv_stop(srv_server *s);

#endif
