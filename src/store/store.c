/* store.c - the backend-independent half of the store: picks the backend from the URL, applies
 * migrations on open, keeps the transaction state, and forwards statements to the backend. */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct klar_store {
    const klar_store_ops *ops;
    void *conn;
    int in_transaction;
    int schema_version;
};

struct klar_stmt {
    klar_store *store;
    void *impl;
    int constraint;   /* the last failed step broke a constraint */
};

int klar_store_is_postgres_url(const char *url)
{
    return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

klar_store *klar_store_open(const char *url, klar_error *err)
{
    return klar_store_open_with(url, NULL, err);
}

klar_store *klar_store_open_with(const char *url, const klar_store_options *o, klar_error *err)
{
    static const klar_store_options defaults = {0, 0, 0};
    if (!o)
        o = &defaults;
    if (!url || !*url) {
        klar_error_set(err, NULL, 0, "no database given");
        return NULL;
    }
    klar_store *s = calloc(1, sizeof *s);
    if (!s) {
        klar_error_set(err, url, 0, "out of memory");
        return NULL;
    }
    s->ops = klar_store_is_postgres_url(url) ? &klar_store_postgres_ops : &klar_store_sqlite_ops;
    s->conn = s->ops->open(url, o, err);
    if (!s->conn) {
        free(s);
        return NULL;
    }
    s->schema_version = o->read_only ? klar_store_schema_current(s, err)
                                     : klar_store_migrate(s, err);
    if (s->schema_version < 0) {
        klar_store_close(s);
        return NULL;
    }
    return s;
}

void klar_store_close(klar_store *s)
{
    if (!s)
        return;
    if (s->in_transaction)
        klar_store_rollback(s);
    s->ops->close(s->conn);
    free(s);
}

klar_store_kind klar_store_backend(const klar_store *s)
{
    return s->ops->kind;
}

int klar_store_schema_version(klar_store *s)
{
    return s->schema_version;
}

const klar_store_ops *klar_store_ops_of(const klar_store *s)
{
    return s->ops;
}

void *klar_store_conn(const klar_store *s)
{
    return s->conn;
}

int klar_store_begin(klar_store *s, klar_error *err)
{
    if (s->in_transaction) {
        klar_error_set(err, NULL, 0, "transaction already open (nested begin)");
        return -1;
    }
    if (s->ops->exec_script(s->conn, s->ops->begin_sql, err) < 0)
        return -1;
    s->in_transaction = 1;
    return 0;
}

int klar_store_commit(klar_store *s, klar_error *err)
{
    if (!s->in_transaction) {
        klar_error_set(err, NULL, 0, "commit without a transaction");
        return -1;
    }
    if (s->ops->exec_script(s->conn, "COMMIT", err) < 0) {
        klar_store_rollback(s);
        return -1;
    }
    s->in_transaction = 0;
    return 0;
}

int klar_store_rollback(klar_store *s)
{
    if (!s->in_transaction)
        return -1;
    s->in_transaction = 0;
    return s->ops->exec_script(s->conn, "ROLLBACK", NULL);
}

int klar_store_in_transaction(const klar_store *s)
{
    return s->in_transaction;
}

klar_stmt *klar_store_prepare(klar_store *s, const char *sql, klar_error *err)
{
    klar_stmt *st = calloc(1, sizeof *st);
    if (!st) {
        klar_error_set(err, NULL, 0, "out of memory");
        return NULL;
    }
    st->store = s;
    st->impl = s->ops->prepare(s->conn, sql, err);
    if (!st->impl) {
        free(st);
        return NULL;
    }
    return st;
}

int klar_stmt_bind_text(klar_stmt *st, int i, const char *text)
{
    return st->store->ops->bind_text(st->impl, i, text);
}

int klar_stmt_bind_int64(klar_stmt *st, int i, int64_t v)
{
    return st->store->ops->bind_int64(st->impl, i, v);
}

int klar_stmt_bind_double(klar_stmt *st, int i, double v)
{
    return st->store->ops->bind_double(st->impl, i, v);
}

int klar_stmt_bind_null(klar_stmt *st, int i)
{
    return st->store->ops->bind_null(st->impl, i);
}

int klar_stmt_step(klar_stmt *st, klar_error *err)
{
    st->constraint = 0;
    return st->store->ops->step(st->impl, &st->constraint, err);
}

int klar_stmt_constraint_failed(const klar_stmt *st)
{
    return st->constraint;
}

int klar_stmt_column_count(const klar_stmt *st)
{
    return st->store->ops->column_count(st->impl);
}

int klar_stmt_column_is_null(const klar_stmt *st, int col)
{
    return st->store->ops->column_is_null(st->impl, col);
}

const char *klar_stmt_column_text(const klar_stmt *st, int col)
{
    return st->store->ops->column_text(st->impl, col);
}

int64_t klar_stmt_column_int64(const klar_stmt *st, int col)
{
    return st->store->ops->column_int64(st->impl, col);
}

double klar_stmt_column_double(const klar_stmt *st, int col)
{
    return st->store->ops->column_double(st->impl, col);
}

int64_t klar_stmt_changes(const klar_stmt *st)
{
    return st->store->ops->changes(st->impl);
}

void klar_stmt_reset(klar_stmt *st)
{
    st->constraint = 0;
    st->store->ops->reset(st->impl);
}

void klar_stmt_finalize(klar_stmt *st)
{
    if (!st)
        return;
    st->store->ops->finalize(st->impl);
    free(st);
}

int klar_store_exec(klar_store *s, const char *sql, const char *const *texts, int n,
                    klar_error *err)
{
    klar_stmt *st = klar_store_prepare(s, sql, err);
    if (!st)
        return -1;
    for (int i = 0; i < n; i++) {
        if (klar_stmt_bind_text(st, i + 1, texts[i]) < 0) {
            klar_error_set(err, NULL, 0, "cannot bind parameter %d (in: %.80s)", i + 1, sql);
            klar_stmt_finalize(st);
            return -1;
        }
    }
    int rc;
    while ((rc = klar_stmt_step(st, err)) == KLAR_STMT_ROW)
        ;
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : 0;
}

int klar_store_backup(const char *url, const char *out_path, klar_error *err)
{
    if (!url || klar_store_is_postgres_url(url)) {
        klar_error_set(err, NULL, 0, "%s: backup works on SQLite files only (use pg_dump)",
                       url ? url : "(none)");
        return -1;
    }
    return klar_store_sqlite_backup(url, out_path, err);
}

void store_sql_excerpt(const char *sql, char *buf, size_t size)
{
    size_t n = strcspn(sql, "\n");
    if (n > 80)
        n = 80;
    if (n >= size)
        n = size - 1;
    memcpy(buf, sql, n);
    buf[n] = '\0';
}

/* ---- integrity ---------------------------------------------------------------------------- */

/* 1 if SQLite's quick_check of table alone finds it sound, 0 if not, -1 if it cannot tell. */
static int table_sound(klar_store *s, const char *table)
{
    char sql[200];
    klar_error ignored;
    snprintf(sql, sizeof sql, "PRAGMA quick_check(\"%.63s\")", table);
    klar_stmt *st = klar_store_prepare(s, sql, &ignored);
    if (!st)
        return -1;
    int rc = klar_stmt_step(st, &ignored);
    const char *line = rc == KLAR_STMT_ROW ? klar_stmt_column_text(st, 0) : NULL;
    int sound = rc < 0 ? 0 : line ? strcmp(line, "ok") == 0 : -1;
    klar_stmt_finalize(st);
    return sound;
}

/* The names of the tables quick_check finds damaged one by one, comma-separated, into out. */
static void damaged_tables(klar_store *s, char *out, size_t size)
{
    char names[64][64];
    int n = 0;
    klar_error ignored;
    out[0] = '\0';
    klar_stmt *st = klar_store_prepare(s, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                          "ORDER BY name", &ignored);
    while (st && n < 64 && klar_stmt_step(st, &ignored) == KLAR_STMT_ROW) {
        const char *name = klar_stmt_column_text(st, 0);
        if (name && strlen(name) < sizeof names[0] && !strchr(name, '"'))
            snprintf(names[n++], sizeof names[0], "%s", name);
    }
    klar_stmt_finalize(st);
    size_t len = 0;
    for (int i = 0; i < n && len < size; i++)      /* after the listing: one query at a time */
        if (table_sound(s, names[i]) == 0)
            len += (size_t)snprintf(out + len, size - len, "%s%s", len ? ", " : "", names[i]);
}

/* quick_check's first message, with the tables it is about, into problem: "table risks is
 * damaged: Page 57: btreeInitPage() returns error code 11". */
static void describe_damage(klar_store *s, const char *line, char *problem, size_t size)
{
    char tables[256], one[600];
    size_t k = 0;
    for (const char *p = line; *p && k + 1 < sizeof one; p++)     /* one line */
        one[k++] = *p == '\n' ? ' ' : *p;
    one[k] = '\0';
    const char *what = strncmp(one, "*** in database main *** ", 25) == 0 ? one + 25 : one;
    damaged_tables(s, tables, sizeof tables);
    if (tables[0])
        snprintf(problem, size, "table %s is damaged: %s", tables, what);
    else
        snprintf(problem, size, "%s", what);
}

int klar_store_check(klar_store *s, char *problem, size_t size, klar_error *err)
{
    if (size)
        problem[0] = '\0';
    if (s->ops->kind != KLAR_STORE_SQLITE)
        return 1;
    klar_stmt *st = klar_store_prepare(s, "PRAGMA quick_check", err);
    if (!st)
        return -1;
    int rc = klar_stmt_step(st, err), sound = 1;
    if (rc == KLAR_STMT_ROW) {
        const char *line = klar_stmt_column_text(st, 0);
        sound = line && strcmp(line, "ok") == 0;
        char first[600];
        snprintf(first, sizeof first, "%s", line ? line : "");
        klar_stmt_finalize(st);
        if (!sound && size)
            describe_damage(s, first, problem, size);
        return sound;
    }
    klar_stmt_finalize(st);
    if (rc < 0 && size) {                  /* a damaged file can fail the check itself */
        snprintf(problem, size, "%s", err ? err->message : "the check failed");
        return 0;
    }
    return rc < 0 ? -1 : 1;
}
