/* response.h - what a handler answers, independent of libmicrohttpd: a status, a JSON body (or
 * a text body for /metrics) and a few extra headers. Errors have one shape:
 *   {"error": {"status": N, "message": "...", "field": "..."}}   ("field" only when one is to
 * blame). A file (the web app's) is a body of bytes with its own cache policy. server.c turns a
 * srv_response into an HTTP response. */
#ifndef KLAR_SERVER_RESPONSE_H
#define KLAR_SERVER_RESPONSE_H

#include <jansson.h>

#include "klar/error.h"

#define SRV_MAX_HEADERS 6

struct srv_run_job;

typedef struct srv_header {
    const char *name;             /* a string literal */
    char *value;                  /* owned */
} srv_header;

typedef struct srv_response {
    int status;                   /* 0 until a handler answers */
    json_t *json;                 /* owned; the body unless text is set */
    char *text;                   /* owned; a non-JSON body */
    const char *content_type;     /* of text or bytes (a literal, or as long-lived) */
    const unsigned char *bytes;   /* a body of nbytes bytes: embedded (bytes_owned 0) or */
    size_t nbytes;                /* malloc'd and owned (bytes_owned 1) */
    int bytes_owned;
    const char *cache_control;    /* NULL: no-store (every API answer) */
    srv_header headers[SRV_MAX_HEADERS];
    int nheaders;
    struct srv_run_job *later;    /* owned; set by srv_respond_later: answer when it has run */
} srv_response;

/* Answers status with body (a reference is stolen; NULL means out of memory and gives 500).
 * Replaces any earlier body. */
void srv_respond_json(srv_response *r, int status, json_t *body);

/* Answers status with the error shape above; field may be NULL. */
void srv_respond_error(srv_response *r, int status, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* 500 with a generic message; err (may be NULL) goes to the server log (stderr), not the client.
 * A full disk (err->code KLAR_ERR_FULL) is 507 and a database that cannot be written 503, each
 * saying so. */
void srv_respond_internal(srv_response *r, const char *what, const klar_error *err);

/* Answers status with a text body (stolen, malloc'd; NULL gives 500) of content_type (a literal). */
void srv_respond_text(srv_response *r, int status, const char *content_type, char *text);

/* Answers later: job (runqueue.h; stolen) goes to the server's run queue, and its work fills
 * the response when its turn comes. */
void srv_respond_later(srv_response *r, struct srv_run_job *job);

/* Answers status with nbytes of data (a file: any bytes, NUL or not). owned 1: data is
 * malloc'd and stolen; 0: it outlives the answer (an embedded asset). */
void srv_respond_bytes(srv_response *r, int status, const char *content_type,
                       const unsigned char *data, size_t nbytes, int owned);

/* Adds a header (name a literal, value formatted and copied). 0, or -1 if full or out of memory. */
int srv_response_header(srv_response *r, const char *name, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Frees the body and headers and clears r. */
void srv_response_clear(srv_response *r);

#endif
