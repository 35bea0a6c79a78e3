/* server.c - the libmicrohttpd glue: starts the daemon (internal polling thread with a pool of
 * workers), turns each request's callbacks into a srv_request (routing on the headers, body
 * accumulation, dispatch once the body is complete) and each srv_response into an HTTP
 * response, counting it in the metrics. Requests that cannot succeed (unknown path, wrong
 * method, a declared body over the limit) are answered before their body is read.
 *
 * On SQLite, the writes of the registry (state-changing requests on routes that need more
 * than READ) run one at a time, queued on a mutex (the writer gate) rather than on SQLite's
 * write lock: SQLite's busy handler sleeps 1, 2, 5, 10 ... 100 ms between tries, so a worker
 * queued behind another's millisecond transaction oversleeps and, under steady writing, keeps
 * losing the lock (bench/bench_server.sh: p99 of the write mix 0.6-0.9 s without the gate,
 * about 40 ms with it, at the same throughput). Login, logout and the engine runs (READ) stay
 * outside: a password hash takes some 55 ms and a run much longer. PostgreSQL needs no gate.
 *
 * Engine runs do not hold a worker: the handler reads and checks the request and hands the run
 * to the run queue (runqueue.h); the connection is suspended until a runner thread has run it
 * and queued the answer, and then resumed. */
#include "server.h"

#include "app.h"
#include "dispatch.h"
#include "handlers.h"
#include "router.h"
#include "runqueue.h"

#include <errno.h>
#include <stdarg.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_BODY_LIMIT ((size_t)1 << 20)
#define LOG_LINES_PER_MINUTE 20     /* libmicrohttpd messages printed; the rest are counted */

struct srv_server {
    struct MHD_Daemon *daemon;
    srv_app app;
    int gate_writes;              /* the store is SQLite: use the writer gate */
    pthread_mutex_t writer;       /* the writer gate (see the top of this file) */
    pthread_mutex_t log_lock;     /* guards the two below */
    double log_minute;            /* when the current minute of printed messages began */
    int log_printed;              /* libmicrohttpd messages printed in it */
};

static const char fallback_body[] =
    "{\"error\":{\"status\":500,\"message\":\"internal error\"}}";

/* The serialized body of res (malloc'd), adjusting res->status to 500 if it cannot be built. */
static char *serialize(srv_response *res, const char **content_type)
{
    char *body = NULL;
    if (res->text) {
        body = res->text;
        res->text = NULL;
        *content_type = res->content_type;
        return body;
    }
    *content_type = "application/json";
    if (res->json)
        body = json_dumps(res->json, JSON_COMPACT);
    if (!body) {
        res->status = 500;
        body = strdup(fallback_body);
    }
    return body;
}

/* Every answer, API or page, may only be framed by nobody and load nothing from elsewhere. */
#define CONTENT_SECURITY_POLICY \
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

static int add_headers(struct MHD_Response *r, const srv_response *res, const char *content_type)
{
    const char *cache = res->cache_control ? res->cache_control : "no-store";
    int ok = (!content_type ||
              MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type) == MHD_YES) &&
             MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, cache) == MHD_YES &&
             MHD_add_response_header(r, "X-Content-Type-Options", "nosniff") == MHD_YES &&
             MHD_add_response_header(r, "Content-Security-Policy", CONTENT_SECURITY_POLICY) ==
                 MHD_YES &&
             MHD_add_response_header(r, "Referrer-Policy", "same-origin") == MHD_YES;
    for (int i = 0; ok && i < res->nheaders; i++)
        ok = MHD_add_response_header(r, res->headers[i].name, res->headers[i].value) == MHD_YES;
    return ok;
}

/* The libmicrohttpd response of a body of bytes (a file), taking its memory if owned. */
static struct MHD_Response *bytes_response(srv_response *res)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        res->nbytes, (void *)res->bytes,
        res->bytes_owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (r)
        res->bytes_owned = 0;           /* libmicrohttpd frees it now */
    return r;
}

/* The libmicrohttpd response of a JSON or text body, and its content type. */
static struct MHD_Response *text_response(srv_response *res, const char **content_type)
{
    char *body = serialize(res, content_type);
    struct MHD_Response *r =
        body ? MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE) : NULL;
    if (!r)
        free(body);
    return r;
}

