/* montecarlo.c - many stochastic runs with uncertain parameters drawn anew for each, spread
 * over threads, summarised as 5/50/95 percentile bands per day and per summary figure.
 *
 * Run i draws its parameters and its epidemic from seeds derived from (seed, i) alone and
 * writes into its own slot, so the bands are the same whatever the number of threads. Daily
 * values are kept as floats (runs x values); percentiles are then taken column by column in
 * tiles, so that the gather stays in cache. A caller's stop is asked before every run and
 * every tile of percentiles (a server's wall-time cap), and klar_surge_mc_bytes says beforehand what a batch will hold. */
#include "surge_internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
    SC_PEAK_ICU, SC_PEAK_WARD, SC_PEAK_DAY_ICU, SC_UNMET_ICU, SC_UNMET_WARD, SC_DAYS_ICU_OVER,
    SC_TESTS_PEAK, SC_DEATHS, SC_INFECTIONS, SC_FIRST_STOCKOUT,   /* + one per item */
    SC_N = SC_FIRST_STOCKOUT + KLAR_SURGE_MAX_ITEMS
};

#define TILE 16        /* columns gathered at a time when taking percentiles */

typedef struct mc_batch {
    const klar_surge_params *p;
    uint64_t seed;
    int runs, threads;
    size_t cols;           /* daily values kept per run */
    float *values;         /* runs x cols */
    double *scalars;       /* runs x SC_N */
    klar_surge_mc *out;
    klar_surge_stop_fn stop;   /* asked before each run; may be NULL */
    void *stop_ctx;
    atomic_int stopped;    /* 1 once stop said so: every worker ends its share */
    atomic_int done;       /* runs finished */
} mc_batch;

typedef struct mc_worker {
    mc_batch *batch;
    int index;
    int failed;
    klar_error err;
    pthread_t thread;
} mc_worker;

/* ---- percentiles ------------------------------------------------------------------------ */

static void swap(double *a, double *b)
{
    double t = *a;
    *a = *b;
    *b = t;
}

static double median3(double a, double b, double c)
{
    if (a > b)
        swap(&a, &b);
    if (b > c)
        swap(&b, &c);
    return a > b ? a : b;
}

/* Puts the k-th smallest of a[0..n) at a[k], none larger before it and none smaller after
 * (Hoare's FIND as written by Wirth, with a median-of-three pivot value). */
static double select_kth(double *a, size_t n, size_t k)
{
    long lo = 0, hi = (long)n - 1, kk = (long)k;
    while (lo < hi) {
        double pivot = median3(a[lo], a[lo + (hi - lo) / 2], a[hi]);
        long i = lo, j = hi;
        do {
            while (a[i] < pivot)
                i++;
            while (pivot < a[j])
                j--;
            if (i <= j) {
                swap(&a[i], &a[j]);
                i++;
                j--;
            }
        } while (i <= j);
        if (j < kk)
            lo = i;
        if (kk < i)
            hi = j;
    }
    return a[k];
}

/* The q-quantile of a[0..n) with linear interpolation between order statistics (type 7). */
static double quantile(double *a, size_t n, double q)
{
    if (n == 0)
        return 0;
    double h = (double)(n - 1) * q;
    size_t k = (size_t)h;
    double below = select_kth(a, n, k);
    if (k + 1 >= n)
        return below;
    double above = a[k + 1];
    for (size_t i = k + 2; i < n; i++)
        if (a[i] < above)
            above = a[i];
    return below + (h - (double)k) * (above - below);
}

static void quantiles3(double *a, size_t n, double out[3])
{
    out[0] = quantile(a, n, 0.05);
    out[1] = quantile(a, n, 0.50);
    out[2] = quantile(a, n, 0.95);
}

static int all_equal(const double *a, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (a[i] != a[0])
            return 0;
    return 1;
}

/* The band a column of the daily values belongs to, and the day. */
static klar_surge_band *band_of(klar_surge_mc *mc, size_t col, int *day)
{
    size_t per = (size_t)mc->days + 1;
    size_t row = col / per;
    *day = (int)(col % per);
    if (row < KLAR_SURGE_NSERIES)
        return &mc->series[row];
    return &mc->stock[row - KLAR_SURGE_NSERIES];
}

static int batch_stops(mc_batch *b);

