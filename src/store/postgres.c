/* postgres.c - the PostgreSQL backend of the store (libpq): one connection from
 * PQconnectdb(url); ?N placeholders translated to $N (outside literals, quoted identifiers and
 * comments); every statement prepared under its own name with PQprepare and run with
 * PQexecPrepared, text parameters in and text results out, the whole result held by the
 * statement and walked row by row. SQLSTATE class 23 (integrity constraint violation) is a
 * constraint failure. */
#include "store_internal.h"
#include "libpq_dyn.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libpq's functions (libpq_dyn.h), set by the first pg_open; every other function here runs
 * on a connection pg_open made. */
static const klar_libpq *_Atomic pq;

typedef struct pg_conn {
    PGconn *pg;
    unsigned long next_id;   /* for statement names */
    char **stale;            /* statements to DEALLOCATE once the transaction is over */
    size_t nstale, capstale;
} pg_conn;

typedef struct pg_stmt {
    pg_conn *conn;
    char name[32];
    char *sql;          /* as given, for messages */
    int nparams;
    char **values;      /* malloc'd texts, NULL for SQL NULL */
    PGresult *res;      /* of the last run, NULL before it */
    int row;            /* current row in res */
    int done;
    int64_t changes;
} pg_stmt;


/* A libpq message without its trailing newline into buf. */
static const char *trim_message(const char *msg, char *buf, size_t size)
{
    snprintf(buf, size, "%s", msg && *msg ? msg : "unknown error");
    size_t n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
        buf[--n] = '\0';
    return buf;
}

/* Deallocates the statements finalized while a transaction was open or failed. */
static void flush_stale(pg_conn *c)
{
    if (pq->PQtransactionStatus(c->pg) != PQTRANS_IDLE)
        return;
    for (size_t i = 0; i < c->nstale; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", c->stale[i]);
        pq->PQclear(pq->PQexec(c->pg, sql));
        free(c->stale[i]);
    }
    c->nstale = 0;
}

static void *pg_open(const char *url, const klar_store_options *o, klar_error *err)
{
    (void)o;                      /* read-only, size caps: the PostgreSQL server's business */
    const klar_libpq *lib = klar_libpq_load(err);
    if (!lib)
        return NULL;
    pq = lib;
    pg_conn *c = calloc(1, sizeof *c);
    if (!c) {
        klar_error_set(err, url, 0, "out of memory");
        return NULL;
    }
    c->pg = pq->PQconnectdb(url);
    if (!c->pg || pq->PQstatus(c->pg) != CONNECTION_OK) {
        char msg[512];
        klar_error_set(err, url, 0, "cannot connect: %s",
                       trim_message(c->pg ? pq->PQerrorMessage(c->pg) : "out of memory", msg,
                                    sizeof msg));
        pq->PQfinish(c->pg);
        free(c);
        return NULL;
    }
    pq->PQclear(pq->PQexec(c->pg, "SET client_min_messages = warning"));
    return c;
}

static void pg_close(void *conn)
{
    pg_conn *c = conn;
    if (!c)
        return;
    for (size_t i = 0; i < c->nstale; i++)
        free(c->stale[i]);
    free(c->stale);
    pq->PQfinish(c->pg);
    free(c);
}

/* The klar_error code of SQLSTATE state: 53100 disk full, 25006 read-only transaction. */
static klar_error_code code_of_state(const char *state)
{
    if (state && strcmp(state, "53100") == 0)
        return KLAR_ERR_FULL;
    if (state && strcmp(state, "25006") == 0)
        return KLAR_ERR_READ_ONLY;
    return KLAR_ERR_FAILED;
}

static int pg_exec_script(void *conn, const char *sql, klar_error *err)
{
    pg_conn *c = conn;
    PGresult *res = pq->PQexec(c->pg, sql);
    ExecStatusType st = pq->PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        char head[96], msg[512];
        store_sql_excerpt(sql, head, sizeof head);
        klar_error_set(err, NULL, 0, "%s (in: %s)",
                       trim_message(res ? pq->PQresultErrorMessage(res) : pq->PQerrorMessage(c->pg),
                                    msg, sizeof msg), head);
        if (err)
            err->code = code_of_state(res ? pq->PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL);
        pq->PQclear(res);
        return -1;
    }
    pq->PQclear(res);
    flush_stale(c);
    return 0;
}

