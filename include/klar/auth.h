/* auth.h - who may do what in the preparedness registry: argon2id password hashes, random
 * tokens, users, login sessions, roles and their permissions, and a login rate limiter.
 *
 * Passwords are stored only as argon2id encoded strings (salt and parameters inside). Session
 * tokens are 256-bit random values handed to the browser; the database keeps only a hash of
 * each (see klar_token_hash), so a copy of the database holds no live session. */
#ifndef KLAR_AUTH_H
#define KLAR_AUTH_H

#include <stddef.h>
#include <stdint.h>
#include "klar/error.h"
#include "klar/store.h"

/* ---- passwords (password.c) ---- */

/* argon2id parameters of new hashes: OWASP's recommendation (19 MiB, 2 passes, 1 lane), about
 * 50 ms a hash on the 2-core reference machine (64 MiB with 3 passes took 260 ms). Hashes made
 * with other parameters still verify: the parameters travel in the encoded string. */
#define KLAR_ARGON2_T_COST 2u
#define KLAR_ARGON2_M_COST_KIB 19456u
#define KLAR_ARGON2_LANES 1u
#define KLAR_ARGON2_SALT_BYTES 16u
#define KLAR_ARGON2_HASH_BYTES 32u

/* Longest password accepted, in bytes (longer ones are refused, not truncated). */
#define KLAR_PASSWORD_MAX 1024
/* Shortest password klar_user_add accepts for a new user, in bytes (NIST SP 800-63B). */
#define KLAR_PASSWORD_MIN_NEW 8
/* Room for an encoded hash (about 100 bytes with the parameters above), NUL included. */
#define KLAR_PASSWORD_HASH_SIZE 256

/* Hashes password (1..KLAR_PASSWORD_MAX bytes) with argon2id and a fresh random salt into out
 * ("$argon2id$v=19$m=...,t=...,p=...$salt$hash"). 0, or -1 with err. */
int klar_password_hash(const char *password, char *out, size_t size, klar_error *err);

/* 1 if password matches the encoded argon2id hash, 0 if not (an empty or too long password
 * never matches, after the same time), -1 with err if the encoded hash is malformed or hashing fails. */
int klar_password_verify(const char *encoded, const char *password, klar_error *err);

/* Spends the time of one klar_password_verify without a hash to check, so that an unknown user
 * name costs as much as a wrong password. */
void klar_password_burn(const char *password);

/* ---- tokens (token.c) ---- */

/* A token is 32 random bytes as 64 lower-case hex digits; buffers hold KLAR_TOKEN_SIZE. */
#define KLAR_TOKEN_HEX 64
#define KLAR_TOKEN_SIZE (KLAR_TOKEN_HEX + 1)

/* Fills bytes n random bytes from the kernel (getrandom). 0, or -1 with err. */
int klar_random_bytes(void *bytes, size_t n, klar_error *err);

/* A fresh random token (session or CSRF) into out. 0, or -1 with err. */
int klar_token_new(char out[KLAR_TOKEN_SIZE], klar_error *err);

/* The value stored in place of a session token: a fast argon2id hash (1 pass, 8 KiB, fixed
 * application salt) as 64 hex digits. 0, or -1 with err (e.g. token longer than 256 bytes). */
int klar_token_hash(const char *token, char out[KLAR_TOKEN_SIZE], klar_error *err);

/* 1 if a and b are equal, comparing every byte whatever differs (for tokens from a request);
 * only the lengths are compared early. NULL equals nothing. */
int klar_token_equal(const char *a, const char *b);

/* ---- roles and permissions (role.c) ---- */

typedef enum { KLAR_ROLE_VIEWER, KLAR_ROLE_CONTRIBUTOR, KLAR_ROLE_PLANNER, KLAR_ROLE_ADMIN } klar_role;
#define KLAR_NROLES 4

/* What a request wants to do:
 *   READ        see the registry (lists, risk matrix, reports, engine runs)
 *   CONTRIBUTE  add to it: learning points, situation reports, stock and capacity figures
 *   PLAN        create and edit risks, scenarios, planning assumptions, plans, exercises,
 *               evaluations; close learning points
 *   ADMINISTER  manage users and organisations
 * The matrix (x = may):
 *                 READ  CONTRIBUTE  PLAN  ADMINISTER
 *   viewer         x
 *   contributor    x        x
 *   planner        x        x        x
 *   admin          x        x        x        x
 * A role applies to the user's organisation and the organisations below it (klar_user_may). */
