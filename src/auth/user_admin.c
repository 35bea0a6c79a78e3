/* user_admin.c - administering users on klar_store: reading and listing them (within an
 * organisation's subtree, in pages), changing organisation, role and whether they are
 * disabled, an administrator's password reset and a user's own password change. Every change
 * runs in one transaction with its audit row, which never holds a password or its hash; a
 * disabled user's and a reset password's sessions end in the same transaction. */
#include "klar/auth.h"
#include "auth_internal.h"

#include "klar/array.h"
#include "klar/registry.h"
#include "klar/subtree.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int klar_password_check_new(const char *password, const char *field, klar_error *err)
{
    size_t n = password ? strnlen(password, KLAR_PASSWORD_MAX + 1) : 0;
    if (n >= KLAR_PASSWORD_MIN_NEW && n <= KLAR_PASSWORD_MAX)
        return 0;
    klar_error_field(err, KLAR_ERR_INVALID, field, "%s must be %d to %d bytes long", field,
                     KLAR_PASSWORD_MIN_NEW, KLAR_PASSWORD_MAX);
    return KLAR_AUTH_INVALID;
}

/* ---- reading ------------------------------------------------------------------------------ */

int klar_user_get(klar_store *s, int64_t id, klar_user *out, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, "SELECT " KLAR_USER_COLUMNS " FROM users WHERE id = ?1",
                                       err);
    if (!st)
        return -1;
    klar_stmt_bind_int64(st, 1, id);
    int rc = klar_stmt_step(st, err);
    if (rc == KLAR_STMT_ROW && klar_user_read_row(st, out, err) != 0)
        rc = -1;
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : rc == KLAR_STMT_ROW;
}

/* The number of users within `within` (NULL: all), or -1 with err. */
static int64_t count_users(klar_store *s, const char *within, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, within ? KLAR_SUBTREE_CTE "SELECT count(*) FROM users "
                                                   "WHERE org_id IN (SELECT id FROM sub)"
                                                 : "SELECT count(*) FROM users", err);
    if (!st)
        return -1;
    if (within)
        klar_stmt_bind_text(st, 1, within);
    int rc = klar_stmt_step(st, err);
    int64_t n = rc == KLAR_STMT_ROW ? klar_stmt_column_int64(st, 0) : -1;
    klar_stmt_finalize(st);
    return n;
}

klar_user *klar_user_list(klar_store *s, const char *within, size_t limit, size_t offset,
                          size_t *n, int64_t *total, klar_error *err)
{
    *n = 0;
    if ((*total = count_users(s, within, err)) < 0)
        return NULL;
    /* the page's placeholders come after within's, numbered without gaps (PostgreSQL) */
    klar_stmt *st = klar_store_prepare(
        s, within ? KLAR_SUBTREE_CTE "SELECT " KLAR_USER_COLUMNS " FROM users WHERE org_id IN "
                                     "(SELECT id FROM sub) ORDER BY name LIMIT ?2 OFFSET ?3"
                  : "SELECT " KLAR_USER_COLUMNS " FROM users ORDER BY name LIMIT ?1 OFFSET ?2",
        err);
    if (!st)
        return NULL;
    int first = within ? 2 : 1;
    if (within)
        klar_stmt_bind_text(st, 1, within);
    klar_stmt_bind_int64(st, first, limit ? (int64_t)limit : INT64_MAX);
    klar_stmt_bind_int64(st, first + 1, (int64_t)offset);
    klar_user *users = NULL;
    size_t cap = 0;
    int rc, oom = 0;
    while ((rc = klar_stmt_step(st, err)) == KLAR_STMT_ROW) {
        klar_user *grown = klar_array_grow(users, &cap, *n, sizeof *users);
        if (!grown) {
            oom = 1;
            break;
        }
        users = grown;
        if (klar_user_read_row(st, &users[*n], err) != 0) {
            rc = -1;
            break;
        }
        (*n)++;
    }
    klar_stmt_finalize(st);
    if (!oom && rc >= 0 && !users && !(users = malloc(sizeof *users)))   /* none: not NULL */
        oom = 1;
    if (oom)
        klar_error_set(err, NULL, 0, "out of memory");
    if (oom || rc < 0) {
        free(users);
        users = NULL;
        *n = 0;
    }
    return users;
}

