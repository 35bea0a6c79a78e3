/* test_session_cache.c - the per-process session cache (klar_session_cache, auth.h) with an
 * injected clock on a temporary SQLite store: hits without the store within the TTL and not
 * after it, a session past its expiry never served, forget, the bound on its size, and
 * lookups and forgets from several threads at once. */
#include "test.h"

#include "klar/auth.h"
#include "klar/store.h"
#include "store_test_util.h"

#include <pthread.h>
#include <time.h>

static char dir[64];
static double fake_now;

static double fake_clock(void *ctx)
{
    (void)ctx;
    return fake_now;
}

/* A store at dir/name.db with one organisation and the user kari (its id into *user). */
static klar_store *open_with_user(const char *name, int64_t *user)
{
    char path[1024];
    klar_error err;
    snprintf(path, sizeof path, "%s/%s.db", dir, name);
    klar_store *s = klar_store_open(path, &err);
    const char *org[4] = {"helse-vest", "Helse Vest RHF", "rhf", NULL};
    klar_user u;
    if (!s || klar_store_exec(s, "INSERT INTO organisations (id, name, type, parent_id) VALUES "
                                 "(?1, ?2, ?3, ?4)", org, 4, &err) != 0 ||
        klar_user_add(s, "kari", "helse-vest", KLAR_ROLE_PLANNER, "hemmelig passord", &err) != 0 ||
        klar_user_find(s, "kari", &u, &err) != 1) {
        fprintf(stderr, "%s\n", err.message);
        klar_store_close(s);
        return NULL;
    }
    *user = u.id;
    return s;
}

static void test_hit_ttl_and_forget(void)
{
    int64_t user;
    klar_store *s = open_with_user("ttl", &user);
    CHECK(s != NULL);
    if (!s)
        return;
    klar_session_cache_config cfg = {0, 30.0, fake_clock, NULL};
    klar_session_cache *c = klar_session_cache_new(&cfg);
    klar_error err;
    char token[KLAR_TOKEN_SIZE], csrf[KLAR_TOKEN_SIZE];
    klar_session a, b;
    fake_now = 100.0;
    CHECK(klar_session_create(s, user, &(klar_session_limits){3600, 0}, token, csrf, &err) == 0);
    CHECK(klar_session_cache_lookup(c, s, token, &a, &err) == 1);         /* from the store */
    CHECK(strcmp(a.user.name, "kari") == 0 && klar_token_equal(a.csrf_token, csrf));
    /* deleted behind the cache's back (another process): still served within the TTL */
    CHECK(klar_session_delete(s, token, &err) == 0);
    fake_now += 29.0;
    CHECK(klar_session_cache_lookup(c, s, token, &b, &err) == 1);
    CHECK(b.user.id == a.user.id && b.expires_at == a.expires_at &&
          strcmp(b.user.org_id, "helse-vest") == 0 && b.user.role == KLAR_ROLE_PLANNER);
    fake_now += 1.0;                                                      /* the TTL is over */
    CHECK(klar_session_cache_lookup(c, s, token, &b, &err) == 0);
    /* a logout through this process: forgotten at once */
    CHECK(klar_session_create(s, user, &(klar_session_limits){3600, 0}, token, csrf, &err) == 0);
    CHECK(klar_session_cache_lookup(c, s, token, &a, &err) == 1);
    CHECK(klar_session_delete(s, token, &err) == 0);
    klar_session_cache_forget(c, token);
    CHECK(klar_session_cache_lookup(c, s, token, &b, &err) == 0);
    /* what cannot be a token never reaches the store */
    CHECK(klar_session_cache_lookup(c, s, "short", &b, &err) == 0);
    CHECK(klar_session_cache_lookup(c, s, NULL, &b, &err) == 0);
    klar_session_cache_forget(c, NULL);
    klar_session_cache_free(c);
    klar_session_cache_free(NULL);
    klar_store_close(s);
}

