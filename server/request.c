/* request.c - the request context: body accumulation with a limit, header/cookie/query access
 * through libmicrohttpd, the client address. */
#include "request.h"

#include "runqueue.h"

#include <microhttpd.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

double srv_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void read_client_address(srv_request *req)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    req->client[0] = '\0';
    if (!info || !info->client_addr)
        return;
    const struct sockaddr *sa = info->client_addr;
    socklen_t len = sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                              : sizeof(struct sockaddr_in);
    if (getnameinfo(sa, len, req->client, sizeof req->client, NULL, 0, NI_NUMERICHOST) != 0)
        req->client[0] = '\0';
}

/* Behind the trusted reverse proxy, the client is the last address its X-Forwarded-For
 * names (the one the proxy itself saw; earlier entries come from the client and are not
 * believed). From anyone else the header is ignored. */
static void read_forwarded_address(srv_request *req)
{
    if (!req->app->trusted_proxy[0] || strcmp(req->client, req->app->trusted_proxy) != 0)
        return;
    const char *xff = srv_request_header(req, "X-Forwarded-For");
    if (!xff)
        return;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    last += strspn(last, " \t");
    size_t n = strcspn(last, " \t");
    if (n > 0 && n < sizeof req->client && strspn(last, "0123456789abcdefABCDEF.:") >= n) {
        memcpy(req->client, last, n);
        req->client[n] = '\0';
    }
}

srv_request *srv_request_new(srv_app *app, struct MHD_Connection *conn, const char *method,
                             const char *path)
{
    srv_request *req = calloc(1, sizeof *req);
    if (!req)
        return NULL;
    req->app = app;
    req->conn = conn;
    req->method = method;
    req->path = path;
    req->started = srv_now();
    read_client_address(req);
    read_forwarded_address(req);
    return req;
}

void srv_request_free(srv_request *req)
{
    if (!req)
        return;
    if (req->store)
        srv_pool_release(req->app->pool, req->store);
    if (req->run)
        req->run->release(req->run);
    if (req->run_queued)
        atomic_fetch_sub(&req->app->runs_open, 1);
    srv_response_clear(&req->run_answer);
    free(req->body);
    free(req);
}

int srv_request_append(srv_request *req, const char *data, size_t n)
{
    if (req->body_too_large || n > req->app->body_limit - req->body_len) {
        req->body_too_large = 1;
        return 0;
    }
    if (req->body_len + n + 1 > req->body_cap) {
        size_t cap = req->body_cap ? req->body_cap : 1024;
        while (cap < req->body_len + n + 1)
            cap *= 2;
        char *body = realloc(req->body, cap);
        if (!body)
            return -1;
        req->body = body;
        req->body_cap = cap;
    }
    memcpy(req->body + req->body_len, data, n);
    req->body_len += n;
    req->body[req->body_len] = '\0';
    return 0;
}

const char *srv_request_header(const srv_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *srv_request_cookie(const srv_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *srv_request_query(const srv_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

long long srv_request_content_length(const srv_request *req)
{
    const char *v = srv_request_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!v || !*v)
        return -1;
    char *end;
    long long n = strtoll(v, &end, 10);
    return *end || n < 0 ? -1 : n;
}

int srv_method_changes_state(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
           strcmp(method, "OPTIONS") != 0;
}
