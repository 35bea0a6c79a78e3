/* ratelimit.c - the in-memory login rate limiter: failures counted per client address and per
 * address and user name, each key with a growing delay once its free failures are used up
 * (auth.h). A small table scanned linearly (logins are rare and each costs an argon2 hash, far
 * more than the scan); one mutex guards it. */
#include "klar/auth.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KEY_SIZE 192

/* One address ("a:ADDRESS") or address and name ("p:ADDRESS NAME"); longer keys are cut,
 * which can only join two names' counts, never part them. */
typedef struct entry {
    char key[KEY_SIZE];
    int failures;
    double last_failure;
    double blocked_until;    /* tries are refused while the clock is below this */
    double last_seen;
} entry;

struct klar_ratelimit {
    klar_ratelimit_config cfg;
    pthread_mutex_t lock;
    entry *entries;
    size_t n;
};

static double monotonic_seconds(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

klar_ratelimit_config klar_ratelimit_defaults(void)
{
    klar_ratelimit_config c = {3, 10, 900.0, 900.0, 4096, monotonic_seconds, NULL};
    return c;
}

/* cfg with every zero field replaced by its default. */
static klar_ratelimit_config complete_config(const klar_ratelimit_config *cfg)
{
    klar_ratelimit_config d = klar_ratelimit_defaults();
    if (!cfg)
        return d;
    klar_ratelimit_config c = *cfg;
    if (c.free_per_pair <= 0)
        c.free_per_pair = d.free_per_pair;
    if (c.free_per_address <= 0)
        c.free_per_address = d.free_per_address;
    if (c.max_delay_seconds <= 0)
        c.max_delay_seconds = d.max_delay_seconds;
    if (c.forget_seconds <= 0)
        c.forget_seconds = d.forget_seconds;
    if (c.capacity == 0)
        c.capacity = d.capacity;
    if (!c.clock) {
        c.clock = d.clock;
        c.clock_ctx = NULL;
    }
    return c;
}

klar_ratelimit *klar_ratelimit_new(const klar_ratelimit_config *cfg)
{
    klar_ratelimit *rl = calloc(1, sizeof *rl);
    if (!rl)
        return NULL;
    rl->cfg = complete_config(cfg);
    rl->entries = calloc(rl->cfg.capacity, sizeof *rl->entries);
    if (!rl->entries || pthread_mutex_init(&rl->lock, NULL) != 0) {
        free(rl->entries);
        free(rl);
        return NULL;
    }
    return rl;
}

void klar_ratelimit_free(klar_ratelimit *rl)
{
    if (!rl)
        return;
    pthread_mutex_destroy(&rl->lock);
    free(rl->entries);
    free(rl);
}

/* The key of address alone (name NULL) or of address and name. */
static void make_key(char key[KEY_SIZE], const char *address, const char *name)
{
    if (name)
        snprintf(key, KEY_SIZE, "p:%s %s", address, name);
    else
        snprintf(key, KEY_SIZE, "a:%s", address);
}

static entry *find_entry(klar_ratelimit *rl, const char *key)
{
    for (size_t i = 0; i < rl->n; i++)
        if (strcmp(rl->entries[i].key, key) == 0)
            return &rl->entries[i];
    return NULL;
}

/* The entry of key, made if absent; when the table is full the entry seen longest ago is
 * reused. */
static entry *get_entry(klar_ratelimit *rl, const char *key, double now)
{
    entry *e = find_entry(rl, key);
    if (e)
        return e;
    if (rl->n < rl->cfg.capacity) {
        e = &rl->entries[rl->n++];
    } else {
        e = &rl->entries[0];
        for (size_t i = 1; i < rl->n; i++)
            if (rl->entries[i].last_seen < e->last_seen)
                e = &rl->entries[i];
    }
    memset(e, 0, sizeof *e);
    snprintf(e->key, sizeof e->key, "%s", key);
    e->last_failure = now;
    return e;
}

/* Seconds the key of address (and name) must still wait at now; 0 for none. */
static double key_wait(klar_ratelimit *rl, const char *address, const char *name, double now)
{
    char key[KEY_SIZE];
    make_key(key, address, name);
    const entry *e = find_entry(rl, key);
    return e && e->blocked_until > now ? e->blocked_until - now : 0.0;
}

/* Counts a failure for the key; past free failures, blocks it for 1, 2, 4 ... seconds. */
static void key_failed(klar_ratelimit *rl, const char *address, const char *name, int free_tries,
                       double now)
{
    char key[KEY_SIZE];
    make_key(key, address, name);
    entry *e = get_entry(rl, key, now);
    if (now - e->last_failure >= rl->cfg.forget_seconds)
        e->failures = 0;                        /* quiet long enough: a fresh start */
    e->last_seen = e->last_failure = now;
    int over = ++e->failures - free_tries;
    if (over > 0) {
        double delay = over > 30 ? rl->cfg.max_delay_seconds : ldexp(1.0, over - 1);
        e->blocked_until = now + fmin(delay, rl->cfg.max_delay_seconds);
    }
}

double klar_ratelimit_wait(klar_ratelimit *rl, const char *name, const char *address)
{
    if (!address)
        return 0.0;
    pthread_mutex_lock(&rl->lock);
    double now = rl->cfg.clock(rl->cfg.clock_ctx);
    double wait = key_wait(rl, address, NULL, now);
    if (name)
        wait = fmax(wait, key_wait(rl, address, name, now));
    pthread_mutex_unlock(&rl->lock);
    return wait;
}

void klar_ratelimit_failure(klar_ratelimit *rl, const char *name, const char *address)
{
    if (!address)
        return;
    pthread_mutex_lock(&rl->lock);
    double now = rl->cfg.clock(rl->cfg.clock_ctx);
    key_failed(rl, address, NULL, rl->cfg.free_per_address, now);
    if (name)
        key_failed(rl, address, name, rl->cfg.free_per_pair, now);
    pthread_mutex_unlock(&rl->lock);
}

void klar_ratelimit_success(klar_ratelimit *rl, const char *name, const char *address)
{
    if (!name || !address)
        return;
    pthread_mutex_lock(&rl->lock);
    char key[KEY_SIZE];
    make_key(key, address, name);
    entry *e = find_entry(rl, key);
    if (e) {
        e->failures = 0;
        e->blocked_until = 0.0;
    }
    pthread_mutex_unlock(&rl->lock);
}
