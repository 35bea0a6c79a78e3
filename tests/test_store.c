/* test_store.c - the store: migrations, prepared statements, constraints, transactions and
 * durability across _exit and SIGKILL on SQLite and, when KLAR_TEST_PG names a database, on
 * PostgreSQL too (the *_pg runs); the pragmas, file paths and online backup on SQLite only. */
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>
#include "klar/store.h"
#include "store_test_util.h"
#include "test.h"

/* The number of migrations in src/store/migrations.c (1 auth and audit, 2 risks, 3 the
 * preparedness cycle, 4 capacity, stocks, reserves and situation reports). */
#define SCHEMA_VERSION 9

static char dir[64];
static char dbpath[1024];

/* A fresh database for one test (store_test_db: a new file path, or the emptied PostgreSQL
 * database); a failed check if it cannot be emptied. */
static const char *fresh_db(const char *name)
{
    if (store_test_db(dbpath, sizeof dbpath, dir, name) < 0)
        CHECK(!"cannot empty the KLAR_TEST_PG database");
    return dbpath;
}

/* The backend the running test expects. */
static klar_store_kind expected_backend(void)
{
    return use_pg ? KLAR_STORE_POSTGRES : KLAR_STORE_SQLITE;
}

/* The first column of the first row of sql as text into buf ("" on failure). */
static const char *query_text(klar_store *s, const char *sql, char *buf, size_t size)
{
    klar_error err;
    buf[0] = '\0';
    klar_stmt *st = klar_store_prepare(s, sql, &err);
    if (st && klar_stmt_step(st, &err) == KLAR_STMT_ROW && klar_stmt_column_text(st, 0))
        snprintf(buf, size, "%s", klar_stmt_column_text(st, 0));
    klar_stmt_finalize(st);
    return buf;
}

/* Inserts organisation id (type agency, no parent); 0 or -1. */
static int add_org(klar_store *s, const char *id)
{
    klar_error err;
    const char *v[] = {id, id};
    return klar_store_exec(s, "INSERT INTO organisations (id, name, type) VALUES (?1, ?2, 'agency')",
                           v, 2, &err);
}

