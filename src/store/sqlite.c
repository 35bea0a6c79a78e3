/* sqlite.c - the SQLite backend of the store: a file opened (and created) with WAL,
 * synchronous=FULL, foreign keys on and a busy timeout; native ?N placeholders. */
#include "store_internal.h"
#include "klar/file.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 5000


/* Runs one pragma; 0 or -1 with err naming the file. */
static int set_pragma(sqlite3 *db, const char *url, const char *sql, klar_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        klar_error_set(err, url, 0, "%s: %s", sql, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static void *sq_open(const char *url, klar_error *err)
{
    sqlite3 *db = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(url, &db, flags, NULL) != SQLITE_OK) {
        klar_error_set(err, url, 0, "cannot open database: %s",
                       db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    if (set_pragma(db, url, "PRAGMA journal_mode=WAL", err) < 0 ||
        set_pragma(db, url, "PRAGMA synchronous=FULL", err) < 0 ||
        set_pragma(db, url, "PRAGMA foreign_keys=ON", err) < 0) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

static void sq_close(void *conn)
{
    sqlite3_close(conn);
}

static int sq_exec_script(void *conn, const char *sql, klar_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
        char head[96];
        store_sql_excerpt(sql, head, sizeof head);
        klar_error_set(err, sqlite3_db_filename(conn, "main"), 0, "%s (in: %s)",
                       msg ? msg : sqlite3_errmsg(conn), head);
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static void *sq_prepare(void *conn, const char *sql, klar_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(conn, sql, -1, &st, NULL) != SQLITE_OK) {
        char head[96];
        store_sql_excerpt(sql, head, sizeof head);
        klar_error_set(err, sqlite3_db_filename(conn, "main"), 0, "%s (in: %s)",
                       sqlite3_errmsg(conn), head);
        sqlite3_finalize(st);
        return NULL;
    }
    if (!st) {
        klar_error_set(err, NULL, 0, "empty SQL statement");
        return NULL;
    }
    return st;
}

static int sq_bind_text(void *st, int i, const char *text)
{
    if (!text)
        return sqlite3_bind_null(st, i) == SQLITE_OK ? 0 : -1;
    return sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT) == SQLITE_OK ? 0 : -1;
}

static int sq_bind_int64(void *st, int i, int64_t v)
{
    return sqlite3_bind_int64(st, i, (sqlite3_int64)v) == SQLITE_OK ? 0 : -1;
}

static int sq_bind_double(void *st, int i, double v)
{
    return sqlite3_bind_double(st, i, v) == SQLITE_OK ? 0 : -1;
}

static int sq_bind_null(void *st, int i)
{
    return sqlite3_bind_null(st, i) == SQLITE_OK ? 0 : -1;
}

static int sq_step(void *st, int *constraint, klar_error *err)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return KLAR_STMT_ROW;
    if (rc == SQLITE_DONE)
        return KLAR_STMT_DONE;
    sqlite3 *db = sqlite3_db_handle(st);
    *constraint = (rc & 0xff) == SQLITE_CONSTRAINT;
    char head[96];
    store_sql_excerpt(sqlite3_sql(st), head, sizeof head);
    klar_error_set(err, sqlite3_db_filename(db, "main"), 0, "%s (in: %s)", sqlite3_errmsg(db),
                   head);
    return -1;
}

static int sq_column_count(void *st)
{
    return sqlite3_data_count(st);
}

static int sq_column_is_null(void *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL;
}

static const char *sq_column_text(void *st, int col)
{
    return (const char *)sqlite3_column_text(st, col);
}

static int64_t sq_column_int64(void *st, int col)
{
    return (int64_t)sqlite3_column_int64(st, col);
}

static double sq_column_double(void *st, int col)
{
    return sqlite3_column_double(st, col);
}

static int64_t sq_changes(void *st)
{
    return (int64_t)sqlite3_changes(sqlite3_db_handle(st));
}

static void sq_reset(void *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

static void sq_finalize(void *st)
{
    sqlite3_finalize(st);
}

/* Copies all of src into the file at path (created) in one step, which reads src in one
 * transaction: a consistent snapshot even while other connections write (WAL). */
static int copy_database(sqlite3 *src, const char *path, klar_error *err)
{
    sqlite3 *dst = NULL;
    if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        klar_error_set(err, path, 0, "cannot create: %s", dst ? sqlite3_errmsg(dst) : "out of memory");
        sqlite3_close(dst);
        return -1;
    }
    int rc = SQLITE_NOMEM;
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (b) {
        do {
            rc = sqlite3_backup_step(b, -1);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep(20);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
    }
    if (rc != SQLITE_DONE) {
        klar_error_set(err, path, 0, "backup failed: %s", sqlite3_errmsg(dst));
        sqlite3_close(dst);
        return -1;
    }
    if (sqlite3_close(dst) != SQLITE_OK) {
        klar_error_set(err, path, 0, "cannot close backup");
        return -1;
    }
    return 0;
}

/* fsyncs the file or directory at path; 0 or -1 with err. */
static int sync_path(const char *path, int directory, klar_error *err)
{
    int fd = open(path, directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0 || fsync(fd) < 0) {
        klar_error_set(err, path, 0, "cannot sync: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

int klar_store_sqlite_backup(const char *path, const char *out_path, klar_error *err)
{
    sqlite3 *src = NULL;
    if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        klar_error_set(err, path, 0, "cannot open database: %s",
                       src ? sqlite3_errmsg(src) : "out of memory");
        sqlite3_close(src);
        return -1;
    }
    sqlite3_busy_timeout(src, BUSY_TIMEOUT_MS);
    char tmp[4096], dir[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp-%ld", out_path, (long)getpid()) >= (int)sizeof tmp) {
        klar_error_set(err, out_path, 0, "path too long");
        sqlite3_close(src);
        return -1;
    }
    unlink(tmp);
    int rc = copy_database(src, tmp, err);
    sqlite3_close(src);
    if (rc == 0)
        rc = sync_path(tmp, 0, err);
    if (rc == 0 && rename(tmp, out_path) < 0) {
        klar_error_set(err, out_path, 0, "cannot rename %s into place: %s", tmp, strerror(errno));
        rc = -1;
    }
    if (rc < 0) {
        unlink(tmp);
        return -1;
    }
    klar_path_dir(out_path, dir, sizeof dir);
    return sync_path(dir, 1, err);
}

const klar_store_ops klar_store_sqlite_ops = {
    .kind = KLAR_STORE_SQLITE,
    .id_column = "INTEGER PRIMARY KEY",
    .begin_sql = "BEGIN IMMEDIATE",
    .open = sq_open,
    .close = sq_close,
    .exec_script = sq_exec_script,
    .prepare = sq_prepare,
    .bind_text = sq_bind_text,
    .bind_int64 = sq_bind_int64,
    .bind_double = sq_bind_double,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .column_count = sq_column_count,
    .column_is_null = sq_column_is_null,
    .column_text = sq_column_text,
    .column_int64 = sq_column_int64,
    .column_double = sq_column_double,
    .changes = sq_changes,
    .reset = sq_reset,
    .finalize = sq_finalize,
};
