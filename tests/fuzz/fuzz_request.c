/* fuzz_request.c - libFuzzer target for the server's request parsing, everything that runs
 * without a live libmicrohttpd connection: routing a method and path over the real table
 * (srv_route_table), the answers server.c gives for an unknown path or method, body accumulation
 * in chunks under a small and a large body limit (srv_request_append), and reading the body
 * as a JSON object with field-naming errors (srv_json_object_body, srv_json_string).
 *
 * Input: "METHOD PATH\n" then the body, e.g. "POST /api/v1/login\n{\"username\": \"a\"}".
 * Header, cookie and query lookups need a connection and are not fuzzed here. Broken
 * invariants abort, which libFuzzer reports as a crash. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonin.h"
#include "request.h"
#include "response.h"
#include "router.h"

#define SMALL_LIMIT 64
#define LARGE_LIMIT ((size_t)1 << 20)
#define MAX_PART 1024
#define MAX_KEYS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                  \
        }                                                                             \
    } while (0)

/* The first line split at its first space into method and path (NUL-terminated copies, at
 * most MAX_PART - 1 bytes each); returns where the body starts. */
static size_t split_input(const uint8_t *data, size_t size, char *method, char *path)
{
    size_t eol = 0;
    while (eol < size && data[eol] != '\n')
        eol++;
    size_t sp = 0;
    while (sp < eol && data[sp] != ' ')
        sp++;
    size_t mlen = sp < MAX_PART ? sp : MAX_PART - 1;
    memcpy(method, data, mlen);
    method[mlen] = '\0';
    size_t from = sp < eol ? sp + 1 : eol;
    size_t plen = eol - from < MAX_PART ? eol - from : MAX_PART - 1;
    memcpy(path, data + from, plen);
    path[plen] = '\0';
    return eol < size ? eol + 1 : size;
}

/* An error answer always carries the error body (only running out of memory may drop it). */
static void check_error(srv_response *res, int status)
{
    CHECK(res->status == status);
    CHECK(res->json != NULL);
    json_t *e = json_object_get(res->json, "error");
    CHECK(json_is_object(e));
    CHECK(json_integer_value(json_object_get(e, "status")) == status);
    CHECK(json_is_string(json_object_get(e, "message")));
}

/* Routes method and path, with an Allow buffer of every size from 0 to a full one. */
static void fuzz_route(const char *method, const char *path)
{
    srv_request req = {0};
    char allow[96];
    req.method = method;
    req.path = path;
    size_t nroutes;
    const srv_route *routes = srv_route_table(&nroutes);
    srv_match m = srv_route_find(routes, nroutes, &req, allow, sizeof allow);
    CHECK(strlen(allow) < sizeof allow);
    srv_response res = {0};
    if (m == SRV_MATCH) {
        CHECK(req.route != NULL && strcmp(req.route->method, method) == 0);
        CHECK(req.nparams >= 0 && req.nparams <= SRV_MAX_PARAMS);
        for (int i = 0; i < req.nparams; i++)
            CHECK(strlen(req.params[i]) > 0 && strlen(req.params[i]) < SRV_PARAM_SIZE);
    } else if (m == SRV_NO_METHOD) {
        CHECK(allow[0] != '\0');
        srv_respond_error(&res, 405, NULL, "%.16s is not allowed here; allowed: %s", method,
                          allow);
        check_error(&res, 405);
        CHECK(srv_response_header(&res, "Allow", "%s", allow) == 0);
    } else {
        CHECK(m == SRV_NO_PATH && allow[0] == '\0');
        srv_respond_error(&res, 404, NULL, "no such resource: %.200s", path);
        check_error(&res, 404);
    }
    srv_response_clear(&res);
    for (size_t n = 0; n < 12; n++) {    /* a short Allow buffer truncates, never overflows */
        srv_request again = {0};
        char small[12];
        again.method = method;
        again.path = path;
        CHECK(srv_route_find(routes, nroutes, &again, small, n) == m);
        CHECK(n == 0 || strlen(small) < n);
    }
    (void)srv_method_changes_state(method);
}

/* Feeds body to a new request under limit in chunks whose sizes come from the body itself. */
static srv_request *accumulate(srv_app *app, const uint8_t *body, size_t n)
{
    srv_request *req = calloc(1, sizeof *req);
    CHECK(req != NULL);
    req->app = app;
    for (size_t at = 0; at < n;) {
        size_t chunk = 1 + body[at] % 97;
        if (chunk > n - at)
            chunk = n - at;
        CHECK(srv_request_append(req, (const char *)body + at, chunk) == 0);
        at += chunk;
    }
    CHECK(req->body_len <= app->body_limit);
    CHECK(req->body_too_large == (n > app->body_limit));
    if (!req->body_too_large) {
        CHECK(req->body_len == n);
        CHECK(n == 0 || (memcmp(req->body, body, n) == 0 && req->body[n] == '\0'));
    }
    return req;
}

/* Reads the body as a JSON object and asks for its members (and two absent ones) as strings. */
static void fuzz_json(const srv_request *req)
{
    srv_response res = {0};
    json_t *obj = srv_json_parse_object(req->body, req->body_len, &res);
    if (!obj) {
        check_error(&res, 400);
        srv_response_clear(&res);
        return;
    }
    CHECK(json_is_object(obj) && res.status == 0);
    const char *names[MAX_KEYS + 2] = {"username", "password"};
    size_t nnames = 2;
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        if (nnames == MAX_KEYS + 2)
            break;
        names[nnames++] = key;
    }
    for (size_t i = 0; i < nnames; i++) {
        size_t max_bytes = i * 7 % 40;
        const char *s = srv_json_string(obj, names[i], max_bytes, &res);
        if (s) {
            CHECK(res.status == 0);
            CHECK(json_string_length(json_object_get(obj, names[i])) <= max_bytes);
        } else {
            check_error(&res, 400);
            json_t *field = json_object_get(json_object_get(res.json, "error"), "field");
            CHECK(json_is_string(field) && strcmp(json_string_value(field), names[i]) == 0);
        }
        srv_response_clear(&res);
    }
    json_decref(obj);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char method[MAX_PART], path[MAX_PART];
    size_t body_at = split_input(data, size, method, path);
    const uint8_t *body = data + body_at;
    size_t n = size - body_at;
    fuzz_route(method, path);

    srv_app small = {.body_limit = SMALL_LIMIT}, large = {.body_limit = LARGE_LIMIT};
    srv_request *req = accumulate(&small, body, n);
    if (!req->body_too_large)
        fuzz_json(req);
    srv_request_free(req);
    req = accumulate(&large, body, n);
    fuzz_json(req);
    srv_request_free(req);
    return 0;
}