/* ---- audit -------------------------------------------------------------------------------- */

/* u as the JSON text of its audit rows (malloc'd; NULL when out of memory); with note, a
 * "password" member saying what happened to it. */
static char *user_text(const klar_user *u, const char *note)
{
    json_t *o = klar_user_json(u);
    if (o && note)
        json_object_set_new(o, "password", json_string(note));
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    return text;
}

/* The audit row of a change of user `before` to `after` by actor_id (note: see user_text). */
static int audit_change(klar_store *s, int64_t actor_id, const klar_user *before,
                        const klar_user *after, const char *note, klar_error *err)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)after->id);
    char *b = user_text(before, NULL), *a = user_text(after, note);
    int rc = b && a ? klar_audit_write(s, actor_id, after->org_id, "update", "user", id, b, a, err)
                    : (klar_error_set(err, NULL, 0, "out of memory"), -1);
    free(b);
    free(a);
    return rc;
}

/* ---- changes ------------------------------------------------------------------------------ */

/* Ends a failed change: rolls back and returns rc. */
static int fail(klar_store *s, int rc)
{
    klar_store_rollback(s);
    return rc;
}

/* Reads user id inside the open transaction: 0, KLAR_AUTH_NOT_FOUND or KLAR_AUTH_FAILED. */
static int read_for_change(klar_store *s, int64_t id, klar_user *u, klar_error *err)
{
    int found = klar_user_get(s, id, u, err);
    if (found == 0)
        klar_error_field(err, KLAR_ERR_NOT_FOUND, "id", "no user has the id %lld", (long long)id);
    return found == 1 ? 0 : found == 0 ? KLAR_AUTH_NOT_FOUND : KLAR_AUTH_FAILED;
}

/* The user after applying c to before; KLAR_AUTH_INVALID or _UNKNOWN_ORG with err, or 0. */
static int apply_change(klar_store *s, const klar_user *before, const klar_user_change *c,
                        klar_user *after, klar_error *err)
{
    *after = *before;
    if (c->role >= 0) {
        if (!klar_role_id((klar_role)c->role)) {
            klar_error_field(err, KLAR_ERR_INVALID, "role",
                             "role must be admin, planner, contributor or viewer");
            return KLAR_AUTH_INVALID;
        }
        after->role = (klar_role)c->role;
    }
    if (c->disabled >= 0)
        after->disabled = c->disabled != 0;
    if (c->org_id) {
        int known = strlen(c->org_id) < KLAR_ORG_ID_SIZE ? klar_org_exists(s, c->org_id, err) : 0;
        if (known < 0)
            return KLAR_AUTH_FAILED;
        if (!known) {
            klar_error_field(err, KLAR_ERR_INVALID, "org_id", "unknown organisation '%.60s'",
                             c->org_id);
            return KLAR_AUTH_UNKNOWN_ORG;
        }
        snprintf(after->org_id, sizeof after->org_id, "%s", c->org_id);
    }
    return 0;
}

/* Writes the organisation, role and disabled flag of u. 0 or -1 with err. */
static int write_user(klar_store *s, const klar_user *u, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, "UPDATE users SET org_id = ?1, role = ?2, disabled = ?3,"
                                          " updated_at = ?4 WHERE id = ?5", err);
    if (!st)
        return -1;
    char now[KLAR_TIMESTAMP_SIZE];
    klar_store_now(now);
    klar_stmt_bind_text(st, 1, u->org_id);
    klar_stmt_bind_text(st, 2, klar_role_id(u->role));
    klar_stmt_bind_int64(st, 3, u->disabled);
    klar_stmt_bind_text(st, 4, now);
    klar_stmt_bind_int64(st, 5, u->id);
    int rc = klar_stmt_step(st, err);
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : 0;
}