static void percentile_columns(mc_batch *b, size_t from, size_t to, double *tile)
{
    size_t runs = (size_t)b->runs;
    for (size_t c0 = from; c0 < to && !batch_stops(b); c0 += TILE) {
        size_t width = to - c0 < TILE ? to - c0 : TILE;
        for (size_t r = 0; r < runs; r++) {
            const float *row = b->values + r * b->cols + c0;
            for (size_t w = 0; w < width; w++)
                tile[w * runs + r] = row[w];
        }
        for (size_t w = 0; w < width; w++) {
            int day;
            klar_surge_band *band = band_of(b->out, c0 + w, &day);
            double q[3];
            if (all_equal(tile + w * runs, runs))   /* e.g. every day after the epidemic */
                q[0] = q[1] = q[2] = tile[w * runs];
            else
                quantiles3(tile + w * runs, runs, q);
            band->p5[day] = q[0];
            band->p50[day] = q[1];
            band->p95[day] = q[2];
        }
    }
}

/* ---- runs --------------------------------------------------------------------------------- */

static void keep_run(mc_batch *b, int run, const klar_surge_result *r)
{
    float *row = b->values + (size_t)run * b->cols;
    size_t per = (size_t)r->days + 1, at = 0;
    for (int s = 0; s < KLAR_SURGE_NSERIES; s++, at += per)
        for (size_t d = 0; d < per; d++)
            row[at + d] = (float)r->series[s][d];
    for (int i = 0; i < r->n_items; i++, at += per)
        for (size_t d = 0; d < per; d++)
            row[at + d] = (float)r->stock[i][d];

    const klar_surge_summary *s = &r->summary;
    double *sc = b->scalars + (size_t)run * SC_N;
    sc[SC_PEAK_ICU] = s->peak_census_icu;
    sc[SC_PEAK_WARD] = s->peak_census_ward;
    sc[SC_PEAK_DAY_ICU] = s->peak_day_icu;
    sc[SC_UNMET_ICU] = s->unmet_icu_bed_days;
    sc[SC_UNMET_WARD] = s->unmet_ward_bed_days;
    sc[SC_DAYS_ICU_OVER] = s->days_icu_over_capacity;
    sc[SC_TESTS_PEAK] = s->tests_peak_demand;
    sc[SC_DEATHS] = s->deaths;
    sc[SC_INFECTIONS] = s->infections;
    for (int i = 0; i < KLAR_SURGE_MAX_ITEMS; i++)
        sc[SC_FIRST_STOCKOUT + i] = s->first_stockout_day[i];
}

/* 1 if the batch is to stop: the caller's stop said so, now or on another worker. */
static int batch_stops(mc_batch *b)
{
    if (atomic_load(&b->stopped))
        return 1;
    if (b->stop && b->stop(b->stop_ctx)) {
        atomic_store(&b->stopped, 1);
        return 1;
    }
    return 0;
}

static void *run_share(void *arg)
{
    mc_worker *w = arg;
    mc_batch *b = w->batch;
    klar_surge_params *drawn = malloc(sizeof *drawn);
    if (!drawn) {
        w->failed = 1;
        klar_error_set(&w->err, NULL, 0, "surge: out of memory");
        return NULL;
    }
    for (int run = w->index; run < b->runs; run += b->threads) {
        klar_surge_result r;
        if (batch_stops(b))
            break;
        klar_surge_draw_params(b->p, surge_run_seed(b->seed, run, 0), drawn);
        if (klar_surge_run(drawn, 1, surge_run_seed(b->seed, run, 1), &r, &w->err) != 0) {
            w->failed = 1;
            break;
        }
        keep_run(b, run, &r);
        klar_surge_result_free(&r);
        atomic_fetch_add(&b->done, 1);
    }
    free(drawn);
    return NULL;
}

static void *percentile_share(void *arg)
{
    mc_worker *w = arg;
    mc_batch *b = w->batch;
    size_t from = b->cols * (size_t)w->index / (size_t)b->threads;
    size_t to = b->cols * (size_t)(w->index + 1) / (size_t)b->threads;
    double *tile = malloc(sizeof(double) * TILE * (size_t)b->runs);
    if (!tile) {
        w->failed = 1;
        klar_error_set(&w->err, NULL, 0, "surge: out of memory");
        return NULL;
    }
    percentile_columns(b, from, to, tile);
    free(tile);
    return NULL;
}

/* Runs fn on every worker, the calling thread taking worker 0. Returns -1 with err if any
 * worker failed (the first one's message) or a thread could not start. */