typedef enum { KLAR_ACTION_READ, KLAR_ACTION_CONTRIBUTE, KLAR_ACTION_PLAN, KLAR_ACTION_ADMINISTER } klar_action;
#define KLAR_NACTIONS 4

/* Parses "viewer", "contributor", "planner" or "admin" (exact, lower case). 0, or -1. */
int klar_role_parse(const char *text, klar_role *out);

/* The id of a role ("viewer", ...), or NULL for a value outside the enum. */
const char *klar_role_id(klar_role role);

/* 1 if role may do action (the matrix above), else 0 (also for values outside the enums). */
int klar_role_may(klar_role role, klar_action action);

/* ---- users (users.c) ---- */

#define KLAR_USER_NAME_MAX 64
#define KLAR_ORG_ID_SIZE 64

/* A user as stored (never the password hash). */
struct json_t;

typedef struct klar_user {
    int64_t id;
    char name[KLAR_USER_NAME_MAX + 1];
    char org_id[KLAR_ORG_ID_SIZE];
    klar_role role;
    int disabled;                /* 1: may not log in; their sessions have ended */
} klar_user;

/* Results of klar_user_add besides 0 (added). err tells which value was wrong. */
enum {
    KLAR_AUTH_FAILED = -1,       /* storage or system failure */
    KLAR_AUTH_INVALID = -2,      /* bad name, role or password */
    KLAR_AUTH_DUPLICATE = -3,    /* a user of that name exists */
    KLAR_AUTH_UNKNOWN_ORG = -4,  /* no organisation with that id */
    KLAR_AUTH_NOT_FOUND = -5,    /* no user with that id */
    KLAR_AUTH_WRONG_PASSWORD = -6, /* the old password given is not the user's */
};

/* 1 if name is 1..64 characters of a-z 0-9 . _ -, else 0. */
int klar_user_name_valid(const char *name);

/* Adds a user with an argon2id hash of password (KLAR_PASSWORD_MIN_NEW..KLAR_PASSWORD_MAX bytes)
 * in organisation org_id. 0, or one of the KLAR_AUTH_* codes above with err. */
int klar_user_add(klar_store *s, const char *name, const char *org_id, klar_role role,
                  const char *password, klar_error *err);

/* u as a new JSON object {"id", "name", "org_id", "role", "disabled"} (never a hash), as the
 * API answers and the audit log records it; NULL when out of memory. */
struct json_t *klar_user_json(const klar_user *u);

/* Finds a user by name (1, filling out), 0 if there is none, -1 with err. */
int klar_user_find(klar_store *s, const char *name, klar_user *out, klar_error *err);

/* Checks name and password: 1 (filling out) if they match, 0 if the user is unknown, disabled
 * or the password wrong (all taking the same argon2 time), -1 with err on storage failure. */
int klar_user_authenticate(klar_store *s, const char *name, const char *password, klar_user *out,
                           klar_error *err);

/* ---- user administration (user_admin.c) ----
 * Every change writes an audit row (entity "user": id, name, org_id, role, disabled before and
 * after; a password change says only that it happened). actor_id is the user making the
 * change (0: the system, e.g. the command line). The rules of who may change whom are the
 * caller's (the server: admins within their subtree, never above their own role). */

/* klar_user_add made by actor_id; the new user into out (may be NULL). */
int klar_user_create(klar_store *s, int64_t actor_id, const char *name, const char *org_id,
                     klar_role role, const char *password, klar_user *out, klar_error *err);

/* The user with id: 1 (filling out), 0 if there is none, -1 with err. */
int klar_user_get(klar_store *s, int64_t id, klar_user *out, klar_error *err);

/* One page (limit 0: all) of the users of organisations within `within` (NULL: all), by
 * name; a malloc'd array (free()) with its length in *n and the count of all pages in *total.
 * NULL with err. */
klar_user *klar_user_list(klar_store *s, const char *within, size_t limit, size_t offset,
                          size_t *n, int64_t *total, klar_error *err);

/* A change of a user: NULL or -1 members stay as they are. */
typedef struct klar_user_change {
    const char *org_id;
    int role;                    /* a klar_role, or -1 */
    int disabled;                /* 0, 1, or -1 */
} klar_user_change;

