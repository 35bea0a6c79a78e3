/* sqlite.c - the SQLite backend of the store: a file opened (and created) with WAL,
 * synchronous=FULL, foreign keys on and a busy timeout; native ?N placeholders.
 *
 * Each connection keeps its prepared statements for reuse (a small cache keyed by the SQL
 * text): finalizing a cached statement only resets it, and preparing the same SQL again hands
 * it back instead of parsing and planning it anew, which would otherwise be most of the time
 * of a short query. SQLite's memory statistics are switched off process-wide before the first
 * connection opens: they take a global mutex on every allocation, which the server's worker
 * threads would otherwise queue on. */
#include "store_internal.h"
#include "klar/file.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 5000
#define STMT_CACHE_SIZE 64

/* A statement handed to store.c: cached (kept by its connection after finalize) or not. */
typedef struct sq_stmt {
    sqlite3_stmt *st;
    unsigned hash;                /* of the SQL text, for cache lookups */
    int cached, in_use;
    unsigned long long last_used; /* the connection's tick when last handed out */
} sq_stmt;

/* A connection and its statement cache (cache[0..ncached) are cached sq_stmts). */
typedef struct sq_conn {
    sqlite3 *db;
    sq_stmt *cache[STMT_CACHE_SIZE];
    int ncached;
    unsigned long long tick;
} sq_conn;

static pthread_once_t configured = PTHREAD_ONCE_INIT;

/* Before SQLite initializes: no memory statistics (a global mutex on every allocation). If
 * SQLite is already initialized this fails harmlessly and the statistics stay on. */
static void configure_sqlite(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

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

/* The klar_error code of a failed SQLite call's result rc. */
static klar_error_code code_of(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return KLAR_ERR_FULL;
    case SQLITE_READONLY:
        return KLAR_ERR_READ_ONLY;
    default:
        return KLAR_ERR_FAILED;
    }
}

/* 0 unless url is an existing file of zero bytes, which is refused unless o->init_empty: a
 * lost or truncated registry must not silently become a new, empty one. */
static int refuse_empty_file(const char *url, const klar_store_options *o, klar_error *err)
{
    struct stat st;
    if (o->init_empty || stat(url, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != 0)
        return 0;
    klar_error_set(err, url, 0, "the database file is empty (0 bytes): it holds no registry. If "
                   "the registry was lost, restore a backup; to make a new registry in this "
                   "file, start once with --init");
    return -1;
}

/* "file:" URI of path with mode=ro (percent-escaping what a URI would read otherwise). */
static void read_only_uri(const char *path, char *out, size_t size)
{
    size_t n = (size_t)snprintf(out, size, "file:");
    for (const char *p = path; *p && n + 4 < size; p++)
        n += *p == '%' || *p == '?' || *p == '#' ? (size_t)snprintf(out + n, size - n, "%%%02X",
                                                                     (unsigned char)*p)
                                                 : (out[n] = *p, 1);
    snprintf(out + n, size - n, "?mode=ro");
}

/* Read-only: the main database is one in memory, shared by this process's connections, that
 * holds the tables a read-only server writes (sessions, made like the file's); the file is
 * attached read-only as "registry", where every other table name resolves. 0 or -1. */
static int open_read_only(sq_conn *c, const char *url, klar_error *err)
{
    char mem[80], uri[4200], sql[4400];
    snprintf(mem, sizeof mem, "file:klar-read-only-%ld?mode=memory&cache=shared", (long)getpid());
    if (sqlite3_open_v2(mem, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        klar_error_set(err, url, 0, "cannot open the in-memory sessions: %s",
                       c->db ? sqlite3_errmsg(c->db) : "out of memory");
        return -1;
    }
    read_only_uri(url, uri, sizeof uri);
    char *quoted = sqlite3_mprintf("ATTACH %Q AS registry", uri);
    snprintf(sql, sizeof sql, "%s", quoted ? quoted : "");
    sqlite3_free(quoted);
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    if (set_pragma(c->db, url, sql, err) < 0 ||
        set_pragma(c->db, url, "PRAGMA read_uncommitted=1", err) < 0 ||
        set_pragma(c->db, url, "CREATE TABLE IF NOT EXISTS main.sessions AS "
                   "SELECT * FROM registry.sessions WHERE 0", err) < 0)
        return -1;
    return 0;
}

/* Caps the database at max_bytes of pages (SQLite's max_page_count). 0 or -1 with err. */
static int cap_size(sqlite3 *db, const char *url, int64_t max_bytes, klar_error *err)
{
    sqlite3_stmt *st = NULL;
    int64_t page = 4096;
    if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        page = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld",
             (long long)(max_bytes / page > 0 ? max_bytes / page : 1));
    return set_pragma(db, url, sql, err);
}

/* Opens c->db read-write; a file SQLite can only open read-only is refused, naming it. */
static int open_read_write(sq_conn *c, const char *url, const klar_store_options *o,
                           klar_error *err)
{
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(url, &c->db, flags, NULL) != SQLITE_OK) {
        klar_error_set(err, url, 0, "cannot open database: %s",
                       c->db ? sqlite3_errmsg(c->db) : "out of memory");
        return -1;
    }
    if (sqlite3_db_readonly(c->db, "main") == 1) {
        klar_error_set(err, url, 0, "the database file cannot be written (its permissions or "
                       "a read-only disk); start with --read-only to serve it for reading");
        return -1;
    }
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    if (set_pragma(c->db, url, "PRAGMA journal_mode=WAL", err) < 0 ||
        set_pragma(c->db, url, "PRAGMA synchronous=FULL", err) < 0 ||
        set_pragma(c->db, url, "PRAGMA foreign_keys=ON", err) < 0)
        return -1;
    return o->max_bytes > 0 ? cap_size(c->db, url, o->max_bytes, err) : 0;
}

