/* pool.c - the store connection pool: n connections opened at start, a free stack guarded by
 * a mutex, and a condition variable for borrowers that find it empty. */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>

#define POOL_MAX 64

struct srv_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    int n;                        /* connections opened */
    int nfree;                    /* free[0..nfree) are idle */
    klar_store *all[POOL_MAX];
    klar_store *free[POOL_MAX];
};

srv_pool *srv_pool_open(const char *url, int n, const klar_store_options *o, klar_error *err)
{
    if (n < 1 || n > POOL_MAX) {
        klar_error_set(err, NULL, 0, "connection pool size %d is outside 1..%d", n, POOL_MAX);
        return NULL;
    }
    srv_pool *p = calloc(1, sizeof *p);
    if (!p) {
        klar_error_set(err, NULL, 0, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    for (int i = 0; i < n; i++) {
        klar_store *s = klar_store_open_with(url, o, err);
        if (!s) {
            srv_pool_close(p);
            return NULL;
        }
        p->all[p->n++] = s;
        p->free[p->nfree++] = s;
    }
    return p;
}

void srv_pool_close(srv_pool *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->n; i++)
        klar_store_close(p->all[i]);
    pthread_cond_destroy(&p->freed);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

klar_store *srv_pool_acquire(srv_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->nfree == 0)
        pthread_cond_wait(&p->freed, &p->lock);
    klar_store *s = p->free[--p->nfree];
    pthread_mutex_unlock(&p->lock);
    return s;
}

void srv_pool_release(srv_pool *p, klar_store *s)
{
    if (!s)
        return;
    if (klar_store_in_transaction(s))
        klar_store_rollback(s);
    pthread_mutex_lock(&p->lock);
    p->free[p->nfree++] = s;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}
