/* metrics.h - the server's counters, rendered in the Prometheus text format for /metrics:
 * requests by status class, a request duration histogram, and counted events (failed and
 * rate-limited logins, dropped connections, suppressed log lines, refused runs) and gauges
 * (engine runs waiting and running). */
#ifndef KLAR_SERVER_METRICS_H
#define KLAR_SERVER_METRICS_H

typedef struct srv_metrics srv_metrics;

/* NULL when out of memory. */
srv_metrics *srv_metrics_new(void);
void srv_metrics_free(srv_metrics *m);

/* One answered request: its HTTP status and how long it took (seconds). Thread-safe. */
void srv_metrics_request(srv_metrics *m, int status, double seconds);

/* The events counted besides requests. */
typedef enum srv_event {
    SRV_EVENT_LOGIN_FAILURE,        /* a login refused for wrong credentials */
    SRV_EVENT_LOGIN_RATE_LIMITED,   /* a login refused by the rate limiter (429) */
    SRV_EVENT_CONNECTION_DROPPED,   /* a connection closed by libmicrohttpd: a limit, a timeout */
    SRV_EVENT_LOG_SUPPRESSED,       /* a server log line left out (too many alike) */
    SRV_EVENT_RUN_REFUSED,          /* an engine run turned away (busy, over a limit) */
    SRV_NEVENTS
} srv_event;

/* Counts one event. Thread-safe. */
void srv_metrics_event(srv_metrics *m, srv_event e);

/* The values sampled when rendered (their owner sets them just before). */
typedef enum srv_gauge {
    SRV_GAUGE_RUNS_WAITING,         /* engine runs waiting for their turn */
    SRV_GAUGE_RUNS_RUNNING,         /* engine runs running */
    SRV_NGAUGES
} srv_gauge;

/* Sets a gauge. Thread-safe. */
void srv_metrics_gauge(srv_metrics *m, srv_gauge g, long long value);

/* The Prometheus text exposition of all counters, malloc'd (the caller frees); NULL when out
 * of memory. */
char *srv_metrics_render(srv_metrics *m);

#endif
