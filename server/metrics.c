/* metrics.c - counters behind one mutex (a few increments per request) and their Prometheus
 * text rendering. */
#include "metrics.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* upper bounds of the duration histogram buckets, seconds (+Inf is implicit) */
static const double bucket_le[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
#define NBUCKETS (sizeof bucket_le / sizeof bucket_le[0])
#define NCLASSES 5                 /* 1xx .. 5xx */

typedef struct counters {
    unsigned long long by_class[NCLASSES];
    unsigned long long bucket[NBUCKETS];   /* not cumulative; summed when rendered */
    unsigned long long count;
    double sum;
    unsigned long long events[SRV_NEVENTS];
    long long gauges[SRV_NGAUGES];
} counters;

/* The Prometheus name and help of each event counter, in the order of srv_event. */
static const struct {
    const char *name, *help;
} event_names[SRV_NEVENTS] = {
    {"klar_login_failures_total", "Logins refused for a wrong user name or password."},
    {"klar_login_rate_limited_total", "Logins refused by the rate limiter."},
    {"klar_connections_dropped_total",
     "Connections closed by the HTTP layer: a connection limit, a timeout, a broken request."},
    {"klar_log_lines_suppressed_total", "Server log lines left out because many were alike."},
    {"klar_runs_refused_total", "Engine runs turned away at once: the run queue full, the "
     "user's share of it taken, or the server stopping."},
};

/* The Prometheus name and help of each gauge, in the order of srv_gauge. */
static const struct {
    const char *name, *help;
} gauge_names[SRV_NGAUGES] = {
    {"klar_runs_waiting", "Engine runs waiting for their turn in the run queue."},
    {"klar_runs_running", "Engine runs running."},
};

struct srv_metrics {
    pthread_mutex_t lock;
    counters c;
};

srv_metrics *srv_metrics_new(void)
{
    srv_metrics *m = calloc(1, sizeof *m);
    if (m)
        pthread_mutex_init(&m->lock, NULL);
    return m;
}

void srv_metrics_free(srv_metrics *m)
{
    if (!m)
        return;
    pthread_mutex_destroy(&m->lock);
    free(m);
}

void srv_metrics_request(srv_metrics *m, int status, double seconds)
{
    int cls = status / 100 - 1;
    pthread_mutex_lock(&m->lock);
    if (cls >= 0 && cls < NCLASSES)
        m->c.by_class[cls]++;
    for (size_t i = 0; i < NBUCKETS; i++)
        if (seconds <= bucket_le[i]) {
            m->c.bucket[i]++;
            break;
        }
    m->c.count++;
    m->c.sum += seconds;
    pthread_mutex_unlock(&m->lock);
}

void srv_metrics_event(srv_metrics *m, srv_event e)
{
    if (e >= SRV_NEVENTS)
        return;
    pthread_mutex_lock(&m->lock);
    m->c.events[e]++;
    pthread_mutex_unlock(&m->lock);
}

/* a growing text buffer; on overflow of memory `failed` is set and later appends do nothing */
typedef struct text {
    char *s;
    size_t len, cap;
    int failed;
} text;

static void append(text *t, const char *fmt, ...)
{
    if (t->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->failed = 1;
            return;
        }
        if ((size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = t->cap * 2 + (size_t)n;
        char *s = realloc(t->s, cap);
        if (!s) {
            t->failed = 1;
            return;
        }
        t->s = s;
        t->cap = cap;
    }
}

static void render_requests(text *t, const counters *m)
{
    append(t, "# HELP klar_http_requests_total HTTP requests answered, by status class.\n"
              "# TYPE klar_http_requests_total counter\n");
    for (int c = 0; c < NCLASSES; c++)
        append(t, "klar_http_requests_total{class=\"%dxx\"} %llu\n", c + 1, m->by_class[c]);
}

static void render_durations(text *t, const counters *m)
{
    append(t, "# HELP klar_http_request_duration_seconds Time from a request's headers to its "
              "answer.\n# TYPE klar_http_request_duration_seconds histogram\n");
    unsigned long long cumulative = 0;
    for (size_t i = 0; i < NBUCKETS; i++) {
        cumulative += m->bucket[i];
        append(t, "klar_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n", bucket_le[i],
               cumulative);
    }
    append(t, "klar_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", m->count);
    append(t, "klar_http_request_duration_seconds_sum %.6f\n", m->sum);
    append(t, "klar_http_request_duration_seconds_count %llu\n", m->count);
}

static void render_events(text *t, const counters *m)
{
    for (int e = 0; e < SRV_NEVENTS; e++)
        append(t, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n", event_names[e].name,
               event_names[e].help, event_names[e].name, event_names[e].name, m->events[e]);
}

static void render_gauges(text *t, const counters *m)
{
    for (int g = 0; g < SRV_NGAUGES; g++)
        append(t, "# HELP %s %s\n# TYPE %s gauge\n%s %lld\n", gauge_names[g].name,
               gauge_names[g].help, gauge_names[g].name, gauge_names[g].name, m->gauges[g]);
}

void srv_metrics_gauge(srv_metrics *m, srv_gauge g, long long value)
{
    pthread_mutex_lock(&m->lock);
    m->c.gauges[g] = value;
    pthread_mutex_unlock(&m->lock);
}

char *srv_metrics_render(srv_metrics *m)
{
    text t = {malloc(2048), 0, 2048, 0};
    if (!t.s)
        return NULL;
    pthread_mutex_lock(&m->lock);
    counters copy = m->c;           /* render outside the lock */
    pthread_mutex_unlock(&m->lock);
    render_requests(&t, &copy);
    render_durations(&t, &copy);
    render_events(&t, &copy);
    render_gauges(&t, &copy);
    if (t.failed) {
        free(t.s);
        return NULL;
    }
    return t.s;
}
