/* users.c - users of the registry on klar_store: adding one (name rules, organisation, role,
 * argon2id hash), finding one, and checking a name and password in equal time whether or not
 * the name exists or the user is disabled. A new user is written with its audit row (never the
 * password hash). Changing users is user_admin.c. */
#include "klar/auth.h"
#include "auth_internal.h"

#include "klar/registry.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int klar_user_name_valid(const char *name)
{
    size_t n = name ? strnlen(name, KLAR_USER_NAME_MAX + 1) : 0;
    if (n == 0 || n > KLAR_USER_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return 0;
    }
    return 1;
}

/* Checks the values of a new user; KLAR_AUTH_INVALID with err naming the wrong one, or 0. */
static int check_new_user(const char *name, const char *org_id, klar_role role,
                          const char *password, klar_error *err)
{
    if (!klar_user_name_valid(name)) {
        klar_error_field(err, KLAR_ERR_INVALID, "name", "user name must be 1 to %d characters "
                         "of a-z, 0-9, '.', '_' and '-'", KLAR_USER_NAME_MAX);
        return KLAR_AUTH_INVALID;
    }
    if (!org_id || org_id[0] == '\0' || strlen(org_id) >= KLAR_ORG_ID_SIZE) {
        klar_error_field(err, KLAR_ERR_INVALID, "org_id", "organisation id must be 1 to %d "
                         "characters", KLAR_ORG_ID_SIZE - 1);
        return KLAR_AUTH_INVALID;
    }
    if (!klar_role_id(role)) {
        klar_error_field(err, KLAR_ERR_INVALID, "role",
                         "role must be admin, planner, contributor or viewer");
        return KLAR_AUTH_INVALID;
    }
    return klar_password_check_new(password, "password", err);
}

json_t *klar_user_json(const klar_user *u)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)u->id, "name", u->name,
                     "org_id", u->org_id, "role", klar_role_id(u->role), "disabled",
                     u->disabled);
}

/* The audit row of new user u by actor_id (never the password hash). */
static int audit_new_user(klar_store *s, int64_t actor_id, const klar_user *u, klar_error *err)
{
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", (long long)u->id);
    json_t *after = klar_user_json(u);
    char *text = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(after);
    if (!text) {
        klar_error_set(err, NULL, 0, "out of memory");
        return -1;
    }
    int rc = klar_audit_write(s, actor_id, u->org_id, "create", "user", idtext, NULL, text, err);
    free(text);
    return rc;
}

/* Inserts user u (all but its id, which is set here) with password hash and its audit row,
 * inside the caller's transaction. KLAR_AUTH_DUPLICATE if a constraint refuses it (the
 * organisation was checked before, so that is the unique name), KLAR_AUTH_FAILED, or 0. */
static int insert_user_row(klar_store *s, int64_t actor_id, klar_user *u, const char *hash,
                           klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, "INSERT INTO users (name, password_hash, org_id, role, "
                                          "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
                                          " RETURNING id", err);
    if (!st)
        return KLAR_AUTH_FAILED;
    char now[KLAR_TIMESTAMP_SIZE];
    klar_store_now(now);
    klar_stmt_bind_text(st, 1, u->name);
    klar_stmt_bind_text(st, 2, hash);
    klar_stmt_bind_text(st, 3, u->org_id);
    klar_stmt_bind_text(st, 4, klar_role_id(u->role));
    klar_stmt_bind_text(st, 5, now);
    int rc = klar_stmt_step(st, err);
    u->id = rc == KLAR_STMT_ROW ? klar_stmt_column_int64(st, 0) : 0;
    if (rc == KLAR_STMT_ROW)
        rc = klar_stmt_step(st, err);
    int dup = rc < 0 && klar_stmt_constraint_failed(st);
    klar_stmt_finalize(st);
    if (dup) {
        klar_error_set(err, NULL, 0, "a user named '%s' already exists", u->name);
        return KLAR_AUTH_DUPLICATE;
    }
    if (rc < 0 || audit_new_user(s, actor_id, u, err) < 0)
        return KLAR_AUTH_FAILED;
    return 0;
}

/* The user row with its audit row, in a transaction of its own unless one is open. */
static int insert_user(klar_store *s, int64_t actor_id, klar_user *u, const char *hash,
                       klar_error *err)
{
    if (klar_store_in_transaction(s))
        return insert_user_row(s, actor_id, u, hash, err);
    if (klar_store_begin(s, err) < 0)
        return KLAR_AUTH_FAILED;
    int rc = insert_user_row(s, actor_id, u, hash, err);
    if (rc != 0) {
        klar_store_rollback(s);
        return rc;
    }
    return klar_store_commit(s, err) < 0 ? KLAR_AUTH_FAILED : 0;
}