static void test_open_migrates_once(void)
{
    klar_error err;
    const char *path = fresh_db("migrate");
    klar_store *s = klar_store_open(path, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(klar_store_backend(s) == expected_backend());
    CHECK(klar_store_schema_version(s) == SCHEMA_VERSION);
    CHECK(query_int(s, "SELECT count(*) FROM schema_migrations", NULL) == SCHEMA_VERSION);
    CHECK(query_int(s, "SELECT count(*) FROM organisations", NULL) == 0);
    klar_store_close(s);
    s = klar_store_open(path, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(klar_store_schema_version(s) == SCHEMA_VERSION);
    CHECK(query_int(s, "SELECT count(*) FROM schema_migrations", NULL) == SCHEMA_VERSION);
    char buf[64];
    CHECK(strlen(query_text(s, "SELECT applied_at FROM schema_migrations", buf, sizeof buf)) == 20);
    klar_store_close(s);
}

static void test_newer_schema_refused(void)
{
    klar_error err;
    const char *path = fresh_db("newer");
    klar_store *s = klar_store_open(path, &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(klar_store_exec(s, "INSERT INTO schema_migrations VALUES (999, 'x')", NULL, 0, &err) == 0);
    klar_store_close(s);
    CHECK(klar_store_open(path, &err) == NULL);
    CHECK(test_contains(err.message, "newer"));
}

static void test_bad_path(void)
{
    klar_error err;
    CHECK(klar_store_open("/nonexistent-dir/x/y.db", &err) == NULL);
    CHECK(test_contains(err.message, "/nonexistent-dir/x/y.db"));
    CHECK(klar_store_open("postgresql:///klar?host=/nonexistent-dir&connect_timeout=2", &err) == NULL);
    CHECK(test_contains(err.message, "/nonexistent-dir"));
    CHECK(klar_store_open("", &err) == NULL);
}

/* A zero-length file is no registry: refused unless init_empty; the quick check of a sound
 * database passes; a size cap fails writes with KLAR_ERR_FULL, as a full disk does. */
static void test_faults(void)
{
    klar_error err;
    const char *path = fresh_db("empty");
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f)
        fclose(f);
    CHECK(klar_store_open(path, &err) == NULL);
    CHECK(test_contains(err.message, path) && test_contains(err.message, "empty (0 bytes)"));
    klar_store_options init = {.init_empty = 1};
    klar_store *s = klar_store_open_with(path, &init, &err);
    CHECK(s != NULL);
    char problem[200];
    CHECK(s && klar_store_check(s, problem, sizeof problem, &err) == 1 && problem[0] == '\0');
    klar_store_close(s);
    /* the cap: inserts fail once the file holds 400 KiB of pages, and say so */
    klar_store_options cap = {.max_bytes = 400 << 10};
    s = klar_store_open_with(path, &cap, &err);
    CHECK(s != NULL);
    int failed = 0;
    char text[2000];
    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    for (int i = 0; s && i < 1000 && !failed; i++) {
        char id[32];
        snprintf(id, sizeof id, "org-%d", i);
        const char *v[] = {id, text};
        failed = klar_store_exec(s, "INSERT INTO organisations (id, name, type) "
                                    "VALUES (?1, ?2, 'agency')", v, 2, &err) != 0;
    }
    CHECK(failed && err.code == KLAR_ERR_FULL);
    klar_store_close(s);
    /* without the cap: room again */
    s = klar_store_open(path, &err);
    const char *v[] = {"one-more", "x"};
    CHECK(s && klar_store_exec(s, "INSERT INTO organisations (id, name, type) "
                                  "VALUES (?1, ?2, 'agency')", v, 2, &err) == 0);
    klar_store_close(s);
    /* read-only: reads work, writes fail with KLAR_ERR_READ_ONLY, sessions are writable */
    klar_store_options ro = {.read_only = 1};
    s = klar_store_open_with(path, &ro, &err);
    CHECK(s != NULL);
    char buf[32];
    CHECK(s && strcmp(query_text(s, "SELECT name FROM organisations WHERE id = 'one-more'", buf,
                                 sizeof buf), "x") == 0);
    const char *w[] = {"not-saved", "x"};
    CHECK(s && klar_store_exec(s, "INSERT INTO organisations (id, name, type) "
                                  "VALUES (?1, ?2, 'agency')", w, 2, &err) != 0 &&
          err.code == KLAR_ERR_READ_ONLY);
    klar_store_close(s);
}

static void test_pragmas(void)
{
    klar_error err;
    klar_store *s = klar_store_open(fresh_db("pragmas"), &err);
    CHECK(s != NULL);
    if (!s)
        return;
    char buf[32];
    CHECK(strcmp(query_text(s, "PRAGMA journal_mode", buf, sizeof buf), "wal") == 0);
    CHECK(query_int(s, "PRAGMA synchronous", NULL) == 2);   /* FULL */
    CHECK(query_int(s, "PRAGMA foreign_keys", NULL) == 1);
    CHECK(query_int(s, "PRAGMA busy_timeout", NULL) > 0);
    klar_store_close(s);
}

static void test_bind_types(void)
{
    klar_error err;
    klar_store *s = klar_store_open(fresh_db("bind"), &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(klar_store_exec(s, "CREATE TABLE t (a TEXT, b BIGINT, c REAL, d TEXT)", NULL, 0, &err) == 0);
    klar_stmt *st = klar_store_prepare(s, "INSERT INTO t VALUES (?1, ?2, ?3, ?4)", &err);
    CHECK(st != NULL);
    if (!st) {
        klar_store_close(s);
        return;
    }
    char text[16] = "Bærum 'x\"";
    CHECK(klar_stmt_bind_text(st, 1, text) == 0);
    text[0] = 'Z';   /* bound text is copied */
    CHECK(klar_stmt_bind_int64(st, 2, INT64_C(9007199254740993)) == 0);
    CHECK(klar_stmt_bind_double(st, 3, 0.125) == 0);
    CHECK(klar_stmt_bind_null(st, 4) == 0);
    CHECK(klar_stmt_bind_text(st, 5, "x") == -1);   /* out of range */
    CHECK(klar_stmt_bind_int64(st, 0, 1) == -1);
    CHECK(klar_stmt_step(st, &err) == KLAR_STMT_DONE);
    CHECK(klar_stmt_changes(st) == 1);
    CHECK(!klar_stmt_constraint_failed(st));
    klar_stmt_reset(st);   /* bindings cleared: all NULL */
    CHECK(klar_stmt_step(st, &err) == KLAR_STMT_DONE);
    klar_stmt_finalize(st);

    st = klar_store_prepare(s, "SELECT a, b, c, d FROM t ORDER BY a IS NULL", &err);
    CHECK(st && klar_stmt_step(st, &err) == KLAR_STMT_ROW);
    if (st) {
        CHECK(klar_stmt_column_count(st) == 4);
        CHECK(strcmp(klar_stmt_column_text(st, 0), "Bærum 'x\"") == 0);
        CHECK(klar_stmt_column_int64(st, 1) == INT64_C(9007199254740993));
        CHECK_NEAR(klar_stmt_column_double(st, 2), 0.125, 0);
        CHECK(klar_stmt_column_is_null(st, 3));
        CHECK(klar_stmt_column_text(st, 3) == NULL);
        CHECK(!klar_stmt_column_is_null(st, 0));
        CHECK(klar_stmt_step(st, &err) == KLAR_STMT_ROW);
        CHECK(klar_stmt_column_is_null(st, 0) && klar_stmt_column_is_null(st, 1));
        CHECK(klar_stmt_step(st, &err) == KLAR_STMT_DONE);
    }
    klar_stmt_finalize(st);
    klar_stmt_finalize(NULL);

    const char *v[] = {"one", NULL};
    CHECK(klar_store_exec(s, "INSERT INTO t (a, d) VALUES (?1, ?2)", v, 2, &err) == 0);
    CHECK(query_int(s, "SELECT count(*) FROM t WHERE a = 'one' AND d IS NULL", NULL) == 1);

    CHECK(klar_store_prepare(s, "SELEC nonsense", &err) == NULL);
    CHECK(test_contains(err.message, "SELEC nonsense"));
    klar_store_close(s);
}

static void test_placeholders(void)
{
    klar_error err;
    klar_store *s = klar_store_open(fresh_db("placeholders"), &err);
    CHECK(s != NULL);
    if (!s)
        return;
    /* ?N inside string literals, quoted identifiers and comments is text, not a parameter;
     * a parameter may appear twice and out of order */
    klar_stmt *st = klar_store_prepare(s,
        "SELECT ?2 || '?1''?2' AS \"x?1\", -- ?3 here is a comment\n"
        "       ?1 || ?2 /* and ?4 */", &err);
    CHECK(st != NULL);
    if (st) {
        CHECK(klar_stmt_bind_text(st, 1, "a") == 0);
        CHECK(klar_stmt_bind_text(st, 2, "b") == 0);
        CHECK(klar_stmt_bind_text(st, 3, "c") == -1);
        CHECK(klar_stmt_step(st, &err) == KLAR_STMT_ROW);
        CHECK(klar_stmt_column_count(st) == 2);
        CHECK(klar_stmt_column_text(st, 0) && strcmp(klar_stmt_column_text(st, 0), "b?1'?2") == 0);
        CHECK(klar_stmt_column_text(st, 1) && strcmp(klar_stmt_column_text(st, 1), "ab") == 0);
        CHECK(klar_stmt_step(st, &err) == KLAR_STMT_DONE);
        CHECK(klar_stmt_column_count(st) == 0);
        klar_stmt_reset(st);   /* runs again with new bindings */
        klar_stmt_bind_text(st, 1, "c");
        klar_stmt_bind_text(st, 2, "d");
        CHECK(klar_stmt_step(st, &err) == KLAR_STMT_ROW);
        CHECK(klar_stmt_column_text(st, 1) && strcmp(klar_stmt_column_text(st, 1), "cd") == 0);
    }
    klar_stmt_finalize(st);
    /* updates count their rows */
    CHECK(add_org(s, "a") == 0 && add_org(s, "b") == 0);
    st = klar_store_prepare(s, "UPDATE organisations SET name = ?1 WHERE id <> 'zzz'", &err);
    CHECK(st && klar_stmt_bind_text(st, 1, "n") == 0 && klar_stmt_step(st, &err) == KLAR_STMT_DONE);
    CHECK(st && klar_stmt_changes(st) == 2);
    klar_stmt_finalize(st);
    klar_store_close(s);
}

/* Runs sql with texts and reports whether it failed on a constraint. */
static int fails_on_constraint(klar_store *s, const char *sql, const char *const *v, int n)
{
    klar_error err;
    klar_stmt *st = klar_store_prepare(s, sql, &err);
    if (!st)
        return 0;
    for (int i = 0; i < n; i++)
        klar_stmt_bind_text(st, i + 1, v[i]);
    int rc = klar_stmt_step(st, &err);
    int c = rc < 0 && klar_stmt_constraint_failed(st);
    klar_stmt_finalize(st);
    return c;
}

static void test_constraints(void)
{
    klar_error err;
    klar_store *s = klar_store_open(fresh_db("constraints"), &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(add_org(s, "hod") == 0);
    const char *ins = "INSERT INTO organisations (id, name, type, parent_id) VALUES (?1, ?2, ?3, ?4)";
    const char *dup[] = {"hod", "Again", "ministry", NULL};
    CHECK(fails_on_constraint(s, ins, dup, 4));                    /* PRIMARY KEY / UNIQUE */
    const char *badtype[] = {"x", "X", "club", NULL};
    CHECK(fails_on_constraint(s, ins, badtype, 4));                /* CHECK */
    const char *orphan[] = {"y", "Y", "hf", "nowhere"};
    CHECK(fails_on_constraint(s, ins, orphan, 4));                 /* FOREIGN KEY */
    const char *user = "INSERT INTO users (name, password_hash, org_id, role, created_at) "
                       "VALUES (?1, 'h', ?2, ?3, 'now')";
    const char *u1[] = {"kari", "hod", "admin"};
    CHECK(!fails_on_constraint(s, user, u1, 3));
    CHECK(fails_on_constraint(s, user, u1, 3));                    /* UNIQUE name */
    const char *u2[] = {"ola", "hod", "god"};
    CHECK(fails_on_constraint(s, user, u2, 3));                    /* CHECK role */
    const char *u3[] = {"ola", "nowhere", "viewer"};
    CHECK(fails_on_constraint(s, user, u3, 3));                    /* FOREIGN KEY org */
    CHECK(klar_store_exec(s, "INSERT INTO organisations (id, type) VALUES ('z', 'hf')", NULL, 0,
                          &err) < 0);                              /* NOT NULL name */
    klar_store_close(s);
}

static void test_user_ids_and_cascade(void)
{
    klar_error err;
    klar_store *s = klar_store_open(fresh_db("users"), &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(add_org(s, "hod") == 0);
    klar_stmt *st = klar_store_prepare(s,
        "INSERT INTO users (name, password_hash, org_id, role, created_at) "
        "VALUES (?1, 'h', 'hod', 'viewer', 'now') RETURNING id", &err);
    CHECK(st != NULL);
    if (!st) {
        klar_store_close(s);
        return;
    }
    klar_stmt_bind_text(st, 1, "a");
    CHECK(klar_stmt_step(st, &err) == KLAR_STMT_ROW && klar_stmt_column_int64(st, 0) == 1);
    CHECK(klar_stmt_step(st, &err) == KLAR_STMT_DONE);
    klar_stmt_reset(st);
    klar_stmt_bind_text(st, 1, "b");
    CHECK(klar_stmt_step(st, &err) == KLAR_STMT_ROW && klar_stmt_column_int64(st, 0) == 2);
    CHECK(klar_stmt_step(st, &err) == KLAR_STMT_DONE);
    klar_stmt_finalize(st);
    CHECK(klar_store_exec(s, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                             "expires_at) VALUES ('t1', 1, 'c', 'now', 'later')", NULL, 0,
                          &err) == 0);
    CHECK(klar_store_exec(s, "DELETE FROM users WHERE id = 1", NULL, 0, &err) == 0);
    CHECK(query_int(s, "SELECT count(*) FROM sessions", NULL) == 0);   /* ON DELETE CASCADE */
    CHECK(klar_store_exec(s, "INSERT INTO audit (at, action, entity) VALUES ('now', 'x', 'y')",
                          NULL, 0, &err) == 0);
    CHECK(query_int(s, "SELECT id FROM audit", NULL) == 1);
    klar_store_close(s);
}

static void test_transactions(void)
{
    klar_error err;
    klar_store *s = klar_store_open(fresh_db("tx"), &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(klar_store_begin(s, &err) == 0);
    CHECK(klar_store_in_transaction(s));
    CHECK(klar_store_begin(s, &err) == -1);   /* nested */
    CHECK(add_org(s, "gone") == 0);
    CHECK(query_int(s, "SELECT count(*) FROM organisations", NULL) == 1);
    CHECK(klar_store_rollback(s) == 0);
    CHECK(!klar_store_in_transaction(s));
    CHECK(query_int(s, "SELECT count(*) FROM organisations", NULL) == 0);
    CHECK(klar_store_commit(s, &err) == -1);  /* none open */
    CHECK(klar_store_rollback(s) == -1);
    CHECK(klar_store_begin(s, &err) == 0);
    CHECK(add_org(s, "kept") == 0);
    CHECK(klar_store_commit(s, &err) == 0);
    klar_store_close(s);
    s = klar_store_open(dbpath, &err);
    CHECK(s && query_int(s, "SELECT count(*) FROM organisations WHERE id = 'kept'", NULL) == 1);
    /* closing with a transaction open rolls it back */
    if (s) {
        CHECK(klar_store_begin(s, &err) == 0);
        CHECK(add_org(s, "open") == 0);
        klar_store_close(s);
    }
    s = klar_store_open(dbpath, &err);
    CHECK(s && query_int(s, "SELECT count(*) FROM organisations", NULL) == 1);
    klar_store_close(s);
}

/* In a child: opens path, inserts organisation id (in a transaction if tx), and returns the
 * store still open (never closed: the caller _exits or is killed). */
static klar_store *child_write(const char *path, const char *id, int tx)
{
    klar_error err;
    klar_store *s = klar_store_open(path, &err);
    if (!s)
        _exit(3);
    if (tx && klar_store_begin(s, &err) < 0)
        _exit(4);
    if (add_org(s, id) < 0)
        _exit(5);
    if (tx && klar_store_commit(s, &err) < 0)
        _exit(6);
    return s;
}

static void test_durable_after_exit(void)
{
    klar_error err;
    const char *path = fresh_db("exit");
    klar_store_close(klar_store_open(path, &err));
    pid_t pid = fork();
    if (pid == 0) {
        child_write(path, "after-exit", 0);
        _exit(0);   /* no close, no checkpoint */
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    klar_store *s = klar_store_open(path, &err);
    CHECK(s && query_int(s, "SELECT count(*) FROM organisations WHERE id = 'after-exit'", NULL) == 1);
    klar_store_close(s);
}

static void test_durable_after_sigkill(void)
{
    klar_error err;
    const char *path = fresh_db("kill");
    klar_store_close(klar_store_open(path, &err));
    int fds[2];
    CHECK(pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        child_write(path, "after-kill", 1);
        if (write(fds[1], "k", 1) != 1)   /* acknowledged: now wait to be killed */
            _exit(7);
        for (;;)
            pause();
    }
    close(fds[1]);
    char c = 0;
    CHECK(read(fds[0], &c, 1) == 1 && c == 'k');
    close(fds[0]);
    kill(pid, SIGKILL);
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    klar_store *s = klar_store_open(path, &err);
    CHECK(s && query_int(s, "SELECT count(*) FROM organisations WHERE id = 'after-kill'", NULL) == 1);
    klar_store_close(s);
}

/* In a child: commits pairs of rows into pairs(n) until killed; signals after the first. */
static void child_write_pairs(const char *path, int ready_fd)
{
    klar_error err;
    klar_store *s = klar_store_open(path, &err);
    if (!s)
        _exit(3);
    klar_stmt *st = klar_store_prepare(s, "INSERT INTO pairs (n) VALUES (?1)", &err);
    if (!st)
        _exit(4);
    for (int64_t i = 0;; i++) {
        if (klar_store_begin(s, &err) < 0)
            _exit(5);
        for (int k = 0; k < 2; k++) {
            klar_stmt_bind_int64(st, 1, i);
            if (klar_stmt_step(st, &err) < 0)
                _exit(6);
            klar_stmt_reset(st);
        }
        if (klar_store_commit(s, &err) < 0)
            _exit(7);
        if (i == 0 && write(ready_fd, "r", 1) != 1)
            _exit(8);
    }
}

/* Opens a backup and checks it: integrity ok, rows present and all in whole pairs. */
static void check_backup(const char *path)
{
    klar_error err;
    klar_store *b = klar_store_open(path, &err);
    CHECK(b != NULL);
    if (!b)
        return;
    char buf[32];
    CHECK(strcmp(query_text(b, "PRAGMA integrity_check", buf, sizeof buf), "ok") == 0);
    int64_t rows = query_int(b, "SELECT count(*) FROM pairs", NULL);
    CHECK(rows >= 2 && rows % 2 == 0);
    CHECK(query_int(b, "SELECT count(*) FROM (SELECT n FROM pairs GROUP BY n HAVING count(*) <> 2)", NULL) == 0);
    CHECK(query_int(b, "SELECT count(*) FROM organisations WHERE id = 'hod'", NULL) == 1);
    klar_store_close(b);
}

static void test_backup_while_writing(void)
{
    klar_error err;
    const char *path = fresh_db("live");
    klar_store *s = klar_store_open(path, &err);
    CHECK(s && klar_store_exec(s, "CREATE TABLE pairs (n BIGINT NOT NULL)", NULL, 0, &err) == 0);
    CHECK(s && add_org(s, "hod") == 0);
    klar_store_close(s);
    int fds[2];
    CHECK(pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        child_write_pairs(path, fds[1]);
    }
    close(fds[1]);
    char c = 0;
    CHECK(read(fds[0], &c, 1) == 1);
    close(fds[0]);
    char out[256];
    snprintf(out, sizeof out, "%s/backup.db", dir);
    for (int round = 0; round < 3; round++) {
        CHECK(klar_store_backup(path, out, &err) == 0);
        check_backup(out);
        nanosleep(&(struct timespec){0, 20000000}, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    CHECK(klar_store_backup("postgresql://x/y", out, &err) == -1);
    CHECK(klar_store_backup(path, "/nonexistent-dir/b.db", &err) == -1);
    CHECK(test_contains(err.message, "/nonexistent-dir/b.db"));
}

PG_TEST_VARIANT(test_open_migrates_once)
PG_TEST_VARIANT(test_newer_schema_refused)
PG_TEST_VARIANT(test_bind_types)
PG_TEST_VARIANT(test_placeholders)
PG_TEST_VARIANT(test_constraints)
PG_TEST_VARIANT(test_user_ids_and_cascade)
PG_TEST_VARIANT(test_transactions)
PG_TEST_VARIANT(test_durable_after_exit)
PG_TEST_VARIANT(test_durable_after_sigkill)

int main(void)
{
    if (tmpdir_make(dir, sizeof dir) < 0) {
        fprintf(stderr, "cannot make a temporary directory\n");
        return 1;
    }
    RUN(test_open_migrates_once);
    RUN(test_newer_schema_refused);
    RUN(test_bad_path);
    RUN(test_pragmas);
    RUN(test_faults);
    RUN(test_bind_types);
    RUN(test_placeholders);
    RUN(test_constraints);
    RUN(test_user_ids_and_cascade);
    RUN(test_transactions);
    RUN(test_durable_after_exit);
    RUN(test_durable_after_sigkill);
    RUN(test_backup_while_writing);
    RUN(test_open_migrates_once_pg);
    RUN(test_newer_schema_refused_pg);
    RUN(test_bind_types_pg);
    RUN(test_placeholders_pg);
    RUN(test_constraints_pg);
    RUN(test_user_ids_and_cascade_pg);
    RUN(test_transactions_pg);
    RUN(test_durable_after_exit_pg);
    RUN(test_durable_after_sigkill_pg);
    tmpdir_remove(dir);
    return test_finish();
}
