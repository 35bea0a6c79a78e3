/* test_auth.c - authentication: argon2id password hashes, tokens and their stored hash, the role
 * matrix, the login rate limiter (with an injected clock), timestamps, and on a temporary SQLite
 * store: adding users, authenticating, organisation scoping and sessions. */
#include "test.h"

#include "klar/auth.h"
#include "klar/registry.h"
#include "klar/store.h"
#include "store_test_util.h"

#include <time.h>

static void test_password_round_trip(void)
{
    char hash[KLAR_PASSWORD_HASH_SIZE];
    klar_error err;
    CHECK(klar_password_hash("correct horse", hash, sizeof hash, &err) == 0);
    CHECK(test_starts_with(hash, "$argon2id$v=19$m=19456,t=2,p=1$"));
    CHECK(klar_password_verify(hash, "correct horse", &err) == 1);
    CHECK(klar_password_verify(hash, "correct horsE", &err) == 0);
    CHECK(klar_password_verify(hash, "", &err) == 0);
    CHECK(klar_password_verify("$argon2id$garbage", "correct horse", &err) == -1);
}

static void test_password_salted_and_limited(void)
{
    char a[KLAR_PASSWORD_HASH_SIZE], b[KLAR_PASSWORD_HASH_SIZE];
    klar_error err;
    CHECK(klar_password_hash("same password", a, sizeof a, &err) == 0);
    CHECK(klar_password_hash("same password", b, sizeof b, &err) == 0);
    CHECK(strcmp(a, b) != 0);
    CHECK(klar_password_hash("", a, sizeof a, &err) == -1);
    CHECK(test_contains(err.message, "1 to 1024 bytes"));
    static char longpw[KLAR_PASSWORD_MAX + 2];
    memset(longpw, 'x', KLAR_PASSWORD_MAX + 1);
    CHECK(klar_password_hash(longpw, a, sizeof a, &err) == -1);
    longpw[KLAR_PASSWORD_MAX] = '\0';
    CHECK(klar_password_hash(longpw, a, sizeof a, &err) == 0);
    CHECK(klar_password_verify(a, longpw, &err) == 1);
    char tiny[16];
    CHECK(klar_password_hash("fits nowhere", tiny, sizeof tiny, &err) == -1);
}