static void test_never_expired(void)
{
    int64_t user;
    klar_store *s = open_with_user("expiry", &user);
    CHECK(s != NULL);
    if (!s)
        return;
    klar_session_cache_config cfg = {0, 30.0, fake_clock, NULL};
    klar_session_cache *c = klar_session_cache_new(&cfg);
    klar_error err;
    char token[KLAR_TOKEN_SIZE], csrf[KLAR_TOKEN_SIZE];
    klar_session a;
    fake_now = 5.0;
    int64_t now = (int64_t)time(NULL);
    CHECK(klar_session_create(s, user, &(klar_session_limits){100, 0}, token, csrf, &err) == 0);
    CHECK(klar_session_cache_lookup_at(c, s, token, now, &a, &err) == 1);
    int64_t expires = a.expires_at;
    CHECK(klar_session_cache_lookup_at(c, s, token, expires - 1, &a, &err) == 1);
    /* the cache entry is fresh (the clock has not moved), but the session has expired */
    CHECK(klar_session_cache_lookup_at(c, s, token, expires, &a, &err) == 0);
    CHECK(klar_session_cache_lookup_at(c, s, token, expires + 1000, &a, &err) == 0);
    klar_session_cache_free(c);
    klar_store_close(s);
}

static void test_bounded(void)
{
    int64_t user;
    klar_store *s = open_with_user("bounded", &user);
    CHECK(s != NULL);
    if (!s)
        return;
    klar_session_cache_config cfg = {8, 30.0, fake_clock, NULL};
    klar_session_cache *c = klar_session_cache_new(&cfg);
    klar_error err;
    enum { N = 40 };
    char tokens[N][KLAR_TOKEN_SIZE], csrf[KLAR_TOKEN_SIZE];
    klar_session a;
    int found = 0;
    fake_now = 0.0;
    for (int i = 0; i < N; i++) {
        fake_now += 0.01;
        CHECK(klar_session_create(s, user, &(klar_session_limits){3600, 0}, tokens[i], csrf, &err) == 0);
        found += klar_session_cache_lookup(c, s, tokens[i], &a, &err) == 1;
    }
    CHECK(found == N);
    /* with the sessions gone from the store, only those the cache kept still answer */
    CHECK(klar_session_purge(s, INT64_C(4102444800), &err) == N);
    int kept = 0;
    for (int i = 0; i < N; i++)
        kept += klar_session_cache_lookup(c, s, tokens[i], &a, &err) == 1;
    CHECK(kept >= 1 && kept <= 8);
    CHECK(klar_session_cache_lookup(c, s, tokens[N - 1], &a, &err) == 1);   /* the newest */
    klar_session_cache_free(c);
    klar_store_close(s);
}

/* Several threads, each with its own connection, looking sessions up and forgetting them. */
typedef struct worker {
    klar_session_cache *cache;
    char path[1024];
    char (*tokens)[KLAR_TOKEN_SIZE];
    int ntokens, failures;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    klar_error err;
    klar_store *s = klar_store_open(w->path, &err);
    if (!s) {
        w->failures++;
        return NULL;
    }
    klar_session a;
    for (int i = 0; i < 400; i++) {
        const char *token = w->tokens[i % w->ntokens];
        if (i % 7 == 0)
            klar_session_cache_forget(w->cache, token);
        if (klar_session_cache_lookup(w->cache, s, token, &a, &err) != 1 ||
            strcmp(a.user.name, "kari") != 0)
            w->failures++;
    }
    klar_store_close(s);
    return NULL;
}

static void test_threads(void)
{
    int64_t user;
    klar_store *s = open_with_user("threads", &user);
    CHECK(s != NULL);
    if (!s)
        return;
    klar_session_cache_config cfg = {16, 30.0, NULL, NULL};   /* the real clock */
    klar_session_cache *c = klar_session_cache_new(&cfg);
    klar_error err;
    char tokens[5][KLAR_TOKEN_SIZE], csrf[KLAR_TOKEN_SIZE];
    for (int i = 0; i < 5; i++)
        CHECK(klar_session_create(s, user, &(klar_session_limits){3600, 0}, tokens[i], csrf, &err) == 0);
    enum { NT = 4 };
    worker w[NT];
    pthread_t th[NT];
    for (int i = 0; i < NT; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].cache = c;
        w[i].tokens = tokens;
        w[i].ntokens = 5;
        snprintf(w[i].path, sizeof w[i].path, "%s/threads.db", dir);
        CHECK(pthread_create(&th[i], NULL, work, &w[i]) == 0);
    }
    for (int i = 0; i < NT; i++) {
        pthread_join(th[i], NULL);
        CHECK(w[i].failures == 0);
    }
    klar_session_cache_free(c);
    klar_store_close(s);
}

int main(void)
{
    if (tmpdir_make(dir, sizeof dir) < 0) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_hit_ttl_and_forget);
    RUN(test_never_expired);
    RUN(test_bounded);
    RUN(test_threads);
    tmpdir_remove(dir);
    return test_finish();
}
