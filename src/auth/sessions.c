/* sessions.c - login sessions on klar_store: a random token for the cookie (stored only as its
 * hash), a CSRF token, and an expiry; lookup joins the user so a request knows who it is. */
#include "klar/auth.h"


#include <stdio.h>
#include <string.h>
#include <time.h>

/* Inserts the session row. 0, or -1 with err (an unknown user breaks the foreign key). */
static int insert_session(klar_store *s, const char *token_hash, int64_t user_id,
                          const char *csrf, int64_t now, int64_t ttl, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, "INSERT INTO sessions (token_hash, user_id, csrf_token, "
                                          "created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)", err);
    if (!st)
        return -1;
    char created[KLAR_TIMESTAMP_SIZE], expires[KLAR_TIMESTAMP_SIZE];
    klar_store_format_time(now, created);
    klar_store_format_time(now + ttl, expires);
    klar_stmt_bind_text(st, 1, token_hash);
    klar_stmt_bind_int64(st, 2, user_id);
    klar_stmt_bind_text(st, 3, csrf);
    klar_stmt_bind_text(st, 4, created);
    klar_stmt_bind_text(st, 5, expires);
    int rc = klar_stmt_step(st, err);
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : 0;
}

int klar_session_create(klar_store *s, int64_t user_id, int64_t ttl_seconds,
                        char token_out[KLAR_TOKEN_SIZE], char csrf_out[KLAR_TOKEN_SIZE],
                        klar_error *err)
{
    if (ttl_seconds < 0 || ttl_seconds > INT64_C(10) * 366 * 86400) {
        klar_error_set(err, NULL, 0, "session lifetime must be 0 to 10 years, not %lld s",
                       (long long)ttl_seconds);
        return -1;
    }
    char token[KLAR_TOKEN_SIZE], csrf[KLAR_TOKEN_SIZE], hash[KLAR_TOKEN_SIZE];
    if (klar_token_new(token, err) != 0 || klar_token_new(csrf, err) != 0 ||
        klar_token_hash(token, hash, err) != 0)
        return -1;
    if (insert_session(s, hash, user_id, csrf, (int64_t)time(NULL), ttl_seconds, err) != 0)
        return -1;
    memcpy(token_out, token, KLAR_TOKEN_SIZE);
    memcpy(csrf_out, csrf, KLAR_TOKEN_SIZE);
    return 0;
}

/* Fills out from the current row: user id, name, org, role, csrf, expires_at. */
static int read_session(klar_stmt *st, klar_session *out, klar_error *err)
{
    const char *name = klar_stmt_column_text(st, 1);
    const char *org = klar_stmt_column_text(st, 2);
    const char *role = klar_stmt_column_text(st, 3);
    const char *csrf = klar_stmt_column_text(st, 4);
    out->user.id = klar_stmt_column_int64(st, 0);
    if (!name || !org || !csrf || strlen(name) > KLAR_USER_NAME_MAX ||
        strlen(org) >= KLAR_ORG_ID_SIZE || strlen(csrf) != KLAR_TOKEN_HEX ||
        klar_role_parse(role, &out->user.role) != 0 ||
        klar_store_parse_time(klar_stmt_column_text(st, 5), &out->expires_at) != 0) {
        klar_error_set(err, NULL, 0, "session of user %lld: malformed row", (long long)out->user.id);
        return -1;
    }
    snprintf(out->user.name, sizeof out->user.name, "%s", name);
    snprintf(out->user.org_id, sizeof out->user.org_id, "%s", org);
    memcpy(out->csrf_token, csrf, KLAR_TOKEN_SIZE);
    return 0;
}

int klar_session_lookup_at(klar_store *s, const char *token, int64_t now, klar_session *out,
                           klar_error *err)
{
    char hash[KLAR_TOKEN_SIZE];
    if (!token || strlen(token) != KLAR_TOKEN_HEX || klar_token_hash(token, hash, NULL) != 0)
        return 0;   /* not a token we could have issued */
    klar_stmt *st = klar_store_prepare(s, "SELECT u.id, u.name, u.org_id, u.role, s.csrf_token, "
                                          "s.expires_at FROM sessions s JOIN users u "
                                          "ON u.id = s.user_id WHERE s.token_hash = ?1 "
                                          "AND s.expires_at > ?2", err);
    if (!st)
        return -1;
    char now_text[KLAR_TIMESTAMP_SIZE];
    klar_store_format_time(now, now_text);
    klar_stmt_bind_text(st, 1, hash);
    klar_stmt_bind_text(st, 2, now_text);
    int rc = klar_stmt_step(st, err);
    if (rc == KLAR_STMT_ROW && read_session(st, out, err) != 0)
        rc = -1;
    klar_stmt_finalize(st);
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

int64_t klar_session_purge(klar_store *s, int64_t now, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, "DELETE FROM sessions WHERE expires_at <= ?1", err);
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
