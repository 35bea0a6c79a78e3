/* session_cache.c - a bounded, thread-safe cache of live sessions by their raw token, so that
 * a request with a known cookie needs neither the token's hash nor the database (auth.h).
 *
 * The table is set-associative: a token's hash picks a set of WAYS slots; a new entry takes
 * the slot of the same token, else an empty or outdated one, else the one cached longest ago.
 * Tokens are compared in constant time (klar_token_equal). An entry is trusted for ttl seconds
 * after it was read from the store, and never once its session has expired.
 *
 * A logout races with requests of the same session: one may have read the session from the
 * store just before the logout deleted it and put it into the cache just after the logout
 * forgot it. So every forget bumps a counter (the epoch), a lookup notes the epoch before it
 * reads the store, and its result is cached only if no forget came in between. */
#include "klar/auth.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WAYS 4
#define DEFAULT_CAPACITY 4096

typedef struct entry {
    int used;
    double cached_at;            /* the cache's clock when read from the store */
    char token[KLAR_TOKEN_SIZE];
    klar_session session;
} entry;

struct klar_session_cache {
    pthread_mutex_t lock;
    size_t nsets;
    entry *slots;                /* nsets * WAYS */
    double ttl;
    unsigned long long epoch;    /* forgets so far */
    double (*clock)(void *ctx);
    void *clock_ctx;
};

static double monotonic_seconds(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

klar_session_cache *klar_session_cache_new(const klar_session_cache_config *cfg)
{
    klar_session_cache_config c = {0};
    if (cfg)
        c = *cfg;
    size_t capacity = c.capacity ? c.capacity : DEFAULT_CAPACITY;
    klar_session_cache *sc = calloc(1, sizeof *sc);
    if (!sc)
        return NULL;
    sc->nsets = (capacity + WAYS - 1) / WAYS;
    sc->slots = calloc(sc->nsets * WAYS, sizeof *sc->slots);
    if (!sc->slots) {
        free(sc);
        return NULL;
    }
    sc->ttl = c.ttl_seconds > 0 ? c.ttl_seconds : KLAR_SESSION_CACHE_TTL;
    sc->clock = c.clock ? c.clock : monotonic_seconds;
    sc->clock_ctx = c.clock_ctx;
    pthread_mutex_init(&sc->lock, NULL);
    return sc;
}

void klar_session_cache_free(klar_session_cache *sc)
{
    if (!sc)
        return;
    pthread_mutex_destroy(&sc->lock);
    free(sc->slots);
    free(sc);
}

/* The first slot of token's set (FNV-1a of the token). */
static entry *set_of(const klar_session_cache *sc, const char *token)
{
    unsigned long long h = 14695981039346656037ull;
    for (const unsigned char *p = (const unsigned char *)token; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return sc->slots + (size_t)(h % sc->nsets) * WAYS;
}

/* The slot holding token in set, or NULL. */
static entry *find(entry *set, const char *token)
{
    for (int i = 0; i < WAYS; i++)
        if (set[i].used && klar_token_equal(set[i].token, token))
            return &set[i];
    return NULL;
}

/* 1 if e was read from the store more than ttl ago at clock time t (or the clock went back). */
static int outdated(const klar_session_cache *sc, const entry *e, double t)
{
    return t - e->cached_at >= sc->ttl || t < e->cached_at;
}

/* 1 if e may still be served at clock time t and wall time now (seconds since 1970). */
static int fresh(const klar_session_cache *sc, const entry *e, double t, int64_t now)
{
    return !outdated(sc, e, t) && e->session.expires_at > now &&
           (!e->session.idle_expires_at || e->session.idle_expires_at > now);
}

/* 1 with *out if token is cached and fresh (a stale entry is dropped), else 0. */
static int cache_get(klar_session_cache *sc, const char *token, int64_t now, klar_session *out,
                     unsigned long long *epoch)
{
    int hit = 0;
    pthread_mutex_lock(&sc->lock);
    double t = sc->clock(sc->clock_ctx);
    entry *e = find(set_of(sc, token), token);
    if (e && fresh(sc, e, t, now)) {
        *out = e->session;
        hit = 1;
    } else if (e) {
        e->used = 0;
    }
    *epoch = sc->epoch;
    pthread_mutex_unlock(&sc->lock);
    return hit;
}

/* The slot a new entry for token takes in set. */
static entry *victim(klar_session_cache *sc, entry *set, const char *token, double t)
{
    entry *e = find(set, token);
    for (int i = 0; !e && i < WAYS; i++)
        if (!set[i].used || outdated(sc, &set[i], t))
            e = &set[i];
    if (e)
        return e;
    e = &set[0];
    for (int i = 1; i < WAYS; i++)
        if (set[i].cached_at < e->cached_at)
            e = &set[i];
    return e;
}

/* Caches session s of token unless a forget came after epoch. */
static void cache_put(klar_session_cache *sc, const char *token, const klar_session *s,
                      unsigned long long epoch)
{
    pthread_mutex_lock(&sc->lock);
    if (sc->epoch == epoch) {
        double t = sc->clock(sc->clock_ctx);
        entry *e = victim(sc, set_of(sc, token), token, t);
        e->used = 1;
        e->cached_at = t;
        memcpy(e->token, token, KLAR_TOKEN_SIZE);
        e->session = *s;
    }
    pthread_mutex_unlock(&sc->lock);
}

int klar_session_cache_lookup_at(klar_session_cache *sc, klar_store *s, const char *token,
                                 int64_t now, klar_session *out, klar_error *err)
{
    if (!token || strlen(token) != KLAR_TOKEN_HEX)
        return 0;
    unsigned long long epoch;
    if (cache_get(sc, token, now, out, &epoch))
        return 1;
    int found = klar_session_lookup_at(s, token, now, out, err);
    if (found == 1)
        cache_put(sc, token, out, epoch);
    return found;
}

int klar_session_cache_lookup(klar_session_cache *sc, klar_store *s, const char *token,
                              klar_session *out, klar_error *err)
{
    return klar_session_cache_lookup_at(sc, s, token, (int64_t)time(NULL), out, err);
}

void klar_session_cache_forget(klar_session_cache *sc, const char *token)
{
    if (!token || strlen(token) != KLAR_TOKEN_HEX)
        return;
    pthread_mutex_lock(&sc->lock);
    entry *e = find(set_of(sc, token), token);
    if (e)
        e->used = 0;
    sc->epoch++;
    pthread_mutex_unlock(&sc->lock);
}

void klar_session_cache_forget_user(klar_session_cache *sc, int64_t user_id)
{
    pthread_mutex_lock(&sc->lock);
    for (size_t i = 0; i < sc->nsets * WAYS; i++)
        if (sc->slots[i].used && sc->slots[i].session.user.id == user_id)
            sc->slots[i].used = 0;
    sc->epoch++;
    pthread_mutex_unlock(&sc->lock);
}
