/* libpq_dyn.h - libpq loaded when the first PostgreSQL store opens (dlopen of libpq.so.5), so
 * that a klar command that never touches PostgreSQL does not pay for loading libpq and the
 * libraries it pulls in (Kerberos, LDAP, OpenSSL: most of a command's start-up). The
 * functions postgres.c calls, by their libpq names. Not installed. */
#ifndef KLAR_LIBPQ_DYN_H
#define KLAR_LIBPQ_DYN_H

#include <libpq-fe.h>
#include "klar/error.h"

typedef struct klar_libpq {
    PGconn *(*PQconnectdb)(const char *conninfo);
    ConnStatusType (*PQstatus)(const PGconn *conn);
    char *(*PQerrorMessage)(const PGconn *conn);
    void (*PQfinish)(PGconn *conn);
    PGresult *(*PQexec)(PGconn *conn, const char *query);
    PGresult *(*PQprepare)(PGconn *conn, const char *name, const char *query, int nparams,
                           const Oid *types);
    PGresult *(*PQexecPrepared)(PGconn *conn, const char *name, int nparams,
                                const char *const *values, const int *lengths,
                                const int *formats, int result_format);
    PGTransactionStatusType (*PQtransactionStatus)(const PGconn *conn);
    ExecStatusType (*PQresultStatus)(const PGresult *res);
    char *(*PQresultErrorMessage)(const PGresult *res);
    char *(*PQresultErrorField)(const PGresult *res, int field);
    int (*PQntuples)(const PGresult *res);
    int (*PQnfields)(const PGresult *res);
    char *(*PQgetvalue)(const PGresult *res, int row, int field);
    int (*PQgetisnull)(const PGresult *res, int row, int field);
    char *(*PQcmdTuples)(PGresult *res);
    void (*PQclear)(PGresult *res);
} klar_libpq;

/* libpq's functions, loaded on the first call (thread-safe); NULL with err saying why (libpq
 * not installed: Debian's libpq5) when it cannot be loaded. */
const klar_libpq *klar_libpq_load(klar_error *err);

#endif