static int is_hex64(const char *s)
{
    if (strlen(s) != KLAR_TOKEN_HEX)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

static void test_tokens(void)
{
    char a[KLAR_TOKEN_SIZE], b[KLAR_TOKEN_SIZE], ha[KLAR_TOKEN_SIZE], ha2[KLAR_TOKEN_SIZE],
        hb[KLAR_TOKEN_SIZE];
    klar_error err;
    CHECK(klar_token_new(a, &err) == 0 && klar_token_new(b, &err) == 0);
    CHECK(is_hex64(a) && is_hex64(b));
    CHECK(strcmp(a, b) != 0);
    CHECK(klar_token_hash(a, ha, &err) == 0 && klar_token_hash(a, ha2, &err) == 0);
    CHECK(klar_token_hash(b, hb, &err) == 0);
    CHECK(is_hex64(ha) && strcmp(ha, ha2) == 0 && strcmp(ha, hb) != 0 && strcmp(ha, a) != 0);
    CHECK(klar_token_hash("", ha, &err) == -1);
    CHECK(klar_token_equal(a, a) && !klar_token_equal(a, b));
    CHECK(!klar_token_equal(a, NULL) && !klar_token_equal("abc", "abcd"));
    CHECK(klar_token_equal("", ""));
}

static void test_role_matrix(void)
{
    /* rows: viewer, contributor, planner, admin; columns: read, contribute, plan, administer */
    static const int want[KLAR_NROLES][KLAR_NACTIONS] = {
        {1, 0, 0, 0}, {1, 1, 0, 0}, {1, 1, 1, 0}, {1, 1, 1, 1}};
    for (int r = 0; r < KLAR_NROLES; r++)
        for (int a = 0; a < KLAR_NACTIONS; a++)
            CHECK(klar_role_may((klar_role)r, (klar_action)a) == want[r][a]);
    CHECK(klar_role_may((klar_role)7, KLAR_ACTION_READ) == 0);
    CHECK(klar_role_may(KLAR_ROLE_ADMIN, (klar_action)-1) == 0);
    klar_role role;
    static const char *const ids[] = {"viewer", "contributor", "planner", "admin"};
    for (int r = 0; r < KLAR_NROLES; r++) {
        CHECK(klar_role_parse(ids[r], &role) == 0 && role == (klar_role)r);
        CHECK(strcmp(klar_role_id((klar_role)r), ids[r]) == 0);
    }
    CHECK(klar_role_parse("Admin", &role) == -1 && klar_role_parse("root", &role) == -1);
    CHECK(klar_role_parse(NULL, &role) == -1 && klar_role_id((klar_role)4) == NULL);
}

static double fake_now;
static double fake_clock(void *ctx)
{
    (void)ctx;
    return fake_now;
}

/* A guesser at one address is slowed with growing delays; the user it aims at is not. */
static void test_ratelimit_slows_the_guesser(void)
{
    klar_ratelimit_config cfg = {3, 10, 900.0, 600.0, 0, fake_clock, NULL};
    klar_ratelimit *rl = klar_ratelimit_new(&cfg);
    fake_now = 1000.0;
    for (int i = 0; i < 3; i++) {                             /* three free failures */
        CHECK(klar_ratelimit_wait(rl, "anna", "10.0.0.1") == 0.0);
        klar_ratelimit_failure(rl, "anna", "10.0.0.1");
    }
    CHECK_NEAR(klar_ratelimit_wait(rl, "anna", "10.0.0.1"), 0.0, 0.0);
    klar_ratelimit_failure(rl, "anna", "10.0.0.1");           /* the fourth: wait 1 s */
    CHECK_NEAR(klar_ratelimit_wait(rl, "anna", "10.0.0.1"), 1.0, 1e-9);
    klar_ratelimit_failure(rl, "anna", "10.0.0.1");           /* then 2, 4 */
    CHECK_NEAR(klar_ratelimit_wait(rl, "anna", "10.0.0.1"), 2.0, 1e-9);
    klar_ratelimit_failure(rl, "anna", "10.0.0.1");
    CHECK_NEAR(klar_ratelimit_wait(rl, "anna", "10.0.0.1"), 4.0, 1e-9);
    CHECK(klar_ratelimit_wait(rl, "anna", "10.0.0.2") == 0.0);   /* anna elsewhere: free */
    CHECK(klar_ratelimit_wait(rl, "ola", "10.0.0.1") == 0.0);    /* address below 10 */
    fake_now += 4.0;
    CHECK(klar_ratelimit_wait(rl, "anna", "10.0.0.1") == 0.0);   /* the delay has passed */
    for (int i = 0; i < 20; i++)                              /* the delay is capped */
        klar_ratelimit_failure(rl, "anna", "10.0.0.1");
    CHECK_NEAR(klar_ratelimit_wait(rl, "anna", "10.0.0.1"), 900.0, 1e-9);
    CHECK(klar_ratelimit_wait(rl, "anna", "10.0.0.2") == 0.0);
    /* a success from the address frees the pair, not the address */
    klar_ratelimit_success(rl, "anna", "10.0.0.1");
    CHECK(klar_ratelimit_wait(rl, NULL, "10.0.0.1") > 0.0);   /* 26 failures from it */
    klar_ratelimit_free(rl);
}

static void test_ratelimit_address_and_forgetting(void)
{
    klar_ratelimit_config cfg = {3, 5, 900.0, 60.0, 0, fake_clock, NULL};
    klar_ratelimit *rl = klar_ratelimit_new(&cfg);
    fake_now = 0.0;
    /* one address guessing many names: slowed after its free failures, for every name */
    char name[16];
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof name, "user%d", i);
        CHECK(klar_ratelimit_wait(rl, name, "192.0.2.7") == 0.0);
        klar_ratelimit_failure(rl, name, "192.0.2.7");
    }
    CHECK(klar_ratelimit_wait(rl, "user9", "192.0.2.7") == 0.0);
    klar_ratelimit_failure(rl, "user9", "192.0.2.7");
    CHECK(klar_ratelimit_wait(rl, "user9", "192.0.2.7") > 0.0);
    CHECK(klar_ratelimit_wait(rl, NULL, "192.0.2.7") > 0.0);
    CHECK(klar_ratelimit_wait(rl, "user9", "192.0.2.8") == 0.0);
    /* quiet for forget_seconds: the count starts again */
    fake_now = 100.0;
    klar_ratelimit_failure(rl, "user1", "192.0.2.7");
    CHECK(klar_ratelimit_wait(rl, "user1", "192.0.2.7") == 0.0);
    CHECK(klar_ratelimit_wait(rl, "x", NULL) == 0.0);         /* no address: nothing known */
    klar_ratelimit_failure(rl, "x", NULL);
    klar_ratelimit_success(rl, NULL, "192.0.2.7");
    klar_ratelimit_free(rl);
}

