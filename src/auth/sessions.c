/* sessions.c - login sessions on klar_store: a random token for the cookie (stored only as its
 * hash), a CSRF token, an absolute end and an idle end that each use moves forward (written at
 * most once a minute per session); lookup joins the user, so a request knows who it is and a
 * disabled user's sessions stop at once. */
#include "klar/auth.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define TOUCH_SECONDS 60          /* the idle end is written again after this much use */
#define LIFETIME_MAX (INT64_C(10) * 366 * 86400)

/* Inserts the session row. 0, or -1 with err (an unknown user breaks the foreign key). */
static int insert_session(klar_store *s, const char *token_hash, int64_t user_id,
                          const char *csrf, int64_t now, const klar_session_limits *l,
                          klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, "INSERT INTO sessions (token_hash, user_id, csrf_token, "
                                          "created_at, expires_at, idle_seconds, idle_expires_at)"
                                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err);
    if (!st)
        return -1;
    char created[KLAR_TIMESTAMP_SIZE], expires[KLAR_TIMESTAMP_SIZE], idle[KLAR_TIMESTAMP_SIZE];
    klar_store_format_time(now, created);
    klar_store_format_time(now + l->lifetime_seconds, expires);
    klar_store_format_time(now + l->idle_seconds, idle);
    klar_stmt_bind_text(st, 1, token_hash);
    klar_stmt_bind_int64(st, 2, user_id);
    klar_stmt_bind_text(st, 3, csrf);
    klar_stmt_bind_text(st, 4, created);
    klar_stmt_bind_text(st, 5, expires);
    klar_stmt_bind_int64(st, 6, l->idle_seconds);
    if (l->idle_seconds > 0)
        klar_stmt_bind_text(st, 7, idle);
    else
        klar_stmt_bind_null(st, 7);
    int rc = klar_stmt_step(st, err);
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : 0;
}

int klar_session_create(klar_store *s, int64_t user_id, const klar_session_limits *limits,
                        char token_out[KLAR_TOKEN_SIZE], char csrf_out[KLAR_TOKEN_SIZE],
                        klar_error *err)
{
    if (limits->lifetime_seconds < 0 || limits->lifetime_seconds > LIFETIME_MAX ||
        limits->idle_seconds < 0 || limits->idle_seconds > LIFETIME_MAX) {
        klar_error_set(err, NULL, 0, "session lifetime and idle time must be 0 to 10 years, "
                       "not %lld s and %lld s", (long long)limits->lifetime_seconds,
                       (long long)limits->idle_seconds);
        return -1;
    }
    char token[KLAR_TOKEN_SIZE], csrf[KLAR_TOKEN_SIZE], hash[KLAR_TOKEN_SIZE];
    if (klar_token_new(token, err) != 0 || klar_token_new(csrf, err) != 0 ||
        klar_token_hash(token, hash, err) != 0)
        return -1;
    if (insert_session(s, hash, user_id, csrf, (int64_t)time(NULL), limits, err) != 0)
        return -1;
    memcpy(token_out, token, KLAR_TOKEN_SIZE);
    memcpy(csrf_out, csrf, KLAR_TOKEN_SIZE);
    return 0;
}

/* Fills out from the current row: user id, name, org, role, csrf, expires_at, idle end. */
static int read_session(klar_stmt *st, klar_session *out, klar_error *err)
{
    const char *name = klar_stmt_column_text(st, 1);
    const char *org = klar_stmt_column_text(st, 2);
    const char *role = klar_stmt_column_text(st, 3);
    const char *csrf = klar_stmt_column_text(st, 4);
    const char *idle = klar_stmt_column_text(st, 6);
    memset(out, 0, sizeof *out);
    out->user.id = klar_stmt_column_int64(st, 0);
    if (!name || !org || !csrf || strlen(name) > KLAR_USER_NAME_MAX ||
        strlen(org) >= KLAR_ORG_ID_SIZE || strlen(csrf) != KLAR_TOKEN_HEX ||
        klar_role_parse(role, &out->user.role) != 0 ||
        klar_store_parse_time(klar_stmt_column_text(st, 5), &out->expires_at) != 0 ||
        (idle && klar_store_parse_time(idle, &out->idle_expires_at) != 0)) {
        klar_error_set(err, NULL, 0, "session of user %lld: malformed row", (long long)out->user.id);
        return -1;
    }
    snprintf(out->user.name, sizeof out->user.name, "%s", name);
    snprintf(out->user.org_id, sizeof out->user.org_id, "%s", org);
    memcpy(out->csrf_token, csrf, KLAR_TOKEN_SIZE);
    return 0;
}