/* Applies c to user id; disabling ends their sessions. 0 (the user after into out, may be
 * NULL), or KLAR_AUTH_INVALID, KLAR_AUTH_UNKNOWN_ORG, KLAR_AUTH_NOT_FOUND, KLAR_AUTH_FAILED
 * with err. */
int klar_user_change_by(klar_store *s, int64_t actor_id, int64_t id, const klar_user_change *c,
                        klar_user *out, klar_error *err);

/* Sets the password of user id (an administrator's reset) and ends their sessions. 0, or
 * KLAR_AUTH_INVALID (length), KLAR_AUTH_NOT_FOUND, KLAR_AUTH_FAILED with err. */
int klar_user_reset_password(klar_store *s, int64_t actor_id, int64_t id, const char *password,
                             klar_error *err);

/* The user's own change: old_password must be theirs. Their sessions other than keep_token
 * end. 0, or KLAR_AUTH_WRONG_PASSWORD, KLAR_AUTH_INVALID, KLAR_AUTH_NOT_FOUND,
 * KLAR_AUTH_FAILED with err. */
int klar_user_change_password(klar_store *s, int64_t id, const char *old_password,
                              const char *new_password, const char *keep_token,
                              klar_error *err);

/* 1 if user u may do action on data owned by organisation org_id: its role allows the action
 * and org_id is u's organisation or below it. 0 if not, -1 with err. */
int klar_user_may(klar_store *s, const klar_user *u, klar_action action, const char *org_id,
                  klar_error *err);

/* The organisation tree in memory (klar/registry.h). */
typedef struct klar_org_tree klar_org_tree;

/* klar_user_may against a loaded organisation tree instead of the store: 1 or 0 (also for an
 * organisation the tree does not know). */
int klar_user_may_in(const klar_org_tree *t, const klar_user *u, klar_action action,
                     const char *org_id);

/* ---- sessions (sessions.c) ---- */

/* A live session: its user and the CSRF token that state-changing requests must echo. */
typedef struct klar_session {
    klar_user user;
    char csrf_token[KLAR_TOKEN_SIZE];
    int64_t expires_at;          /* seconds since 1970 (UTC): the absolute end */
    int64_t idle_expires_at;     /* the end if unused until then (0: no idle limit) */
} klar_session;

/* How long a session lasts: at most lifetime_seconds after login (>= 0; 0 is expired at
 * once), and, with idle_seconds > 0, no longer than that without a request. */
typedef struct klar_session_limits {
    int64_t lifetime_seconds;
    int64_t idle_seconds;
} klar_session_limits;

/* Starts a session for user_id within limits and writes its token (for the cookie; only its
 * hash is stored) and CSRF token. 0, or -1 with err. */
int klar_session_create(klar_store *s, int64_t user_id, const klar_session_limits *limits,
                        char token_out[KLAR_TOKEN_SIZE], char csrf_out[KLAR_TOKEN_SIZE],
                        klar_error *err);

/* Finds the live session of token (not expired, not idle too long, its user not disabled):
 * 1 (filling out), 0 if there is none, -1 with err. A use more than a minute after the last
 * recorded one moves the idle end forward (a write). */
int klar_session_lookup(klar_store *s, const char *token, klar_session *out, klar_error *err);

/* klar_session_lookup as if the time were now (seconds since 1970). */
int klar_session_lookup_at(klar_store *s, const char *token, int64_t now, klar_session *out,
                           klar_error *err);

/* Ends the session of token (logout); an unknown token is not an error. 0, or -1 with err. */
int klar_session_delete(klar_store *s, const char *token, klar_error *err);

/* Ends every session of user_id except that of keep_token (NULL: all of them). The number
 * ended, or -1 with err. */
int64_t klar_session_end_user(klar_store *s, int64_t user_id, const char *keep_token,
                              klar_error *err);

/* Deletes every session over its absolute or idle end at now (seconds since 1970). Rows
 * deleted, or -1 with err. */
int64_t klar_session_purge(klar_store *s, int64_t now, klar_error *err);