static void test_ratelimit_bounded(void)
{
    klar_ratelimit_config cfg = {1, 1, 900.0, 300.0, 4, fake_clock, NULL};
    klar_ratelimit *rl = klar_ratelimit_new(&cfg);
    fake_now = 0.0;
    klar_ratelimit_failure(rl, NULL, "a");
    klar_ratelimit_failure(rl, NULL, "a");
    CHECK(klar_ratelimit_wait(rl, NULL, "a") > 0.0);
    char address[16];
    for (int i = 0; i < 4; i++) {                             /* pushes "a" out of the table */
        fake_now += 0.1;
        snprintf(address, sizeof address, "n%d", i);
        klar_ratelimit_failure(rl, NULL, address);
    }
    CHECK(klar_ratelimit_wait(rl, NULL, "a") == 0.0);
    klar_ratelimit_free(rl);
    rl = klar_ratelimit_new(NULL);                            /* defaults */
    CHECK(rl != NULL);
    CHECK(klar_ratelimit_wait(rl, "kari", "10.0.0.1") == 0.0);
    char longname[400];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    for (int i = 0; i < 5; i++)                               /* cut keys are harmless */
        klar_ratelimit_failure(rl, longname, "10.0.0.1");
    CHECK(klar_ratelimit_wait(rl, longname, "10.0.0.1") > 0.0);
    klar_ratelimit_free(rl);
    klar_ratelimit_free(NULL);
}

static void test_timestamps(void)
{
    char buf[KLAR_TIMESTAMP_SIZE];
    int64_t t;
    klar_store_format_time(0, buf);
    CHECK(strcmp(buf, "1970-01-01T00:00:00Z") == 0);
    klar_store_format_time(1709210096, buf);                   /* a leap day */
    CHECK(strcmp(buf, "2024-02-29T12:34:56Z") == 0);
    CHECK(klar_store_parse_time(buf, &t) == 0 && t == 1709210096);
    CHECK(klar_store_parse_time("2024-02-29 12:34:56", &t) == -1);
    CHECK(klar_store_parse_time("2024-13-01T00:00:00Z", &t) == -1);
    CHECK(klar_store_parse_time("2024-01-01T00:00:00Zx", &t) == -1);
    time_t now = time(NULL);
    klar_store_format_time((int64_t)now, buf);
    char want[32];
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
    CHECK(strcmp(buf, want) == 0);
}

/* ---- on a store ---- */

static char dir[64];

/* A fresh store for the test name (store_test_open: a new SQLite file, or the emptied
 * KLAR_TEST_PG database in a *_pg run) with three organisations: helse-vest > helse-bergen,
 * and helse-nord. */
static klar_store *open_store(const char *name)
{
    klar_error err;
    klar_store *s = store_test_open(dir, name);
    if (!s)
        return NULL;
    const char *sql = "INSERT INTO organisations (id, name, type, parent_id) VALUES (?1, ?2, ?3, ?4)";
    const char *rows[3][4] = {{"helse-vest", "Helse Vest RHF", "rhf", NULL},
                              {"helse-bergen", "Helse Bergen HF", "hf", "helse-vest"},
                              {"helse-nord", "Helse Nord RHF", "rhf", NULL}};
    for (int i = 0; i < 3; i++)
        if (klar_store_exec(s, sql, rows[i], 4, &err) != 0) {
            fprintf(stderr, "%s\n", err.message);
            klar_store_close(s);
            return NULL;
        }
    return s;
}

