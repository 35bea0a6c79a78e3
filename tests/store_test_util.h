/* store_test_util.h - helpers for the tests that run on a store: temporary directories made
 * fresh under /tmp and removed with everything in them; the PostgreSQL database of the tests,
 * named by the environment variable KLAR_TEST_PG (scripts/pg-test-server.sh starts one) and
 * emptied before each test that uses it; the *_pg runs of a test on that database
 * (PG_TEST_VARIANT); a fresh store for one test on either backend (store_test_db,
 * store_test_open, store_test_open_seeded); and one number from a query (query_int).
 *
 *   static char dir[64];                    made by tmpdir_make in main
 *   static void test_x(void) { klar_store *s = store_test_open_seeded(dir, "x"); ... }
 *   PG_TEST_VARIANT(test_x)                 defines test_x_pg
 *   int main(void) { ... RUN(test_x); RUN(test_x_pg); ... }
 */
#ifndef KLAR_STORE_TEST_UTIL_H
#define KLAR_STORE_TEST_UTIL_H

#include "klar/datadir.h"
#include "klar/registry.h"
#include "klar/store.h"
#include "test.h"

#include <dirent.h>
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Makes a fresh directory /tmp/klar-store-XXXXXX into buf (at least 64 bytes); 0 or -1. */
static inline int tmpdir_make(char *buf, size_t size)
{
    snprintf(buf, size, "/tmp/klar-store-XXXXXX");
    return mkdtemp(buf) ? 0 : -1;
}

/* Removes the files in dir (one level) and dir itself. */
static inline void tmpdir_remove(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[1024];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (unlink(path) < 0) {   /* a subdirectory: one more level */
                DIR *sub = opendir(path);
                struct dirent *f;
                char p2[1280];
                while (sub && (f = readdir(sub)) != NULL) {
                    snprintf(p2, sizeof p2, "%s/%s", path, f->d_name);
                    unlink(p2);
                }
                if (sub)
                    closedir(sub);
                rmdir(path);
            }
        }
        closedir(d);
    }
    rmdir(dir);
}

/* The URL in KLAR_TEST_PG, or NULL if unset or empty. */
static inline const char *pg_test_url(void)
{
    const char *url = getenv("KLAR_TEST_PG");
    return url && *url ? url : NULL;
}

/* Empties the test database (DROP SCHEMA public CASCADE; CREATE SCHEMA public); 0, or -1 with
 * the reason on stderr. */
static inline int pg_test_reset(const char *url)
{
    PGconn *c = PQconnectdb(url);
    int ok = c && PQstatus(c) == CONNECTION_OK;
    if (ok) {
        PGresult *r = PQexec(c, "SET client_min_messages = warning; "
                                "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
        ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!ok)
            fprintf(stderr, "%s: %s", url, PQresultErrorMessage(r));
        PQclear(r);
    } else {
        fprintf(stderr, "%s: %s", url, c ? PQerrorMessage(c) : "out of memory\n");
    }
    PQfinish(c);
    return ok ? 0 : -1;
}

/* 1 while a *_pg run is running (PG_TEST_VARIANT sets it): store_test_db then names the
 * KLAR_TEST_PG database instead of a file. */
static int use_pg;

/* Defines fn_pg: fn with use_pg set, against the KLAR_TEST_PG database, or skipped when
 * KLAR_TEST_PG is not set. */
#define PG_TEST_VARIANT(fn)                               \
    static void fn##_pg(void)                             \
    {                                                     \
        if (!pg_test_url()) {                             \
            test_skip("KLAR_TEST_PG not set");            \
            return;                                       \
        }                                                 \
        use_pg = 1;                                       \
        fn();                                             \
        use_pg = 0;                                       \
    }

/* The fresh database of the test name into path (at least 1024 bytes): in a *_pg run the
 * KLAR_TEST_PG database, emptied first; else the file dir/name.db (a name not used before in
 * dir). 0, or -1 if the PostgreSQL database cannot be emptied (the reason on stderr; path
 * names it all the same). */
static inline int store_test_db(char *path, size_t size, const char *dir, const char *name)
{
    if (use_pg) {
        snprintf(path, size, "%s", pg_test_url());
        return pg_test_reset(path);
    }
    snprintf(path, size, "%s/%s.db", dir, name);
    return 0;
}

/* The store on the fresh database of the test name (store_test_db), migrated and empty; NULL
 * with the reason on stderr. */
static inline klar_store *store_test_open(const char *dir, const char *name)
{
    char path[1024];
    klar_error err;
    if (store_test_db(path, sizeof path, dir, name) < 0)
        return NULL;
    klar_store *s = klar_store_open(path, &err);
    if (!s)
        fprintf(stderr, "%s\n", err.message);
    return s;
}

/* store_test_open with the organisations seeded from the data directory
 * (klar_registry_seed); NULL with the reason on stderr. */
static inline klar_store *store_test_open_seeded(const char *dir, const char *name)
{
    klar_error err;
    klar_store *s = store_test_open(dir, name);
    if (s && klar_registry_seed(s, klar_datadir(), &err) < 0) {
        fprintf(stderr, "%s\n", err.message);
        klar_store_close(s);
        return NULL;
    }
    return s;
}

/* The first column of the first row of sql as an integer, with ?1 bound to arg unless it is
 * NULL; -1 on failure. */
static inline int64_t query_int(klar_store *s, const char *sql, const char *arg)
{
    klar_error err;
    klar_stmt *st = klar_store_prepare(s, sql, &err);
    if (!st)
        return -1;
    if (arg)
        klar_stmt_bind_text(st, 1, arg);
    int64_t v = klar_stmt_step(st, &err) == KLAR_STMT_ROW ? klar_stmt_column_int64(st, 0) : -1;
    klar_stmt_finalize(st);
    return v;
}

#endif
