/* handlers_system.c - operational endpoints: /healthz (the store answers) and /metrics (to
 * loopback clients unless the server is told otherwise). */
#include "handlers.h"

#include "runqueue.h"

#include <string.h>

void srv_handle_healthz(srv_request *req, srv_response *res)
{
    klar_error err;
    klar_stmt *st = klar_store_prepare(req->store, "SELECT 1", &err);
    int rc = st ? klar_stmt_step(st, &err) : -1;
    klar_stmt_finalize(st);
    if (rc != KLAR_STMT_ROW) {
        srv_respond_internal(res, "health check", &err);
        srv_respond_error(res, 503, NULL, "the database does not answer");
        return;
    }
    srv_respond_json(res, 200, json_pack("{s:s}", "status", "ok"));
}

/* 1 if the client address is a loopback one (127.0.0.0/8, ::1, ::ffff:127.x.y.z). */
static int client_is_loopback(const char *client)
{
    return strncmp(client, "127.", 4) == 0 || strcmp(client, "::1") == 0 ||
           strncmp(client, "::ffff:127.", 11) == 0;
}

void srv_handle_metrics(srv_request *req, srv_response *res)
{
    if (!req->app->metrics_public && !client_is_loopback(req->client)) {
        srv_respond_error(res, 403, NULL, "/metrics answers loopback clients only (klar serve "
                          "--metrics-public to open it)");
        return;
    }
    srv_metrics_gauge(req->app->metrics, SRV_GAUGE_RUNS_WAITING,
                      srv_runqueue_waiting(req->app->runs));
    srv_metrics_gauge(req->app->metrics, SRV_GAUGE_RUNS_RUNNING,
                      srv_runqueue_running(req->app->runs));
    srv_respond_text(res, 200, "text/plain; version=0.0.4; charset=utf-8",
                     srv_metrics_render(req->app->metrics));
}