/* sql with ?N turned into $N outside string literals, quoted identifiers and comments;
 * *nparams gets the highest N. malloc'd (never longer than sql), NULL if out of memory. */
static char *translate(const char *sql, int *nparams)
{
    char *out = malloc(strlen(sql) + 1), *o = out;
    if (!out)
        return NULL;
    *nparams = 0;
    const char *p = sql;
    while (*p) {
        if (*p == '\'' || *p == '"') {   /* literal or identifier; doubled quotes stay inside */
            char q = *p;
            *o++ = *p++;
            while (*p) {
                if (*p == q && p[1] == q) {
                    *o++ = *p++;
                    *o++ = *p++;
                } else if (*p == q) {
                    *o++ = *p++;
                    break;
                } else {
                    *o++ = *p++;
                }
            }
        } else if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                *o++ = *p++;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            size_t n = end ? (size_t)(end + 2 - p) : strlen(p);
            memcpy(o, p, n);
            o += n;
            p += n;
        } else if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
            *o++ = '$';
            p++;
            int n = 0;
            while (*p >= '0' && *p <= '9') {
                if (n < 100000)
                    n = n * 10 + (*p - '0');
                *o++ = *p++;
            }
            if (n > *nparams)
                *nparams = n;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

static void *pg_prepare(void *conn, const char *sql, klar_error *err)
{
    pg_conn *c = conn;
    char head[96];
    store_sql_excerpt(sql, head, sizeof head);
    if (strspn(sql, " \t\r\n;") == strlen(sql)) {
        klar_error_set(err, NULL, 0, "empty SQL statement");
        return NULL;
    }
    pg_stmt *st = calloc(1, sizeof *st);
    int nparams = 0;
    char *pgsql = st ? translate(sql, &nparams) : NULL;
    if (st)
        st->sql = strdup(sql);
    if (st && nparams > 0)
        st->values = calloc((size_t)nparams, sizeof *st->values);
    if (!st || !pgsql || !st->sql || (nparams > 0 && !st->values)) {
        klar_error_set(err, NULL, 0, "out of memory (in: %s)", head);
        free(pgsql);
        if (st) {
            free(st->sql);
            free(st->values);
            free(st);
        }
        return NULL;
    }
    st->conn = c;
    st->nparams = nparams;
    snprintf(st->name, sizeof st->name, "klar_%lu", ++c->next_id);
    PGresult *res = pq->PQprepare(c->pg, st->name, pgsql, nparams, NULL);
    free(pgsql);
    if (pq->PQresultStatus(res) != PGRES_COMMAND_OK) {
        char msg[512];
        klar_error_set(err, NULL, 0, "%s (in: %s)",
                       trim_message(res ? pq->PQresultErrorMessage(res) : pq->PQerrorMessage(c->pg),
                                    msg, sizeof msg), head);
        pq->PQclear(res);
        free(st->sql);
        free(st->values);
        free(st);
        return NULL;
    }
    pq->PQclear(res);
    return st;
}

/* Sets parameter i to a copy of text (NULL: SQL NULL); 0 or -1. */
static int set_param(pg_stmt *st, int i, const char *text)
{
    if (i < 1 || i > st->nparams)
        return -1;
    char *copy = NULL;
    if (text && !(copy = strdup(text)))
        return -1;
    free(st->values[i - 1]);
    st->values[i - 1] = copy;
    return 0;
}

static int pg_bind_text(void *st, int i, const char *text)
{
    return set_param(st, i, text);
}

static int pg_bind_int64(void *st, int i, int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    return set_param(st, i, buf);
}

static int pg_bind_double(void *st, int i, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", v);
    return set_param(st, i, buf);
}

static int pg_bind_null(void *st, int i)
{
    return set_param(st, i, NULL);
}

static int pg_step(void *stp, int *constraint, klar_error *err)
{
    pg_stmt *st = stp;
    if (st->done)
        return KLAR_STMT_DONE;
    if (st->res) {   /* next row */
        if (++st->row < pq->PQntuples(st->res))
            return KLAR_STMT_ROW;
        st->done = 1;
        return KLAR_STMT_DONE;
    }
    PGresult *res = pq->PQexecPrepared(st->conn->pg, st->name, st->nparams,
                                   (const char *const *)st->values, NULL, NULL, 0);
    ExecStatusType status = pq->PQresultStatus(res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        const char *n = pq->PQcmdTuples(res);
        st->changes = n && *n ? strtoll(n, NULL, 10) : 0;
        st->res = res;
        st->row = 0;
        if (status == PGRES_TUPLES_OK && pq->PQntuples(res) > 0)
            return KLAR_STMT_ROW;
        st->done = 1;
        return KLAR_STMT_DONE;
    }
    const char *state = res ? pq->PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    *constraint = state && strncmp(state, "23", 2) == 0;
    char head[96], msg[512];
    store_sql_excerpt(st->sql, head, sizeof head);
    klar_error_set(err, NULL, 0, "%s (in: %s)",
                   trim_message(res ? pq->PQresultErrorMessage(res) : pq->PQerrorMessage(st->conn->pg),
                                msg, sizeof msg), head);
    if (err)
        err->code = code_of_state(state);
    pq->PQclear(res);
    st->done = 1;
    return -1;
}

/* 1 if the statement stands on a row. */
static int on_row(const pg_stmt *st)
{
    return st->res && !st->done && st->row < pq->PQntuples(st->res);
}

static int pg_column_count(void *stp)
{
    pg_stmt *st = stp;
    return on_row(st) ? pq->PQnfields(st->res) : 0;
}

static int pg_column_is_null(void *stp, int col)
{
    pg_stmt *st = stp;
    if (!on_row(st) || col < 0 || col >= pq->PQnfields(st->res))
        return 1;
    return pq->PQgetisnull(st->res, st->row, col);
}

static const char *pg_column_text(void *stp, int col)
{
    pg_stmt *st = stp;
    if (pg_column_is_null(st, col))
        return NULL;
    return pq->PQgetvalue(st->res, st->row, col);
}

static int64_t pg_column_int64(void *st, int col)
{
    const char *t = pg_column_text(st, col);
    if (!t)
        return 0;
    if (t[0] == 't' && t[1] == '\0')   /* boolean */
        return 1;
    if (strpbrk(t, ".eE"))
        return (int64_t)strtod(t, NULL);
    return (int64_t)strtoll(t, NULL, 10);
}

static double pg_column_double(void *st, int col)
{
    const char *t = pg_column_text(st, col);
    if (!t)
        return 0;
    if (t[0] == 't' && t[1] == '\0')
        return 1;
    return strtod(t, NULL);
}

static int64_t pg_changes(void *st)
{
    return ((pg_stmt *)st)->changes;
}

static void pg_reset(void *stp)
{
    pg_stmt *st = stp;
    pq->PQclear(st->res);
    st->res = NULL;
    st->row = 0;
    st->done = 0;
    st->changes = 0;
    for (int i = 0; i < st->nparams; i++) {
        free(st->values[i]);
        st->values[i] = NULL;
    }
}

static void pg_finalize(void *stp)
{
    pg_stmt *st = stp;
    if (!st)
        return;
    pg_reset(st);
    pg_conn *c = st->conn;
    if (pq->PQtransactionStatus(c->pg) == PQTRANS_IDLE) {
        char sql[64];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        pq->PQclear(pq->PQexec(c->pg, sql));
    } else {   /* a failed transaction accepts nothing but its end: later */
        if (c->nstale == c->capstale) {
            size_t cap = c->capstale ? 2 * c->capstale : 16;
            char **grown = realloc(c->stale, cap * sizeof *grown);
            if (grown) {
                c->stale = grown;
                c->capstale = cap;
            }
        }
        char *name = c->nstale < c->capstale ? strdup(st->name) : NULL;
        if (name)
            c->stale[c->nstale++] = name;
    }
    free(st->values);
    free(st->sql);
    free(st);
}

const klar_store_ops klar_store_postgres_ops = {
    .kind = KLAR_STORE_POSTGRES,
    .id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    .begin_sql = "BEGIN",
    .open = pg_open,
    .close = pg_close,
    .exec_script = pg_exec_script,
    .prepare = pg_prepare,
    .bind_text = pg_bind_text,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .column_count = pg_column_count,
    .column_is_null = pg_column_is_null,
    .column_text = pg_column_text,
    .column_int64 = pg_column_int64,
    .column_double = pg_column_double,
    .changes = pg_changes,
    .reset = pg_reset,
    .finalize = pg_finalize,
};