/* Queues res as the answer to req and clears res. */
static enum MHD_Result answer(srv_request *req, srv_response *res)
{
    const char *content_type = res->content_type;
    enum MHD_Result rc = MHD_NO;
    struct MHD_Response *r = res->bytes || res->status == 304 ? bytes_response(res)
                                                              : text_response(res, &content_type);
    if (r && add_headers(r, res, content_type))
        rc = MHD_queue_response(req->conn, (unsigned)res->status, r);
    if (r)
        MHD_destroy_response(r);
    req->answered = 1;
    req->answer_failed = rc != MHD_YES;
    srv_metrics_request(req->app->metrics, res->status, srv_now() - req->started);
    srv_response_clear(res);
    return rc;
}

/* The first callback of a request (headers only): route it, and answer at once what cannot
 * succeed. */
static enum MHD_Result on_headers(srv_request *req)
{
    char allow[64];
    srv_response res = {0};
    size_t nroutes;
    const srv_route *routes = srv_route_table(&nroutes);
    switch (srv_route_find(routes, nroutes, req, allow, sizeof allow)) {
    case SRV_NO_PATH:
        if (srv_web_serves(req))
            srv_handle_web(req, &res);     /* the web app: its page and files */
        else
            srv_respond_error(&res, 404, NULL, "no such resource: %.200s", req->path);
        return answer(req, &res);
    case SRV_NO_METHOD:
        srv_respond_error(&res, 405, NULL, "%.16s is not allowed here; allowed: %s",
                          req->method, allow);
        srv_response_header(&res, "Allow", "%s", allow);
        return answer(req, &res);
    case SRV_MATCH:
        break;
    }
    long long declared = srv_request_content_length(req);
    if (declared > 0 && (unsigned long long)declared > req->app->body_limit) {
        req->body_too_large = 1;
        srv_dispatch(req, &res);     /* answers 413 without reading the body */
        return answer(req, &res);
    }
    return MHD_YES;
}

/* 1 if req must pass the writer gate. */
static int needs_gate(const srv_server *s, const srv_request *req)
{
    return s->gate_writes && !req->body_too_large && req->route->access == SRV_SESSION &&
           req->route->action != KLAR_ACTION_READ && srv_method_changes_state(req->method);
}

/* ---- engine runs: answered from the run queue ------------------------------------------ */

/* A runner thread has run the request's job (or the queue stopped): keep the answer for the
 * worker and resume the connection. libmicrohttpd then calls on_request again on the
 * connection's own thread, which sends it (a response queued from the runner thread would
 * race with the worker). The resume orders the two threads' memory. */
static void on_run_done(srv_run_job *job, srv_response *res)
{
    srv_request *req = job->owner;
    req->run_answer = *res;
    memset(res, 0, sizeof *res);
    MHD_resume_connection(req->conn);
}

/* The answer to a run the queue refused: 429 when the user has their share, else 503. */
static void refuse_run(srv_request *req, srv_run_submit why, srv_response *res)
{
    srv_metrics_event(req->app->metrics, SRV_EVENT_RUN_REFUSED);
    if (why == SRV_RUN_USER_BUSY) {
        srv_respond_error(res, 429, NULL, "you have %d engine runs waiting or running; wait "
                          "for their answers before asking for another", SRV_RUNS_PER_USER);
        srv_response_header(res, "Retry-After", "2");
    } else if (why == SRV_RUN_QUEUE_FULL) {
        srv_respond_error(res, 503, NULL, "too many engine runs are waiting; try again soon");
        srv_response_header(res, "Retry-After", "5");
    } else {
        srv_respond_error(res, 503, NULL, "the server is stopping; the run did not start");
    }
}

/* Queues the run a handler asked for (res->later) and suspends the connection until it has
 * run; a refused run is answered at once. */
static enum MHD_Result run_later(srv_server *s, srv_request *req, srv_response *res)
{
    srv_run_job *job = res->later;
    res->later = NULL;
    srv_response_clear(res);
    req->run = job;
    job->done = on_run_done;
    job->owner = req;
    MHD_suspend_connection(req->conn);        /* before the runner can finish and resume */
    srv_run_submit rc = srv_runqueue_submit(s->app.runs, job);
    if (rc == SRV_RUN_QUEUED) {
        req->run_queued = 1;
        atomic_fetch_add(&s->app.runs_open, 1);   /* until the request completes */
        return MHD_YES;
    }
    refuse_run(req, rc, res);
    enum MHD_Result answered = answer(req, res);
    MHD_resume_connection(req->conn);
    return answered;
}

/* The access handler called again after a queued run's resume: send its answer. */
static enum MHD_Result answer_run(srv_request *req)
{
    return answer(req, &req->run_answer);
}