int klar_user_create(klar_store *s, int64_t actor_id, const char *name, const char *org_id,
                     klar_role role, const char *password, klar_user *out, klar_error *err)
{
    int rc = check_new_user(name, org_id, role, password, err);
    if (rc != 0)
        return rc;
    int org = klar_org_exists(s, org_id, err);
    if (org < 0)
        return KLAR_AUTH_FAILED;
    if (!org) {
        klar_error_field(err, KLAR_ERR_INVALID, "org_id", "unknown organisation '%s'", org_id);
        return KLAR_AUTH_UNKNOWN_ORG;
    }
    klar_user u;
    int found = klar_user_find(s, name, &u, err);
    if (found < 0)
        return KLAR_AUTH_FAILED;
    if (found) {
        klar_error_field(err, KLAR_ERR_CONFLICT, "name", "a user named '%s' already exists", name);
        return KLAR_AUTH_DUPLICATE;
    }
    char hash[KLAR_PASSWORD_HASH_SIZE];
    if (klar_password_hash(password, hash, sizeof hash, err) != 0)
        return KLAR_AUTH_FAILED;
    memset(&u, 0, sizeof u);
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.org_id, sizeof u.org_id, "%s", org_id);
    u.role = role;
    rc = insert_user(s, actor_id, &u, hash, err);
    if (rc == 0 && out)
        *out = u;
    return rc;
}

int klar_user_add(klar_store *s, const char *name, const char *org_id, klar_role role,
                  const char *password, klar_error *err)
{
    return klar_user_create(s, 0, name, org_id, role, password, NULL, err);
}

int klar_user_read_row(klar_stmt *st, klar_user *out, klar_error *err)
{
    const char *name = klar_stmt_column_text(st, 1);
    const char *org = klar_stmt_column_text(st, 2);
    const char *role = klar_stmt_column_text(st, 3);
    memset(out, 0, sizeof *out);
    out->id = klar_stmt_column_int64(st, 0);
    out->disabled = klar_stmt_column_int64(st, 4) != 0;
    if (!name || !org || strlen(name) > KLAR_USER_NAME_MAX || strlen(org) >= KLAR_ORG_ID_SIZE ||
        klar_role_parse(role, &out->role) != 0) {
        klar_error_set(err, NULL, 0, "user %lld: malformed row", (long long)out->id);
        return -1;
    }
    snprintf(out->name, sizeof out->name, "%s", name);
    snprintf(out->org_id, sizeof out->org_id, "%s", org);
    return 0;
}

/* Finds name: 1 with out (and its password hash into hash when not NULL), 0, or -1 with err. */
static int find_with_hash(klar_store *s, const char *name, klar_user *out, char *hash,
                          size_t hash_size, klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, "SELECT " KLAR_USER_COLUMNS ", password_hash "
                                          "FROM users WHERE name = ?1", err);
    if (!st)
        return -1;
    klar_stmt_bind_text(st, 1, name);
    int rc = klar_stmt_step(st, err);
    if (rc == KLAR_STMT_ROW) {
        const char *h = klar_stmt_column_text(st, 5);
        if (klar_user_read_row(st, out, err) != 0)
            rc = -1;
        else if (hash)
            snprintf(hash, hash_size, "%s", h ? h : "");
    }
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : rc == KLAR_STMT_ROW;
}

int klar_user_find(klar_store *s, const char *name, klar_user *out, klar_error *err)
{
    return find_with_hash(s, name, out, NULL, 0, err);
}

int klar_user_authenticate(klar_store *s, const char *name, const char *password, klar_user *out,
                           klar_error *err)
{
    if (!klar_user_name_valid(name)) {
        klar_password_burn(password);
        return 0;
    }
    klar_user u;
    char hash[KLAR_PASSWORD_HASH_SIZE];
    int found = find_with_hash(s, name, &u, hash, sizeof hash, err);
    if (found < 0)
        return -1;
    if (!found) {
        klar_password_burn(password);
        return 0;
    }
    int ok = klar_password_verify(hash, password, err);
    if (ok < 0)
        return -1;
    if (ok && u.disabled)
        return 0;                      /* after the hash: a disabled user takes as long */
    if (ok)
        *out = u;
    return ok;
}
