/* store.h - the registry's storage behind one interface: SQLite (a file, WAL, synchronous=FULL;
 * the embedded default) or PostgreSQL (libpq) for users who outgrow one machine. SQL is written
 * once with numbered placeholders ?1, ?2, ... (translated to $1, $2 for PostgreSQL) and runs
 * only as prepared statements. The schema is versioned; klar_store_open applies the missing
 * migrations. A klar_store is one connection: use it from one thread at a time. */
#ifndef KLAR_STORE_H
#define KLAR_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "klar/error.h"

typedef struct klar_store klar_store;
typedef struct klar_stmt klar_stmt;

typedef enum { KLAR_STORE_SQLITE, KLAR_STORE_POSTGRES } klar_store_kind;

/* Opens (creating if needed) the database at url: a file path for SQLite, or a
 * "postgresql://..." URL; then applies the missing migrations. An existing SQLite file of zero
 * bytes is refused (a lost or truncated registry is not silently made a new one). NULL with
 * err on failure. */
klar_store *klar_store_open(const char *url, klar_error *err);

/* How klar_store_open_with opens a database. */
typedef struct klar_store_options {
    int read_only;        /* SQLite: the file is only read, never migrated; the tables that a
                             read-only server still writes (sessions) live in memory, shared
                             by the process's connections, and end with it */
    int init_empty;       /* SQLite: a zero-length file is made a new registry */
    int64_t max_bytes;    /* SQLite: the file may hold at most this many bytes of pages (0: no
                             cap); a write beyond it fails with KLAR_ERR_FULL, as on a full
                             disk */
} klar_store_options;

/* klar_store_open with options (NULL: as klar_store_open). Failures of writes later report
 * KLAR_ERR_FULL (disk full) and KLAR_ERR_READ_ONLY in err->code. */
klar_store *klar_store_open_with(const char *url, const klar_store_options *o, klar_error *err);

/* Runs SQLite's quick_check: 1 if the database is sound, 0 if damaged (problem says where,
 * naming the table or index when SQLite does), -1 with err. PostgreSQL: always 1. */
int klar_store_check(klar_store *s, char *problem, size_t size, klar_error *err);

/* 1 if url names a PostgreSQL database ("postgresql://", "postgres://") rather than a
 * SQLite file. */
int klar_store_is_postgres_url(const char *url);

/* Closes the connection (finalizing nothing: finalize statements first). NULL is fine. */
void klar_store_close(klar_store *s);

klar_store_kind klar_store_backend(const klar_store *s);

/* The schema version after migrations (the number of the last one applied). */
int klar_store_schema_version(klar_store *s);

/* Transactions; nested calls are errors. Return 0 or -1 with err. On SQLite a transaction
 * takes the write lock at begin (BEGIN IMMEDIATE). A failed commit rolls back. Rollback
 * returns -1 if no transaction was open. */
int klar_store_begin(klar_store *s, klar_error *err);
int klar_store_commit(klar_store *s, klar_error *err);
int klar_store_rollback(klar_store *s);

/* 1 while a transaction begun with klar_store_begin is open. */
int klar_store_in_transaction(const klar_store *s);

/* Prepares sql (placeholders ?1, ?2, ...). NULL with err (naming the SQL) on failure. */
klar_stmt *klar_store_prepare(klar_store *s, const char *sql, klar_error *err);

/* Binds parameter i (1-based). Text is copied. Return 0 or -1 (index out of range). */
int klar_stmt_bind_text(klar_stmt *st, int i, const char *text);
int klar_stmt_bind_int64(klar_stmt *st, int i, int64_t v);
int klar_stmt_bind_double(klar_stmt *st, int i, double v);
int klar_stmt_bind_null(klar_stmt *st, int i);

enum { KLAR_STMT_ROW = 1, KLAR_STMT_DONE = 0 };

/* Runs the statement (first call) or moves to the next row: KLAR_STMT_ROW, KLAR_STMT_DONE,
 * or -1 with err (a constraint violation says so: see klar_stmt_constraint_failed). */
int klar_stmt_step(klar_stmt *st, klar_error *err);

/* 1 if the last failed step broke a UNIQUE, FOREIGN KEY or CHECK constraint. */
int klar_stmt_constraint_failed(const klar_stmt *st);

/* Columns of the current row (0-based). Text stays valid until the next step or reset;
 * NULL for SQL NULL. */
int klar_stmt_column_count(const klar_stmt *st);
int klar_stmt_column_is_null(const klar_stmt *st, int col);
const char *klar_stmt_column_text(const klar_stmt *st, int col);
int64_t klar_stmt_column_int64(const klar_stmt *st, int col);
double klar_stmt_column_double(const klar_stmt *st, int col);

/* Rows changed by the last INSERT/UPDATE/DELETE step. */
int64_t klar_stmt_changes(const klar_stmt *st);

/* Clears bindings and results so the statement can run again. */
void klar_stmt_reset(klar_stmt *st);

/* Frees the statement. NULL is fine. */
void klar_stmt_finalize(klar_stmt *st);

/* Convenience: prepares, binds the texts (NULL binds SQL NULL), runs to the end and
 * finalizes. For statements whose rows are not needed. Returns 0 or -1 with err. */
int klar_store_exec(klar_store *s, const char *sql, const char *const *texts, int n,
                    klar_error *err);

/* Timestamps as the database stores them: UTC text "YYYY-MM-DDTHH:MM:SSZ", which both
 * backends compare in time order. */
#define KLAR_TIMESTAMP_SIZE 24

/* Writes seconds since 1970 (UTC) as a timestamp into out. */
void klar_store_format_time(int64_t t, char out[KLAR_TIMESTAMP_SIZE]);

/* Parses a timestamp written by klar_store_format_time into seconds since 1970. 0, or -1. */
int klar_store_parse_time(const char *text, int64_t *out);

/* The current time as a timestamp. */
void klar_store_now(char out[KLAR_TIMESTAMP_SIZE]);

/* A consistent copy of the SQLite database at url into out_path while others may be writing
 * (SQLite's online backup). -1 with err for PostgreSQL (use pg_dump) or on failure. */
int klar_store_backup(const char *url, const char *out_path, klar_error *err);

#endif
