/* response.c - building handler answers: JSON bodies, the error shape, extra headers. Error
 * messages quote what the client sent (a path, a parameter) and are cut to a fixed size, so
 * they are made valid UTF-8 before they go into JSON: jansson refuses anything else, which
 * would turn the answer into a 500. */
#include "response.h"

#include "runqueue.h"

#include "klar/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void drop_body(srv_response *r)
{
    json_decref(r->json);
    r->json = NULL;
    free(r->text);
    r->text = NULL;
    r->content_type = NULL;
    if (r->bytes_owned)
        free((void *)r->bytes);
    r->bytes = NULL;
    r->nbytes = 0;
    r->bytes_owned = 0;
}

void srv_respond_json(srv_response *r, int status, json_t *body)
{
    drop_body(r);
    if (!body) {
        srv_respond_internal(r, "building a JSON answer", NULL);
        return;
    }
    r->status = status;
    r->json = body;
}

/* Replaces every byte of s that is not part of valid UTF-8 with '?'. */
static void make_utf8(char *s)
{
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        size_t n = klar_text_utf8_sequence(p, 4);
        if (n == 0) {
            *p++ = '?';
            continue;
        }
        p += n;
    }
}

static json_t *error_body(int status, const char *field, const char *message)
{
    json_t *e = json_pack("{s:i, s:s}", "status", status, "message", message);
    if (e && field && json_object_set_new(e, "field", json_string(field)) != 0) {
        json_decref(e);
        return NULL;
    }
    return e ? json_pack("{s:o}", "error", e) : NULL;
}

void srv_respond_error(srv_response *r, int status, const char *field, const char *fmt, ...)
{
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    make_utf8(message);
    drop_body(r);
    r->status = status;
    r->json = error_body(status, field, message);  /* NULL: server.c sends a fixed body */
}

void srv_respond_internal(srv_response *r, const char *what, const klar_error *err)
{
    fprintf(stderr, "klar serve: %s: %s\n", what, err && err->message[0] ? err->message : "failed");
    if (err && err->code == KLAR_ERR_FULL)
        srv_respond_error(r, 507, NULL, "the database's disk is full (or the database reached "
                          "its size limit): the change was not saved. Reading goes on; changes "
                          "can be saved again once space is freed");
    else if (err && err->code == KLAR_ERR_READ_ONLY)
        srv_respond_error(r, 503, NULL, "the database cannot be written just now: the change "
                          "was not saved");
    else
        srv_respond_error(r, 500, NULL, "internal error");
}

void srv_respond_text(srv_response *r, int status, const char *content_type, char *text)
{
    drop_body(r);
    if (!text) {
        srv_respond_internal(r, "building a text answer", NULL);
        return;
    }
    r->status = status;
    r->text = text;
    r->content_type = content_type;
}

void srv_respond_bytes(srv_response *r, int status, const char *content_type,
                       const unsigned char *data, size_t nbytes, int owned)
{
    drop_body(r);
    r->status = status;
    r->content_type = content_type;
    r->bytes = data;
    r->nbytes = nbytes;
    r->bytes_owned = owned;
}

int srv_response_header(srv_response *r, const char *name, const char *fmt, ...)
{
    if (r->nheaders >= SRV_MAX_HEADERS)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    char *value = malloc((size_t)n + 1);
    if (!value)
        return -1;
    va_start(ap, fmt);
    vsnprintf(value, (size_t)n + 1, fmt, ap);
    va_end(ap);
    r->headers[r->nheaders].name = name;
    r->headers[r->nheaders].value = value;
    r->nheaders++;
    return 0;
}

void srv_respond_later(srv_response *r, struct srv_run_job *job)
{
    if (r->later)
        r->later->release(r->later);
    r->later = job;
}

void srv_response_clear(srv_response *r)
{
    drop_body(r);
    for (int i = 0; i < r->nheaders; i++)
        free(r->headers[i].value);
    if (r->later)
        r->later->release(r->later);
    memset(r, 0, sizeof *r);
}