static int run_workers(mc_batch *b, mc_worker *w, void *(*fn)(void *), klar_error *err)
{
    int started = 1;
    for (int t = 0; t < b->threads; t++) {
        memset(&w[t].err, 0, sizeof w[t].err);
        w[t].batch = b;
        w[t].index = t;
        w[t].failed = 0;
    }
    for (int t = 1; t < b->threads; t++, started++)
        if (pthread_create(&w[t].thread, NULL, fn, &w[t]) != 0)
            break;
    if (started < b->threads) {   /* could not start them all: do the missing shares here */
        for (int t = started; t < b->threads; t++)
            fn(&w[t]);
    }
    fn(&w[0]);
    for (int t = 1; t < started; t++)
        pthread_join(w[t].thread, NULL);
    for (int t = 0; t < b->threads; t++)
        if (w[t].failed) {
            if (err)
                *err = w[t].err;
            return -1;
        }
    return 0;
}

/* ---- results ------------------------------------------------------------------------------ */

static int band_alloc(klar_surge_band *band, size_t n)
{
    band->p5 = calloc(n, sizeof(double));
    band->p50 = calloc(n, sizeof(double));
    band->p95 = calloc(n, sizeof(double));
    return band->p5 && band->p50 && band->p95 ? 0 : -1;
}

static void band_free(klar_surge_band *band)
{
    free(band->p5);
    free(band->p50);
    free(band->p95);
}

void klar_surge_mc_free(klar_surge_mc *mc)
{
    if (!mc)
        return;
    for (int s = 0; s < KLAR_SURGE_NSERIES; s++)
        band_free(&mc->series[s]);
    for (int i = 0; i < KLAR_SURGE_MAX_ITEMS; i++)
        band_free(&mc->stock[i]);
    memset(mc, 0, sizeof *mc);
}

static int mc_alloc(klar_surge_mc *mc, int runs, int days, int n_items)
{
    memset(mc, 0, sizeof *mc);
    mc->runs = runs;
    mc->days = days;
    mc->n_items = n_items;
    int ok = 1;
    for (int s = 0; s < KLAR_SURGE_NSERIES; s++)
        ok &= band_alloc(&mc->series[s], (size_t)days + 1) == 0;
    for (int i = 0; i < n_items; i++)
        ok &= band_alloc(&mc->stock[i], (size_t)days + 1) == 0;
    if (!ok)
        klar_surge_mc_free(mc);
    return ok ? 0 : -1;
}

static void scalar_quantiles(const mc_batch *b, int which, double *buf, double out[3])
{
    for (int r = 0; r < b->runs; r++)
        buf[r] = b->scalars[(size_t)r * SC_N + which];
    quantiles3(buf, (size_t)b->runs, out);
}

/* Percentiles of the stock-out day over the runs that ran out, and the share that did. */
static void stockout_quantiles(const mc_batch *b, int item, double *buf, klar_surge_mc *mc)
{
    size_t n = 0;
    for (int r = 0; r < b->runs; r++) {
        double day = b->scalars[(size_t)r * SC_N + SC_FIRST_STOCKOUT + item];
        if (day >= 0)
            buf[n++] = day;
    }
    mc->stockout_share[item] = (double)n / b->runs;
    if (n == 0) {
        for (int k = 0; k < 3; k++)
            mc->first_stockout_day[item][k] = -1;
        return;
    }
    quantiles3(buf, n, mc->first_stockout_day[item]);
}

static int summarise_scalars(const mc_batch *b, klar_surge_mc *mc, klar_error *err)
{
    double *buf = malloc(sizeof(double) * (size_t)b->runs);
    if (!buf) {
        klar_error_set(err, NULL, 0, "surge: out of memory");
        return -1;
    }
    scalar_quantiles(b, SC_PEAK_ICU, buf, mc->peak_census_icu);
    scalar_quantiles(b, SC_PEAK_WARD, buf, mc->peak_census_ward);
    scalar_quantiles(b, SC_PEAK_DAY_ICU, buf, mc->peak_day_icu);
    scalar_quantiles(b, SC_UNMET_ICU, buf, mc->unmet_icu_bed_days);
    scalar_quantiles(b, SC_UNMET_WARD, buf, mc->unmet_ward_bed_days);
    scalar_quantiles(b, SC_DAYS_ICU_OVER, buf, mc->days_icu_over_capacity);
    scalar_quantiles(b, SC_TESTS_PEAK, buf, mc->tests_peak_demand);
    scalar_quantiles(b, SC_DEATHS, buf, mc->deaths);
    scalar_quantiles(b, SC_INFECTIONS, buf, mc->infections);
    for (int i = 0; i < mc->n_items; i++)
        stockout_quantiles(b, i, buf, mc);
    free(buf);
    return 0;
}