/* Runs the handler of a request whose body has arrived and answers (or queues its run). */
static enum MHD_Result run(srv_server *s, srv_request *req)
{
    srv_response res = {0};
    int gate = needs_gate(s, req);
    if (gate)
        pthread_mutex_lock(&s->writer);
    srv_dispatch(req, &res);
    if (gate)
        pthread_mutex_unlock(&s->writer);
    if (res.later)
        return run_later(s, req, &res);
    return answer(req, &res);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    srv_server *s = cls;
    srv_request *req = *con_cls;
    if (!req) {
        req = srv_request_new(&s->app, conn, method, url);
        if (!req)
            return MHD_NO;
        *con_cls = req;
        return on_headers(req);
    }
    if (*upload_data_size) {
        int rc = req->answered ? 0 : srv_request_append(req, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return rc == 0 ? MHD_YES : MHD_NO;
    }
    if (req->answered)
        return req->answer_failed ? MHD_NO : MHD_YES;
    if (req->run)
        return answer_run(req);
    return run(s, req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
    (void)cls, (void)conn, (void)why;
    srv_request_free(*con_cls);
    *con_cls = NULL;
}

/* 1 if the pool's connections are SQLite ones. */
static int pool_is_sqlite(srv_pool *pool)
{
    klar_store *st = srv_pool_acquire(pool);
    int sqlite = klar_store_backend(st) == KLAR_STORE_SQLITE;
    srv_pool_release(pool, st);
    return sqlite;
}

/* The organisation tree from one of the pool's connections; NULL with err. */
static klar_org_tree *load_orgs(srv_pool *pool, klar_error *err)
{
    klar_store *st = srv_pool_acquire(pool);
    klar_org_tree *t = klar_org_tree_load(st, err);
    srv_pool_release(pool, st);
    return t;
}

static int init_app(srv_app *app, const srv_config *cfg, srv_pool *pool, klar_error *err)
{
    app->pool = pool;
    app->body_limit = cfg->body_limit ? cfg->body_limit : DEFAULT_BODY_LIMIT;
    app->session.lifetime_seconds = cfg->session_ttl ? cfg->session_ttl
                                                     : SRV_DEFAULT_SESSION_TTL;
    app->session.idle_seconds = cfg->session_idle ? cfg->session_idle : SRV_DEFAULT_SESSION_IDLE;
    app->cookie_secure = cfg->cookie_secure;
    snprintf(app->trusted_proxy, sizeof app->trusted_proxy, "%s",
             cfg->trusted_proxy ? cfg->trusted_proxy : "");
    app->metrics_public = cfg->metrics_public;
    app->read_only = cfg->read_only;
    snprintf(app->web_dir, sizeof app->web_dir, "%s", cfg->web_dir ? cfg->web_dir : "");
    app->run_seconds = cfg->run_max_seconds ? cfg->run_max_seconds : SRV_DEFAULT_RUN_SECONDS;
    unsigned mib = cfg->run_max_mib ? cfg->run_max_mib : SRV_DEFAULT_RUN_MIB;
    double bytes = (double)mib * 1048576.0;          /* no wrap where size_t is 32 bits */
    app->run_bytes = bytes >= (double)SIZE_MAX ? SIZE_MAX : (size_t)bytes;
    app->orgs = load_orgs(pool, err);
    if (!app->orgs)
        return -1;
    app->sessions = klar_session_cache_new(NULL);
    app->ratelimit = klar_ratelimit_new(NULL);
    app->metrics = srv_metrics_new();
    if (!app->sessions || !app->ratelimit || !app->metrics) {
        klar_error_set(err, NULL, 0, "out of memory");
        return -1;
    }
    app->runs = srv_runqueue_new(1, (int)(cfg->run_queue ? cfg->run_queue : SRV_DEFAULT_RUN_QUEUE),
                                 SRV_RUNS_PER_USER,
                                 cfg->timeout_seconds ? cfg->timeout_seconds : SRV_DEFAULT_TIMEOUT);
    if (!app->runs) {
        klar_error_set(err, NULL, 0, "cannot start the engine runs' thread");
        return -1;
    }
    return 0;
}

static void free_app(srv_app *app)
{
    srv_runqueue_free(app->runs);      /* first: a run refused at the stop is counted */
    klar_org_tree_free(app->orgs);
    klar_session_cache_free(app->sessions);
    klar_ratelimit_free(app->ratelimit);
    srv_metrics_free(app->metrics);
}

/* Percent-decodes a path or query value in place (libmicrohttpd's decoding), except one that
 * holds an encoded NUL ("%00"): that one stays as sent, so that "/risks/1%00" can never be
 * read as "/risks/1" by code that stops at the NUL. Returns the new length. */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *uri)
{
    (void)cls;
    (void)conn;
    if (strstr(uri, "%00"))
        return strlen(uri);
    return MHD_http_unescape(uri);
}

/* libmicrohttpd's messages. One about a connection it closes (a limit, a timeout, a broken
 * request) is counted, not printed: a crowd of hostile clients must not fill the log, one line
 * each. Others are printed, at most LOG_LINES_PER_MINUTE a minute; the rest are counted. */
static void on_mhd_message(void *cls, const char *fmt, va_list ap)
{
    srv_server *s = cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    if (strstr(line, "losing") || strstr(line, "limit") || strstr(line, "timed out")) {
        srv_metrics_event(s->app.metrics, SRV_EVENT_CONNECTION_DROPPED);
        return;
    }
    double now = srv_now();
    pthread_mutex_lock(&s->log_lock);
    if (now - s->log_minute >= 60) {
        s->log_minute = now;
        s->log_printed = 0;
    }
    int print = s->log_printed++ < LOG_LINES_PER_MINUTE;
    pthread_mutex_unlock(&s->log_lock);
    if (print)
        fprintf(stderr, "klar serve: http: %s%s", line,
                line[0] && line[strlen(line) - 1] == '\n' ? "" : "\n");
    else
        srv_metrics_event(s->app.metrics, SRV_EVENT_LOG_SUPPRESSED);
}

static unsigned or_default(unsigned value, unsigned fallback)
{
    return value ? value : fallback;
}

static struct MHD_Daemon *start_daemon(srv_server *s, const srv_config *cfg)
{
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
    if (cfg->address->sa_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    return MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_message, s,     /* first, to see every message */
        MHD_OPTION_SOCK_ADDR, cfg->address,
        MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
        MHD_OPTION_CONNECTION_LIMIT, or_default(cfg->max_connections, SRV_DEFAULT_CONNECTIONS),
        MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        or_default(cfg->max_per_address, SRV_DEFAULT_PER_ADDRESS),
        MHD_OPTION_CONNECTION_TIMEOUT, or_default(cfg->timeout_seconds, SRV_DEFAULT_TIMEOUT),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
}

srv_server *srv_start(const srv_config *cfg, srv_pool *pool, klar_error *err)
{
    if (cfg->threads < 1 || cfg->threads > 64) {
        klar_error_set(err, NULL, 0, "worker threads %u outside 1..64", cfg->threads);
        return NULL;
    }
    srv_server *s = calloc(1, sizeof *s);
    if (!s)
        klar_error_set(err, NULL, 0, "out of memory");
    if (!s || init_app(&s->app, cfg, pool, err) != 0) {
        if (s)
            free_app(&s->app);
        free(s);
        return NULL;
    }
    s->gate_writes = pool_is_sqlite(pool);
    pthread_mutex_init(&s->writer, NULL);
    pthread_mutex_init(&s->log_lock, NULL);
    errno = 0;
    s->daemon = start_daemon(s, cfg);
    if (!s->daemon) {
        klar_error_set(err, NULL, 0, "cannot listen on the address%s%s",
                       errno ? ": " : "", errno ? strerror(errno) : "");
        pthread_mutex_destroy(&s->writer);
        pthread_mutex_destroy(&s->log_lock);
        free_app(&s->app);
        free(s);
        return NULL;
    }
    return s;
}

uint16_t srv_port(const srv_server *s)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

/* Gives the workers a moment to send the answers of the runs the queue's stop ended (503),
 * which MHD_stop_daemon would otherwise cut off: until every run's request has completed, or
 * 2 s. Returns the listening socket, which no longer takes connections (close it after the
 * daemon has stopped), or MHD_INVALID_SOCKET. */
static MHD_socket wait_for_run_answers(srv_server *s)
{
    MHD_socket listening = MHD_quiesce_daemon(s->daemon);
    struct timespec tick = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 200 && atomic_load(&s->app.runs_open) > 0; i++)
        nanosleep(&tick, NULL);
    return listening;
}

void srv_stop(srv_server *s)
{
    if (!s)
        return;
    srv_runqueue_stop(s->app.runs);    /* answers and resumes every queued run: none stays suspended */
    MHD_socket listening = wait_for_run_answers(s);
    MHD_stop_daemon(s->daemon);
    if (listening != MHD_INVALID_SOCKET)
        close(listening);
    pthread_mutex_destroy(&s->writer);
    pthread_mutex_destroy(&s->log_lock);
    free_app(&s->app);
    free(s);
}