int klar_user_change_by(klar_store *s, int64_t actor_id, int64_t id, const klar_user_change *c,
                        klar_user *out, klar_error *err)
{
    klar_user before, after;
    if (klar_store_begin(s, err) < 0)
        return KLAR_AUTH_FAILED;
    int rc = read_for_change(s, id, &before, err);
    if (rc == 0)
        rc = apply_change(s, &before, c, &after, err);
    if (rc != 0)
        return fail(s, rc);
    if (write_user(s, &after, err) < 0 ||
        (after.disabled && !before.disabled && klar_session_end_user(s, id, NULL, err) < 0) ||
        audit_change(s, actor_id, &before, &after, NULL, err) < 0)
        return fail(s, KLAR_AUTH_FAILED);
    if (klar_store_commit(s, err) < 0)
        return KLAR_AUTH_FAILED;
    if (out)
        *out = after;
    return 0;
}

/* Writes the argon2id hash of password for user id. 0 or -1 with err. */
static int write_password(klar_store *s, int64_t id, const char *password, klar_error *err)
{
    char hash[KLAR_PASSWORD_HASH_SIZE], now[KLAR_TIMESTAMP_SIZE];
    if (klar_password_hash(password, hash, sizeof hash, err) != 0)
        return -1;
    klar_stmt *st = klar_store_prepare(s, "UPDATE users SET password_hash = ?1, updated_at = ?2 "
                                          "WHERE id = ?3", err);
    if (!st)
        return -1;
    klar_store_now(now);
    klar_stmt_bind_text(st, 1, hash);
    klar_stmt_bind_text(st, 2, now);
    klar_stmt_bind_int64(st, 3, id);
    int rc = klar_stmt_step(st, err);
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* Sets the password of user id in one transaction with the audit row (note) and the end of
 * the user's sessions other than keep_token. */
static int set_password(klar_store *s, int64_t actor_id, int64_t id, const char *password,
                        const char *note, const char *keep_token, klar_error *err)
{
    klar_user u;
    if (klar_store_begin(s, err) < 0)
        return KLAR_AUTH_FAILED;
    int rc = read_for_change(s, id, &u, err);
    if (rc != 0)
        return fail(s, rc);
    if (write_password(s, id, password, err) < 0 ||
        klar_session_end_user(s, id, keep_token, err) < 0 ||
        audit_change(s, actor_id, &u, &u, note, err) < 0)
        return fail(s, KLAR_AUTH_FAILED);
    return klar_store_commit(s, err) < 0 ? KLAR_AUTH_FAILED : 0;
}

int klar_user_reset_password(klar_store *s, int64_t actor_id, int64_t id, const char *password,
                             klar_error *err)
{
    int rc = klar_password_check_new(password, "password", err);
    return rc ? rc : set_password(s, actor_id, id, password, "set by an administrator", NULL, err);
}

/* The password hash of user id into hash: 1, 0 if there is no such user, -1 with err. */
static int read_hash(klar_store *s, int64_t id, char *hash, size_t size, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, "SELECT password_hash FROM users WHERE id = ?1", err);
    if (!st)
        return -1;
    klar_stmt_bind_int64(st, 1, id);
    int rc = klar_stmt_step(st, err);
    if (rc == KLAR_STMT_ROW)
        snprintf(hash, size, "%s", klar_stmt_column_text(st, 0) ? klar_stmt_column_text(st, 0)
                                                                 : "");
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : rc == KLAR_STMT_ROW;
}

int klar_user_change_password(klar_store *s, int64_t id, const char *old_password,
                              const char *new_password, const char *keep_token,
                              klar_error *err)
{
    char hash[KLAR_PASSWORD_HASH_SIZE];
    int rc = klar_password_check_new(new_password, "new_password", err);
    if (rc != 0)
        return rc;
    int found = read_hash(s, id, hash, sizeof hash, err);
    if (found <= 0) {
        if (found == 0)
            klar_error_field(err, KLAR_ERR_NOT_FOUND, "id", "no user has the id %lld",
                             (long long)id);
        return found == 0 ? KLAR_AUTH_NOT_FOUND : KLAR_AUTH_FAILED;
    }
    int ok = klar_password_verify(hash, old_password ? old_password : "", err);
    if (ok < 0)
        return KLAR_AUTH_FAILED;
    if (!ok) {
        klar_error_field(err, KLAR_ERR_INVALID, "old_password", "the old password is wrong");
        return KLAR_AUTH_WRONG_PASSWORD;
    }
    return set_password(s, id, id, new_password, "changed by the user", keep_token, err);
}