/* Opens c->db; 0 or -1 with err. */
static int open_db(sq_conn *c, const char *url, const klar_store_options *o, klar_error *err)
{
    pthread_once(&configured, configure_sqlite);
    if (refuse_empty_file(url, o, err) < 0)
        return -1;
    int rc = o->read_only ? open_read_only(c, url, err) : open_read_write(c, url, o, err);
    if (rc < 0) {
        sqlite3_close(c->db);
        return -1;
    }
    sqlite3_extended_result_codes(c->db, 1);
    return 0;
}

static void *sq_open(const char *url, const klar_store_options *o, klar_error *err)
{
    sq_conn *c = calloc(1, sizeof *c);
    if (!c) {
        klar_error_set(err, url, 0, "out of memory");
        return NULL;
    }
    if (open_db(c, url, o, err) < 0) {
        free(c);
        return NULL;
    }
    return c;
}

static void stmt_free(sq_stmt *s)
{
    sqlite3_finalize(s->st);
    free(s);
}

/* Finalizes the cached statements (all given back: see klar_store_close) and closes. */
static void sq_close(void *conn)
{
    sq_conn *c = conn;
    if (!c)
        return;
    for (int i = 0; i < c->ncached; i++)
        stmt_free(c->cache[i]);
    sqlite3_close(c->db);
    free(c);
}

static int sq_exec_script(void *conn, const char *sql, klar_error *err)
{
    sqlite3 *db = ((sq_conn *)conn)->db;
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        char head[96];
        store_sql_excerpt(sql, head, sizeof head);
        klar_error_set(err, sqlite3_db_filename(db, "main"), 0, "%s (in: %s)",
                       msg ? msg : sqlite3_errmsg(db), head);
        if (err)
            err->code = code_of(rc);
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* FNV-1a of the SQL text. */
static unsigned hash_sql(const char *sql)
{
    unsigned h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

/* An idle cached statement for sql, or NULL. */
static sq_stmt *cache_find(sq_conn *c, const char *sql, unsigned hash)
{
    for (int i = 0; i < c->ncached; i++) {
        sq_stmt *s = c->cache[i];
        if (!s->in_use && s->hash == hash && strcmp(sqlite3_sql(s->st), sql) == 0)
            return s;
    }
    return NULL;
}

/* Keeps s in the cache: in a free slot, else in place of the least recently used idle
 * statement (finalized); if every slot is in use, s stays uncached. */
static void cache_add(sq_conn *c, sq_stmt *s)
{
    int slot = -1;
    if (c->ncached < STMT_CACHE_SIZE) {
        slot = c->ncached++;
    } else {
        for (int i = 0; i < c->ncached; i++)
            if (!c->cache[i]->in_use &&
                (slot < 0 || c->cache[i]->last_used < c->cache[slot]->last_used))
                slot = i;
        if (slot < 0)
            return;
        stmt_free(c->cache[slot]);
    }
    c->cache[slot] = s;
    s->cached = 1;
}

/* Prepares sql anew; NULL with err. */
static sqlite3_stmt *compile(sqlite3 *db, const char *sql, const char **tail, klar_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, tail) != SQLITE_OK) {
        char head[96];
        store_sql_excerpt(sql, head, sizeof head);
        klar_error_set(err, sqlite3_db_filename(db, "main"), 0, "%s (in: %s)",
                       sqlite3_errmsg(db), head);
        sqlite3_finalize(st);
        return NULL;
    }
    if (!st)
        klar_error_set(err, NULL, 0, "empty SQL statement");
    return st;
}

