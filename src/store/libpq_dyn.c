/* libpq_dyn.c - loading libpq at the first PostgreSQL connection (libpq_dyn.h): dlopen once,
 * every function by name from a table, so that a missing one is named. */
#include "libpq_dyn.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    size_t offset;
} symbols[] = {
#define SYMBOL(f) {#f, offsetof(klar_libpq, f)}
    SYMBOL(PQconnectdb), SYMBOL(PQstatus), SYMBOL(PQerrorMessage), SYMBOL(PQfinish),
    SYMBOL(PQexec), SYMBOL(PQprepare), SYMBOL(PQexecPrepared), SYMBOL(PQtransactionStatus),
    SYMBOL(PQresultStatus), SYMBOL(PQresultErrorMessage), SYMBOL(PQresultErrorField),
    SYMBOL(PQntuples), SYMBOL(PQnfields), SYMBOL(PQgetvalue), SYMBOL(PQgetisnull),
    SYMBOL(PQcmdTuples), SYMBOL(PQclear),
#undef SYMBOL
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static klar_libpq table;
static int loaded;
static char why[512];

static void load(void)
{
    void *h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(why, sizeof why, "PostgreSQL needs libpq (Debian package libpq5): %s",
                 dlerror());
        return;
    }
    for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++) {
        void *f = dlsym(h, symbols[i].name);
        if (!f) {
            snprintf(why, sizeof why, "libpq.so.5 lacks %s", symbols[i].name);
            dlclose(h);
            return;
        }
        memcpy((char *)&table + symbols[i].offset, &f, sizeof f);
    }
    loaded = 1;                 /* the handle stays open for the life of the process */
}

const klar_libpq *klar_libpq_load(klar_error *err)
{
    pthread_once(&once, load);
    if (loaded)
        return &table;
    klar_error_set(err, NULL, 0, "%s", why);
    return NULL;
}
