/* audit.c - the audit log: one row per change (who, when, which entity, before and after as
 * JSON), written by the domain modules inside the transaction of the change, and listed for
 * the audit endpoint. */
#include "klar/record.h"
#include "klar/registry.h"
#include "registry_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int klar_audit_write(klar_store *s, int64_t user_id, const char *org_id, const char *action,
                     const char *entity, const char *entity_id, const char *before_json,
                     const char *after_json, klar_error *err)
{
    char now[KLAR_TIMESTAMP_SIZE];
    klar_store_now(now);
    klar_stmt *st = klar_store_prepare(
        s,
        "INSERT INTO audit (at, user_id, org_id, action, entity, entity_id, before_json,"
        " after_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        err);
    if (!st)
        return -1;
    klar_stmt_bind_text(st, 1, now);
    if (user_id > 0)
        klar_stmt_bind_int64(st, 2, user_id);
    else
        klar_stmt_bind_null(st, 2);
    klar_stmt_bind_text(st, 3, org_id);
    klar_stmt_bind_text(st, 4, action);
    klar_stmt_bind_text(st, 5, entity);
    klar_stmt_bind_text(st, 6, entity_id);
    klar_stmt_bind_text(st, 7, before_json);
    klar_stmt_bind_text(st, 8, after_json);
    int rc = klar_stmt_step(st, err);
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : 0;
}

void klar_audit_free(klar_audit_entry *entries, size_t n)
{
    for (size_t i = 0; entries && i < n; i++) {
        free(entries[i].before_json);
        free(entries[i].after_json);
    }
    free(entries);
}

/* A malloc'd copy of column col, NULL for SQL NULL; *oom set when out of memory. */
static char *dup_column(klar_stmt *st, int col, int *oom)
{
    const char *t = klar_stmt_column_text(st, col);
    if (!t)
        return NULL;
    char *d = strdup(t);
    if (!d)
        *oom = 1;
    return d;
}

static void copy_text(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

/* One audit row into *elem (a klar_audit_entry); -1 when out of memory. */
static int fill_entry(klar_stmt *st, void *elem)
{
    klar_audit_entry *e = elem;
    int oom = 0;
    e->id = klar_stmt_column_int64(st, 0);
    copy_text(e->at, sizeof e->at, klar_stmt_column_text(st, 1));
    e->user_id = klar_stmt_column_is_null(st, 2) ? 0 : klar_stmt_column_int64(st, 2);
    copy_text(e->user_name, sizeof e->user_name, klar_stmt_column_text(st, 3));
    copy_text(e->org_id, sizeof e->org_id, klar_stmt_column_text(st, 4));
    copy_text(e->action, sizeof e->action, klar_stmt_column_text(st, 5));
    copy_text(e->entity, sizeof e->entity, klar_stmt_column_text(st, 6));
    copy_text(e->entity_id, sizeof e->entity_id, klar_stmt_column_text(st, 7));
    e->before_json = dup_column(st, 8, &oom);
    e->after_json = dup_column(st, 9, &oom);
    return oom ? -1 : 0;
}

static void free_entry(void *elem)
{
    klar_audit_entry *e = elem;
    free(e->before_json);
    free(e->after_json);
}

/* The conditions a filter may set: the member's value and the SQL with its placeholder. */
#define AUDIT_MAX_ARGS 6

/* The WHERE conditions of f into cond and their values into args (placeholders numbered in
 * order of use: PostgreSQL wants no gaps); the number of values. */
static int audit_where(const klar_audit_filter *f, char *cond, size_t size,
                       const char *args[AUDIT_MAX_ARGS])
{
    const struct { const char *value, *sql; } conds[AUDIT_MAX_ARGS - 1] = {
        {f->entity, " AND a.entity = ?%d"},
        {f->entity_id, " AND a.entity_id = ?%d"},
        {f->user, " AND u.name = ?%d"},
        {f->from, " AND a.at >= ?%d"},
        {f->to, " AND a.at <= ?%d"},
    };
    int nargs = 0;
    size_t len = 0;
    cond[0] = '\0';
    if (f->within) {
        args[nargs++] = f->within;
        len += (size_t)snprintf(cond + len, size - len, " AND a.org_id IN (SELECT id FROM sub)");
    }
    for (size_t i = 0; i < sizeof conds / sizeof conds[0] && len < size; i++) {
        if (!conds[i].value)
            continue;
        args[nargs++] = conds[i].value;
        len += (size_t)snprintf(cond + len, size - len, conds[i].sql, nargs);
    }
    return nargs;
}

/* Prepares "[CTE] SELECT what FROM audit a ... WHERE <f>" with f's values bound; with paged,
 * newest first and f's page bound after them (LIMIT -1 is no limit in SQLite and an error in
 * PostgreSQL, LIMIT ALL the reverse: no limit is the largest one). */
static klar_stmt *audit_prepare(klar_store *s, const klar_audit_filter *f, const char *what,
                                int paged, klar_error *err)
{
    char sql[1024], cond[320], tail[64] = "";
    const char *args[AUDIT_MAX_ARGS];
    int nargs = audit_where(f, cond, sizeof cond, args);
    if (paged)
        snprintf(tail, sizeof tail, " ORDER BY a.id DESC LIMIT ?%d OFFSET ?%d", nargs + 1,
                 nargs + 2);
    snprintf(sql, sizeof sql, "%s SELECT %s FROM audit a LEFT JOIN users u ON u.id = a.user_id"
             " WHERE 1 = 1%s%s", f->within ? REGISTRY_SUBTREE_CTE : "", what, cond, tail);
    klar_stmt *st = klar_store_prepare(s, sql, err);
    for (int i = 0; st && i < nargs; i++)
        klar_stmt_bind_text(st, i + 1, args[i]);
    if (st && paged) {
        klar_stmt_bind_int64(st, nargs + 1, f->limit ? (int64_t)f->limit : INT64_MAX);
        klar_stmt_bind_int64(st, nargs + 2, (int64_t)f->offset);
    }
    return st;
}

klar_audit_entry *klar_audit_list(klar_store *s, const klar_audit_filter *f, size_t *n,
                                  klar_error *err)
{
    *n = 0;
    klar_stmt *st = audit_prepare(s, f, "a.id, a.at, a.user_id, u.name, a.org_id, a.action,"
                                  " a.entity, a.entity_id, a.before_json, a.after_json", 1, err);
    return st ? registry_collect(st, sizeof(klar_audit_entry), fill_entry, free_entry, n, err)
              : NULL;
}

int64_t klar_audit_count(klar_store *s, const klar_audit_filter *f, klar_error *err)
{
    klar_stmt *st = audit_prepare(s, f, "COUNT(*)", 0, err);
    if (!st)
        return -1;
    int rc = klar_stmt_step(st, err);
    int64_t total = rc == KLAR_STMT_ROW ? klar_stmt_column_int64(st, 0) : -1;
    klar_stmt_finalize(st);
    return total;
}

/* ---- entity names ------------------------------------------------------------------------- */

static const char user_entity[] = "user";
static const char run_entity[] = "run";      /* kept runs (runstore.c): their deletion */

/* 1 if url is the URL name of k ("learning-points"). */
static int is_url_name(const klar_kind *k, const char *url)
{
    char mine[64];
    klar_kind_url_name(k, mine, sizeof mine);
    return strcmp(mine, url) == 0;
}

const char *klar_audit_entity(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < klar_nkinds; i++)
        if (strcmp(name, klar_kinds[i]->name) == 0 || is_url_name(klar_kinds[i], name))
            return klar_kinds[i]->name;
    if (strcmp(name, user_entity) == 0 || strcmp(name, "users") == 0)
        return user_entity;
    if (strcmp(name, run_entity) == 0 || strcmp(name, "runs") == 0)
        return run_entity;
    return NULL;
}

void klar_audit_entity_names(char *buf, size_t size)
{
    size_t len = 0;
    if (!size)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < klar_nkinds && len < size; i++) {
        char url[64];
        klar_kind_url_name(klar_kinds[i], url, sizeof url);
        len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "", url);
    }
    if (len < size)
        snprintf(buf + len, size - len, ", users, runs");
}
