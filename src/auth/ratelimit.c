/* ratelimit.c - the in-memory login rate limiter: failures counted per user name and per client
 * address in a fixed window, then a lockout. A small table scanned linearly (logins are rare
 * and each costs an argon2 hash, far more than the scan); one mutex guards it. */
#include "klar/auth.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KEY_SIZE 128

/* One name or address: "n:NAME" or "a:ADDRESS" (longer keys are cut; harmless). */
typedef struct entry {
    char key[KEY_SIZE];
    int failures;            /* in the window that started at window_start */
    double window_start;
    double locked_until;     /* refused while the clock is below this */
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
    klar_ratelimit_config c = {5, 20, 900.0, 900.0, 4096, monotonic_seconds, NULL};
    return c;
}

/* cfg with every zero field replaced by its default. */
static klar_ratelimit_config complete_config(const klar_ratelimit_config *cfg)
{
    klar_ratelimit_config d = klar_ratelimit_defaults();
    if (!cfg)
        return d;
    klar_ratelimit_config c = *cfg;
    if (c.max_per_name <= 0)
        c.max_per_name = d.max_per_name;
    if (c.max_per_address <= 0)
        c.max_per_address = d.max_per_address;
    if (c.window_seconds <= 0)
        c.window_seconds = d.window_seconds;
    if (c.lockout_seconds <= 0)
        c.lockout_seconds = d.lockout_seconds;
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

static void make_key(char key[KEY_SIZE], char kind, const char *value)
{
    key[0] = kind;
    key[1] = ':';
    size_t n = strnlen(value, KEY_SIZE - 3);
    memcpy(key + 2, value, n);
    key[2 + n] = '\0';
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
    memcpy(e->key, key, strlen(key) + 1);
    e->window_start = now;
    return e;
}

static int key_allowed(klar_ratelimit *rl, char kind, const char *value, double now)
{
    if (!value)
        return 1;
    char key[KEY_SIZE];
    make_key(key, kind, value);
    const entry *e = find_entry(rl, key);
    return !e || e->locked_until <= now;
}

static void key_failed(klar_ratelimit *rl, char kind, const char *value, int max, double now)
{
    if (!value)
        return;
    char key[KEY_SIZE];
    make_key(key, kind, value);
    entry *e = get_entry(rl, key, now);
    e->last_seen = now;
    if (now - e->window_start >= rl->cfg.window_seconds) {
        e->failures = 0;
        e->window_start = now;
    }
    if (++e->failures >= max) {
        e->locked_until = now + rl->cfg.lockout_seconds;
        e->failures = 0;
        e->window_start = e->locked_until;
    }
}

int klar_ratelimit_allow(klar_ratelimit *rl, const char *name, const char *address)
{
    pthread_mutex_lock(&rl->lock);
    double now = rl->cfg.clock(rl->cfg.clock_ctx);
    int ok = key_allowed(rl, 'n', name, now) && key_allowed(rl, 'a', address, now);
    pthread_mutex_unlock(&rl->lock);
    return ok;
}

void klar_ratelimit_failure(klar_ratelimit *rl, const char *name, const char *address)
{
    pthread_mutex_lock(&rl->lock);
    double now = rl->cfg.clock(rl->cfg.clock_ctx);
    key_failed(rl, 'n', name, rl->cfg.max_per_name, now);
    key_failed(rl, 'a', address, rl->cfg.max_per_address, now);
    pthread_mutex_unlock(&rl->lock);
}

void klar_ratelimit_success(klar_ratelimit *rl, const char *name)
{
    if (!name)
        return;
    pthread_mutex_lock(&rl->lock);
    char key[KEY_SIZE];
    make_key(key, 'n', name);
    entry *e = find_entry(rl, key);
    if (e) {
        e->failures = 0;
        e->window_start = rl->cfg.clock(rl->cfg.clock_ctx);
    }
    pthread_mutex_unlock(&rl->lock);
}