/* Moves the idle end of the session (hash) to now + idle (never past its absolute end) when
 * the recorded one is more than TOUCH_SECONDS old; updates out. 0, or -1 with err. */
static int touch(klar_store *s, const char *hash, int64_t idle, int64_t now, klar_session *out,
                 klar_error *err)
{
    int64_t end = now + idle < out->expires_at ? now + idle : out->expires_at;
    if (idle <= 0 || end - out->idle_expires_at < TOUCH_SECONDS)
        return 0;
    char text[KLAR_TIMESTAMP_SIZE];
    klar_store_format_time(end, text);
    const char *args[2] = {text, hash};
    if (klar_store_exec(s, "UPDATE sessions SET idle_expires_at = ?1 WHERE token_hash = ?2", args,
                        2, err) != 0)
        return -1;
    out->idle_expires_at = end;
    return 0;
}

int klar_session_lookup_at(klar_store *s, const char *token, int64_t now, klar_session *out,
                           klar_error *err)
{
    char hash[KLAR_TOKEN_SIZE];
    if (!token || strlen(token) != KLAR_TOKEN_HEX || klar_token_hash(token, hash, NULL) != 0)
        return 0;   /* not a token we could have issued */
    klar_stmt *st = klar_store_prepare(s, "SELECT u.id, u.name, u.org_id, u.role, s.csrf_token, "
                                          "s.expires_at, s.idle_expires_at, s.idle_seconds "
                                          "FROM sessions s JOIN users u ON u.id = s.user_id "
                                          "WHERE s.token_hash = ?1 AND s.expires_at > ?2 "
                                          "AND (s.idle_seconds = 0 OR s.idle_expires_at > ?2) "
                                          "AND u.disabled = 0", err);
    if (!st)
        return -1;
    char now_text[KLAR_TIMESTAMP_SIZE];
    klar_store_format_time(now, now_text);
    klar_stmt_bind_text(st, 1, hash);
    klar_stmt_bind_text(st, 2, now_text);
    int rc = klar_stmt_step(st, err);
    int64_t idle = rc == KLAR_STMT_ROW ? klar_stmt_column_int64(st, 7) : 0;
    if (rc == KLAR_STMT_ROW && read_session(st, out, err) != 0)
        rc = -1;
    klar_stmt_finalize(st);
    if (rc == KLAR_STMT_ROW && touch(s, hash, idle, now, out, err) != 0)
        rc = -1;
    return rc < 0 ? -1 : rc == KLAR_STMT_ROW;
}

int klar_session_lookup(klar_store *s, const char *token, klar_session *out, klar_error *err)
{
    return klar_session_lookup_at(s, token, (int64_t)time(NULL), out, err);
}

int klar_session_delete(klar_store *s, const char *token, klar_error *err)
{
    char hash[KLAR_TOKEN_SIZE];
    if (!token || strlen(token) != KLAR_TOKEN_HEX || klar_token_hash(token, hash, NULL) != 0)
        return 0;
    const char *args[1] = {hash};
    return klar_store_exec(s, "DELETE FROM sessions WHERE token_hash = ?1", args, 1, err);
}

int64_t klar_session_end_user(klar_store *s, int64_t user_id, const char *keep_token,
                              klar_error *err)
{
    char keep[KLAR_TOKEN_SIZE] = "";
    if (keep_token && (strlen(keep_token) != KLAR_TOKEN_HEX ||
                       klar_token_hash(keep_token, keep, err) != 0))
        keep[0] = '\0';
    klar_stmt *st = klar_store_prepare(s, "DELETE FROM sessions WHERE user_id = ?1 "
                                          "AND token_hash <> ?2", err);
    if (!st)
        return -1;
    klar_stmt_bind_int64(st, 1, user_id);
    klar_stmt_bind_text(st, 2, keep);
    int rc = klar_stmt_step(st, err);
    int64_t n = rc < 0 ? -1 : klar_stmt_changes(st);
    klar_stmt_finalize(st);
    return n;
}

int64_t klar_session_purge(klar_store *s, int64_t now, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, "DELETE FROM sessions WHERE expires_at <= ?1 OR "
                                          "(idle_seconds > 0 AND idle_expires_at <= ?1)", err);
    if (!st)
        return -1;
    char now_text[KLAR_TIMESTAMP_SIZE];
    klar_store_format_time(now, now_text);
    klar_stmt_bind_text(st, 1, now_text);
    int rc = klar_stmt_step(st, err);
    int64_t n = rc < 0 ? -1 : klar_stmt_changes(st);
    klar_stmt_finalize(st);
    return n;
}