static void test_user_add(void)
{
    klar_store *s = open_store("user-add");
    CHECK(s != NULL);
    if (!s)
        return;
    klar_error err;
    CHECK(klar_user_add(s, "kari.nordmann", "helse-vest", KLAR_ROLE_PLANNER, "hemmelig passord", &err) == 0);
    CHECK(klar_user_add(s, "kari.nordmann", "helse-nord", KLAR_ROLE_VIEWER, "another password", &err) ==
          KLAR_AUTH_DUPLICATE);
    CHECK(test_contains(err.message, "already exists"));
    CHECK(klar_user_add(s, "ola", "helse-vst", KLAR_ROLE_VIEWER, "long enough", &err) == KLAR_AUTH_UNKNOWN_ORG);
    CHECK(test_contains(err.message, "unknown organisation 'helse-vst'"));
    CHECK(klar_user_add(s, "Ola", "helse-vest", KLAR_ROLE_VIEWER, "long enough", &err) == KLAR_AUTH_INVALID);
    CHECK(klar_user_add(s, "", "helse-vest", KLAR_ROLE_VIEWER, "long enough", &err) == KLAR_AUTH_INVALID);
    CHECK(klar_user_add(s, "ola", "helse-vest", (klar_role)9, "long enough", &err) == KLAR_AUTH_INVALID);
    CHECK(klar_user_add(s, "ola", "helse-vest", KLAR_ROLE_VIEWER, "short", &err) == KLAR_AUTH_INVALID);
    CHECK(test_contains(err.message, "password must be 8"));
    CHECK(klar_user_name_valid("a-b_c.9") && !klar_user_name_valid("a b") && !klar_user_name_valid("æ"));
    char name65[66];
    memset(name65, 'a', 65);
    name65[65] = '\0';
    CHECK(!klar_user_name_valid(name65) && klar_user_name_valid(name65 + 1));
    klar_user u;
    CHECK(klar_user_find(s, "kari.nordmann", &u, &err) == 1);
    CHECK(u.id > 0 && strcmp(u.org_id, "helse-vest") == 0 && u.role == KLAR_ROLE_PLANNER);
    CHECK(klar_user_find(s, "nobody", &u, &err) == 0);
    /* one audit row for the one user added: name, organisation and role, never the hash */
    size_t n;
    klar_audit_entry *a = klar_audit_list(s, &(klar_audit_filter){.entity = "user"}, &n, &err);
    CHECK(a && n == 1);
    if (a && n == 1) {
        CHECK(strcmp(a[0].action, "create") == 0 && strcmp(a[0].org_id, "helse-vest") == 0);
        CHECK(test_contains(a[0].after_json, "\"name\":\"kari.nordmann\""));
        CHECK(test_contains(a[0].after_json, "\"role\":\"planner\""));
        CHECK(!test_contains(a[0].after_json, "argon2"));
    }
    klar_audit_free(a, n);
    klar_store_close(s);
}

