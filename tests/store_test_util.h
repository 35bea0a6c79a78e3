/* store_test_util.h - temporary directories for the store and registry tests: made fresh under
 * /tmp and removed with everything in them; and the PostgreSQL database of the tests, named by
 * the environment variable KLAR_TEST_PG (scripts/pg-test-server.sh starts one), emptied before
 * each test that uses it. */
#ifndef KLAR_STORE_TEST_UTIL_H
#define KLAR_STORE_TEST_UTIL_H

#include <dirent.h>
#include <libpq-fe.h>
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

#endif