static void *sq_prepare(void *conn, const char *sql, klar_error *err)
{
    sq_conn *c = conn;
    unsigned hash = hash_sql(sql);
    sq_stmt *s = cache_find(c, sql, hash);
    if (!s) {
        const char *tail = NULL;
        sqlite3_stmt *st = compile(c->db, sql, &tail, err);
        if (!st)
            return NULL;
        s = calloc(1, sizeof *s);
        if (!s) {
            sqlite3_finalize(st);
            klar_error_set(err, NULL, 0, "out of memory");
            return NULL;
        }
        s->st = st;
        s->hash = hash;
        if (!*tail)               /* only a single statement is found again by its text */
            cache_add(c, s);
    }
    s->in_use = 1;
    s->last_used = ++c->tick;
    return s;
}

/* The SQLite statement of a handle from sq_prepare. */
static sqlite3_stmt *raw(void *handle)
{
    return ((sq_stmt *)handle)->st;
}

static int sq_bind_text(void *handle, int i, const char *text)
{
    if (!text)
        return sqlite3_bind_null(raw(handle), i) == SQLITE_OK ? 0 : -1;
    return sqlite3_bind_text(raw(handle), i, text, -1, SQLITE_TRANSIENT) == SQLITE_OK ? 0 : -1;
}

static int sq_bind_int64(void *handle, int i, int64_t v)
{
    return sqlite3_bind_int64(raw(handle), i, (sqlite3_int64)v) == SQLITE_OK ? 0 : -1;
}

static int sq_bind_double(void *handle, int i, double v)
{
    return sqlite3_bind_double(raw(handle), i, v) == SQLITE_OK ? 0 : -1;
}

static int sq_bind_null(void *handle, int i)
{
    return sqlite3_bind_null(raw(handle), i) == SQLITE_OK ? 0 : -1;
}

static int sq_step(void *handle, int *constraint, klar_error *err)
{
    sqlite3_stmt *st = raw(handle);
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
    if (err)
        err->code = code_of(rc);
    return -1;
}

static int sq_column_count(void *handle)
{
    return sqlite3_data_count(raw(handle));
}

static int sq_column_is_null(void *handle, int col)
{
    return sqlite3_column_type(raw(handle), col) == SQLITE_NULL;
}

static const char *sq_column_text(void *handle, int col)
{
    return (const char *)sqlite3_column_text(raw(handle), col);
}

static int64_t sq_column_int64(void *handle, int col)
{
    return (int64_t)sqlite3_column_int64(raw(handle), col);
}

static double sq_column_double(void *handle, int col)
{
    return sqlite3_column_double(raw(handle), col);
}

static int64_t sq_changes(void *handle)
{
    return (int64_t)sqlite3_changes(sqlite3_db_handle(raw(handle)));
}

static void sq_reset(void *handle)
{
    sqlite3_reset(raw(handle));
    sqlite3_clear_bindings(raw(handle));
}

/* A cached statement is reset for its next use; any other is finalized. */
static void sq_finalize(void *handle)
{
    sq_stmt *s = handle;
    if (!s->cached) {
        stmt_free(s);
        return;
    }
    sq_reset(s);
    s->in_use = 0;
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