static void test_user_authenticate_and_scope(void)
{
    klar_store *s = open_store("authenticate");
    CHECK(s != NULL);
    if (!s)
        return;
    klar_error err;
    klar_user u;
    CHECK(klar_user_add(s, "kari", "helse-vest", KLAR_ROLE_CONTRIBUTOR, "hemmelig passord", &err) == 0);
    CHECK(klar_user_authenticate(s, "kari", "hemmelig passord", &u, &err) == 1);
    CHECK(strcmp(u.name, "kari") == 0 && u.role == KLAR_ROLE_CONTRIBUTOR);
    CHECK(klar_user_authenticate(s, "kari", "Hemmelig passord", &u, &err) == 0);
    CHECK(klar_user_authenticate(s, "kari", "", &u, &err) == 0);
    CHECK(klar_user_authenticate(s, "nobody", "hemmelig passord", &u, &err) == 0);
    CHECK(klar_user_authenticate(s, "Not A Name", "x", &u, &err) == 0);

    /* an unknown name costs about as much as a wrong password */
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    klar_user_authenticate(s, "kari", "wrong password", &u, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    klar_user_authenticate(s, "nobody", "wrong password", &u, &err);
    clock_gettime(CLOCK_MONOTONIC, &t2);
    double known = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    double unknown = (double)(t2.tv_sec - t1.tv_sec) + (double)(t2.tv_nsec - t1.tv_nsec) * 1e-9;
    CHECK(unknown > 0.5 * known);

    /* scoping: helse-vest's contributor may contribute to helse-bergen, not to helse-nord */
    CHECK(klar_user_may(s, &u, KLAR_ACTION_CONTRIBUTE, "helse-bergen", &err) == 1);
    CHECK(klar_user_may(s, &u, KLAR_ACTION_CONTRIBUTE, "helse-vest", &err) == 1);
    CHECK(klar_user_may(s, &u, KLAR_ACTION_CONTRIBUTE, "helse-nord", &err) == 0);
    CHECK(klar_user_may(s, &u, KLAR_ACTION_PLAN, "helse-bergen", &err) == 0);
    CHECK(klar_user_may(s, &u, KLAR_ACTION_READ, "no-such-org", &err) == 0);
    klar_store_close(s);
}

static void test_sessions(void)
{
    klar_store *s = open_store("sessions");
    CHECK(s != NULL);
    if (!s)
        return;
    klar_error err;
    klar_user u;
    CHECK(klar_user_add(s, "kari", "helse-bergen", KLAR_ROLE_ADMIN, "hemmelig passord", &err) == 0);
    CHECK(klar_user_find(s, "kari", &u, &err) == 1);
    char token[KLAR_TOKEN_SIZE], csrf[KLAR_TOKEN_SIZE], hash[KLAR_TOKEN_SIZE];
    CHECK(klar_session_create(s, u.id, &(klar_session_limits){3600, 0}, token, csrf, &err) == 0);
    CHECK(is_hex64(token) && is_hex64(csrf) && strcmp(token, csrf) != 0);

    klar_session sess;
    CHECK(klar_session_lookup(s, token, &sess, &err) == 1);
    CHECK(sess.user.id == u.id && strcmp(sess.user.name, "kari") == 0);
    CHECK(strcmp(sess.user.org_id, "helse-bergen") == 0 && sess.user.role == KLAR_ROLE_ADMIN);
    CHECK(klar_token_equal(sess.csrf_token, csrf));
    CHECK(sess.expires_at >= (int64_t)time(NULL) + 3599);
    /* the database holds the token's hash, never the token */
    klar_token_hash(token, hash, &err);
    klar_stmt *st = klar_store_prepare(s, "SELECT token_hash FROM sessions", &err);
    CHECK(st && klar_stmt_step(st, &err) == KLAR_STMT_ROW);
    CHECK(st && strcmp(klar_stmt_column_text(st, 0), hash) == 0);
    klar_stmt_finalize(st);

    CHECK(klar_session_lookup(s, csrf, &sess, &err) == 0);          /* not a session token */
    CHECK(klar_session_lookup(s, "short", &sess, &err) == 0);
    CHECK(klar_session_lookup_at(s, token, sess.expires_at, &sess, &err) == 0);  /* expired */

    char old[KLAR_TOKEN_SIZE], oldcsrf[KLAR_TOKEN_SIZE];
    CHECK(klar_session_create(s, u.id, &(klar_session_limits){0, 0}, old, oldcsrf, &err) == 0);
    CHECK(klar_session_lookup(s, old, &sess, &err) == 0);
    CHECK(klar_session_purge(s, (int64_t)time(NULL), &err) == 1);
    CHECK(klar_session_create(s, u.id, &(klar_session_limits){-1, 0}, old, oldcsrf, &err) == -1);
    CHECK(klar_session_create(s, 9999, &(klar_session_limits){60, 0}, old, oldcsrf, &err) == -1);    /* no such user */

    CHECK(klar_session_delete(s, token, &err) == 0);
    CHECK(klar_session_lookup(s, token, &sess, &err) == 0);
    CHECK(klar_session_delete(s, token, &err) == 0);                 /* again: no error */
    klar_store_close(s);
}

/* Idle limits: a session unused for idle_seconds ends; using it moves the end forward (a
 * write at most once a minute); a disabled user's session ends; ending all but one. */
static void test_session_idle_and_end(void)
{
    klar_store *s = open_store("idle");
    CHECK(s != NULL);
    if (!s)
        return;
    klar_error err;
    klar_user u;
    klar_session sess;
    CHECK(klar_user_create(s, 0, "kari", "helse-bergen", KLAR_ROLE_PLANNER, "hemmelig passord",
                           &u, &err) == 0);
    char token[KLAR_TOKEN_SIZE], csrf[KLAR_TOKEN_SIZE], other[KLAR_TOKEN_SIZE];
    klar_session_limits limits = {3600, 600};
    CHECK(klar_session_create(s, u.id, &limits, token, csrf, &err) == 0);
    int64_t t0 = (int64_t)time(NULL);
    CHECK(klar_session_lookup_at(s, token, t0, &sess, &err) == 1);
    CHECK(sess.idle_expires_at >= t0 + 599 && sess.idle_expires_at <= t0 + 601);
    CHECK(klar_session_lookup_at(s, token, t0 + 601, &sess, &err) == 0);   /* idle too long */
    CHECK(klar_session_lookup_at(s, token, t0 + 500, &sess, &err) == 1);   /* used: moved on */
    CHECK(sess.idle_expires_at >= t0 + 1099);
    CHECK(klar_session_lookup_at(s, token, t0 + 1000, &sess, &err) == 1);
    CHECK(klar_session_lookup_at(s, token, t0 + 3601, &sess, &err) == 0);  /* absolute end */
    CHECK(klar_session_purge(s, t0 + 1, &err) == 0);
    /* ending every session but one */
    CHECK(klar_session_create(s, u.id, &limits, other, csrf, &err) == 0);
    CHECK(klar_session_end_user(s, u.id, token, &err) == 1);
    CHECK(klar_session_lookup(s, other, &sess, &err) == 0);
    CHECK(klar_session_lookup(s, token, &sess, &err) == 1);
    /* disabling: the session ends, the login fails although the password is right */
    klar_user_change off = {NULL, -1, 1};
    CHECK(klar_user_change_by(s, 0, u.id, &off, &u, &err) == 0 && u.disabled);
    CHECK(klar_session_lookup(s, token, &sess, &err) == 0);
    klar_user seen;
    CHECK(klar_user_authenticate(s, "kari", "hemmelig passord", &seen, &err) == 0);
    klar_user_change on = {NULL, -1, 0};
    CHECK(klar_user_change_by(s, 0, u.id, &on, &u, &err) == 0 && !u.disabled);
    CHECK(klar_user_authenticate(s, "kari", "hemmelig passord", &seen, &err) == 1);
    CHECK(klar_session_lookup(s, token, &sess, &err) == 0);               /* it stays ended */
    klar_store_close(s);
}

/* Administering users: listing within a subtree, changes with audit rows (no hash), resets
 * and a user's own change, and the refusals. */
static void test_user_admin(void)
{
    klar_store *s = open_store("admin");
    CHECK(s != NULL);
    if (!s)
        return;
    klar_error err;
    klar_user ada, bo, nils, got;
    CHECK(klar_user_create(s, 0, "ada", "helse-vest", KLAR_ROLE_ADMIN, "admin passord", &ada,
                           &err) == 0);
    CHECK(klar_user_create(s, ada.id, "bo", "helse-bergen", KLAR_ROLE_VIEWER, "first password",
                           &bo, &err) == 0);
    CHECK(klar_user_create(s, 0, "nils", "helse-nord", KLAR_ROLE_ADMIN, "north passord", &nils,
                           &err) == 0);
    CHECK(klar_user_create(s, 0, "bo", "helse-nord", KLAR_ROLE_VIEWER, "first password", NULL,
                           &err) == KLAR_AUTH_DUPLICATE && strcmp(err.field, "name") == 0);
    CHECK(klar_user_create(s, 0, "eve", "helse-vest", KLAR_ROLE_VIEWER, "short", NULL, &err) ==
              KLAR_AUTH_INVALID && strcmp(err.field, "password") == 0);
    size_t n;
    int64_t total;
    klar_user *list = klar_user_list(s, "helse-vest", 0, 0, &n, &total, &err);
    CHECK(list && n == 2 && total == 2 && strcmp(list[0].name, "ada") == 0 &&
          strcmp(list[1].name, "bo") == 0);
    free(list);
    list = klar_user_list(s, NULL, 1, 2, &n, &total, &err);                /* the third by name */
    CHECK(list && n == 1 && total == 3 && strcmp(list[0].name, "nils") == 0);
    free(list);
    /* changes */
    klar_user_change c = {"helse-vest", KLAR_ROLE_CONTRIBUTOR, -1};
    CHECK(klar_user_change_by(s, ada.id, bo.id, &c, &got, &err) == 0);
    CHECK(klar_user_get(s, bo.id, &got, &err) == 1 && got.role == KLAR_ROLE_CONTRIBUTOR &&
          strcmp(got.org_id, "helse-vest") == 0);
    klar_user_change bad_org = {"helse-fona", -1, -1};
    CHECK(klar_user_change_by(s, ada.id, bo.id, &bad_org, NULL, &err) == KLAR_AUTH_UNKNOWN_ORG &&
          strcmp(err.field, "org_id") == 0);
    klar_user_change bad_role = {NULL, 9, -1};
    CHECK(klar_user_change_by(s, ada.id, bo.id, &bad_role, NULL, &err) == KLAR_AUTH_INVALID);
    CHECK(klar_user_change_by(s, ada.id, 9999, &c, NULL, &err) == KLAR_AUTH_NOT_FOUND);
    CHECK(klar_user_get(s, 9999, &got, &err) == 0);
    /* passwords */
    CHECK(klar_user_reset_password(s, ada.id, bo.id, "second password", &err) == 0);
    CHECK(klar_user_authenticate(s, "bo", "second password", &got, &err) == 1);
    CHECK(klar_user_reset_password(s, ada.id, bo.id, "short", &err) == KLAR_AUTH_INVALID);
    CHECK(klar_user_change_password(s, bo.id, "wrong password", "third password", NULL, &err) ==
              KLAR_AUTH_WRONG_PASSWORD && strcmp(err.field, "old_password") == 0);
    CHECK(klar_user_change_password(s, bo.id, "second password", "third password", NULL, &err) ==
          0);
    CHECK(klar_user_authenticate(s, "bo", "third password", &got, &err) == 1);
    CHECK(klar_user_authenticate(s, "bo", "second password", &got, &err) == 0);
    /* the audit rows: who, what, never a hash */
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)bo.id);
    klar_audit_filter f = {.entity = "user", .entity_id = id};
    klar_audit_entry *a = klar_audit_list(s, &f, &n, &err);
    CHECK(a && n == 4);                                  /* create, change, reset, own change */
    for (size_t i = 0; a && i < n; i++) {
        CHECK(!test_contains(a[i].after_json, "argon2"));
        CHECK(!a[i].before_json || !test_contains(a[i].before_json, "argon2"));
    }
    if (a && n == 4) {
        CHECK(test_contains(a[0].after_json, "\"password\":\"changed by the user\""));
        CHECK(a[0].user_id == bo.id);
        CHECK(test_contains(a[1].after_json, "set by an administrator") && a[1].user_id == ada.id);
        CHECK(test_contains(a[2].before_json, "\"role\":\"viewer\"") &&
              test_contains(a[2].after_json, "\"role\":\"contributor\""));
        CHECK(strcmp(a[3].action, "create") == 0 && a[3].user_id == ada.id);
    }
    klar_audit_free(a, n);
    klar_store_close(s);
}

PG_TEST_VARIANT(test_user_add)
PG_TEST_VARIANT(test_session_idle_and_end)
PG_TEST_VARIANT(test_user_admin)
PG_TEST_VARIANT(test_user_authenticate_and_scope)
PG_TEST_VARIANT(test_sessions)

int main(void)
{
    if (tmpdir_make(dir, sizeof dir) < 0) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_password_round_trip);
    RUN(test_password_salted_and_limited);
    RUN(test_tokens);
    RUN(test_role_matrix);
    RUN(test_ratelimit_slows_the_guesser);
    RUN(test_ratelimit_address_and_forgetting);
    RUN(test_ratelimit_bounded);
    RUN(test_timestamps);
    RUN(test_user_add);
    RUN(test_user_authenticate_and_scope);
    RUN(test_sessions);
    RUN(test_session_idle_and_end);
    RUN(test_user_admin);
    RUN(test_user_add_pg);
    RUN(test_user_authenticate_and_scope_pg);
    RUN(test_sessions_pg);
    RUN(test_session_idle_and_end_pg);
    RUN(test_user_admin_pg);
    tmpdir_remove(dir);
    return test_finish();
}
