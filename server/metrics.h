/* metrics.h - the server's counters, rendered in the Prometheus text format for /metrics:
 * requests by status class, a request duration histogram, failed and rate-limited logins. */
#ifndef KLAR_SERVER_METRICS_H
#define KLAR_SERVER_METRICS_H

typedef struct srv_metrics srv_metrics;

/* NULL when out of memory. */
srv_metrics *srv_metrics_new(void);
void srv_metrics_free(srv_metrics *m);

/* One answered request: its HTTP status and how long it took (seconds). Thread-safe. */
void srv_metrics_request(srv_metrics *m, int status, double seconds);

/* A login refused for wrong credentials / refused by the rate limiter. Thread-safe. */
void srv_metrics_login_failure(srv_metrics *m);
void srv_metrics_login_rate_limited(srv_metrics *m);

/* The Prometheus text exposition of all counters, malloc'd (the caller frees); NULL when out
 * of memory. */
char *srv_metrics_render(srv_metrics *m);

#endif
