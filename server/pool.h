/* pool.h - a fixed set of klar_store connections shared by the server's worker threads. A
 * klar_store is one connection for one thread at a time (store.h): a request borrows one for
 * as long as its handler runs and gives it back; when all are lent, the borrower waits. */
#ifndef KLAR_SERVER_POOL_H
#define KLAR_SERVER_POOL_H

#include "klar/error.h"
#include "klar/store.h"

typedef struct srv_pool srv_pool;

/* Opens n (1..64) connections to url with options o (NULL: the defaults); the first applies
 * the migrations. NULL with err. */
srv_pool *srv_pool_open(const char *url, int n, const klar_store_options *o, klar_error *err);

/* Closes every connection. All borrowed connections must have been given back. NULL is fine. */
void srv_pool_close(srv_pool *p);

/* Borrows a connection, waiting until one is free. Never NULL. */
klar_store *srv_pool_acquire(srv_pool *p);

/* Gives back a connection from srv_pool_acquire (rolling back a transaction left open). */
void srv_pool_release(srv_pool *p, klar_store *s);

#endif