/* Daily values kept per run: every series and stock item, day 0 .. days. */
static size_t columns(const klar_surge_params *p)
{
    return ((size_t)KLAR_SURGE_NSERIES + (size_t)p->n_items) * ((size_t)p->days + 1);
}

size_t klar_surge_mc_bytes(const klar_surge_params *p, int runs, int threads)
{
    size_t cols = columns(p), n = runs > 0 ? (size_t)runs : 0;
    size_t t = threads > 0 ? (size_t)threads : 1;
    double bytes = (double)sizeof(float) * (double)cols * (double)n     /* the daily values */
                   + (double)sizeof(double) * SC_N * (double)n           /* the summaries */
                   + 3.0 * sizeof(double) * (double)cols                 /* the bands */
                   + (double)t * (sizeof(double) * TILE * (double)n      /* percentile tiles */
                                  + sizeof(klar_surge_params)            /* drawn parameters */
                                  + 3.0 * sizeof(double) * (double)cols);/* one run's result */
    return bytes >= (double)SIZE_MAX ? SIZE_MAX : (size_t)bytes;
}

int klar_surge_montecarlo(const klar_surge_params *p, int runs, uint64_t seed, int threads,
                          klar_surge_mc *out, klar_error *err)
{
    return klar_surge_montecarlo_until(p, runs, seed, threads, NULL, NULL, out, err);
}

/* The error of a batch that stop ended. */
static void stopped_error(mc_batch *b, klar_error *err)
{
    klar_error_field(err, KLAR_ERR_LIMIT, "runs", "the Monte Carlo batch was stopped after %d "
                     "of %d runs", atomic_load(&b->done), b->runs);
}

int klar_surge_montecarlo_until(const klar_surge_params *p, int runs, uint64_t seed,
                                int threads, klar_surge_stop_fn stop, void *ctx,
                                klar_surge_mc *out, klar_error *err)
{
    memset(out, 0, sizeof *out);
    if (klar_surge_params_check(p, err) != 0)
        return -1;
    if (runs < 1 || runs > 1000000) {
        klar_error_set(err, NULL, 0, "runs must be 1 to 1000000, not %d", runs);
        return -1;
    }
    if (threads < 1)
        threads = 1;
    if (threads > 64)
        threads = 64;
    if (threads > runs)
        threads = runs;

    mc_batch b = { .p = p, .seed = seed, .runs = runs, .threads = threads, .out = out,
                   .stop = stop, .stop_ctx = ctx };
    atomic_init(&b.stopped, 0);
    atomic_init(&b.done, 0);
    b.cols = columns(p);
    if (b.cols > SIZE_MAX / sizeof(float) / (size_t)runs) {
        klar_surge_mc_free(out);
        klar_error_set(err, NULL, 0, "surge: %d runs of %d days do not fit in memory", runs,
                       p->days);
        return -1;
    }
    b.values = malloc(sizeof(float) * b.cols * (size_t)runs);
    b.scalars = malloc(sizeof(double) * SC_N * (size_t)runs);
    mc_worker *w = calloc((size_t)threads, sizeof *w);
    int rc = -1;
    if (!b.values || !b.scalars || !w || mc_alloc(out, runs, p->days, p->n_items) != 0) {
        klar_error_set(err, NULL, 0, "surge: out of memory for %d runs of %d days", runs,
                       p->days);
        goto done;
    }
    if (run_workers(&b, w, run_share, err) != 0)
        goto done;
    if (atomic_load(&b.stopped)) {
        stopped_error(&b, err);
        goto done;
    }
    if (run_workers(&b, w, percentile_share, err) != 0)
        goto done;
    if (atomic_load(&b.stopped)) {
        stopped_error(&b, err);
        goto done;
    }
    rc = summarise_scalars(&b, out, err);
done:
    if (rc != 0)
        klar_surge_mc_free(out);
    free(b.values);
    free(b.scalars);
    free(w);
    return rc;
}