/* ---- session cache (session_cache.c) ----
 * A per-process cache of live sessions by raw token, in front of klar_session_lookup: a hit
 * costs neither the token hash nor a query. Bounded (capacity sessions; when a slot is needed
 * the entry cached longest ago goes) and thread-safe (one mutex). An entry is trusted for at
 * most ttl seconds after it was read from the store, and never after its session expires.
 * Staleness this allows: a session deleted by another process (a logout through another
 * server on the same PostgreSQL database, an administrator's purge) or a user changed in the
 * store is still honoured here for up to ttl seconds. A logout through this process
 * (klar_session_cache_forget) takes effect at once. The store keeps only token hashes; the
 * raw tokens live in this process's memory only. */
#define KLAR_SESSION_CACHE_TTL 30    /* seconds */

typedef struct klar_session_cache klar_session_cache;

typedef struct klar_session_cache_config {
    size_t capacity;             /* default 4096 sessions */
    double ttl_seconds;          /* default KLAR_SESSION_CACHE_TTL */
    double (*clock)(void *ctx);  /* seconds on any monotonic scale; default CLOCK_MONOTONIC */
    void *clock_ctx;
} klar_session_cache_config;

/* A cache with cfg (NULL: the defaults; zero fields take their default). NULL when out of
 * memory. */
klar_session_cache *klar_session_cache_new(const klar_session_cache_config *cfg);

/* Frees the cache. NULL is fine. */
void klar_session_cache_free(klar_session_cache *c);

/* klar_session_lookup through the cache: a fresh cached session of token (1, filling out),
 * else the store's answer (cached when found). 1, 0 if unknown or expired, -1 with err. */
int klar_session_cache_lookup(klar_session_cache *c, klar_store *s, const char *token,
                              klar_session *out, klar_error *err);

/* klar_session_cache_lookup as if the wall-clock time were now (seconds since 1970). */
int klar_session_cache_lookup_at(klar_session_cache *c, klar_store *s, const char *token,
                                 int64_t now, klar_session *out, klar_error *err);

/* Drops token from the cache; call it after klar_session_delete. A lookup of token that read
 * the store before this call does not put it back. */
void klar_session_cache_forget(klar_session_cache *c, const char *token);

/* Drops every cached session of user_id (disabled, or their sessions ended). */
void klar_session_cache_forget_user(klar_session_cache *c, int64_t user_id);

/* ---- login rate limiter (ratelimit.c) ---- */

/* Failed logins slow down whoever makes them, never the user they are aimed at: failures are
 * counted per client address and per address and user name together. After free_per_pair
 * failures for one name from one address (free_per_address for all names from it), each
 * further try from there must wait 1 s, then 2, 4, 8 ... up to max_delay_seconds. A user
 * logging in from another address is not slowed. A key without failures for forget_seconds is
 * forgotten; memory is bounded by capacity keys (when full, the one seen longest ago goes). */
typedef struct klar_ratelimit_config {
    int free_per_pair;           /* default 3: failures of one name from one address */
    int free_per_address;        /* default 10: failures of any names from one address */
    double max_delay_seconds;    /* default 900 */
    double forget_seconds;       /* default 900 */
    size_t capacity;             /* default 4096 keys */
    double (*clock)(void *ctx);  /* seconds on any monotonic scale; default CLOCK_MONOTONIC */
    void *clock_ctx;
} klar_ratelimit_config;

typedef struct klar_ratelimit klar_ratelimit;

/* The defaults above. */
klar_ratelimit_config klar_ratelimit_defaults(void);

/* A limiter with cfg (NULL: the defaults; zero fields take their default). NULL when out of
 * memory. Thread-safe: every call below takes its mutex. */
klar_ratelimit *klar_ratelimit_new(const klar_ratelimit_config *cfg);

/* Frees the limiter. NULL is fine. */
void klar_ratelimit_free(klar_ratelimit *rl);

/* 0 if a login for name from address may be tried now, else the seconds to wait (> 0). name
 * may be NULL (only the address is checked); address NULL checks nothing. */
double klar_ratelimit_wait(klar_ratelimit *rl, const char *name, const char *address);

/* Records a failed login for name from address (NULL: not counted). */
void klar_ratelimit_failure(klar_ratelimit *rl, const char *name, const char *address);

/* Records a successful login: forgets the failures of name from address (not those of the
 * address, so that one good account does not reset a guesser's count). */
void klar_ratelimit_success(klar_ratelimit *rl, const char *name, const char *address);

#endif
