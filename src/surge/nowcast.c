/* nowcast.c - the surge model fitted to a reported census series and projected ahead with
 * bands (klar/nowcast.h).
 *
 * The fit. The model census (ward + ICU epidemic patients, and ICU alone where reported) is
 * compared with the reported one on a log scale, log(census + 1), so that a day of 300 weighs
 * no more than a day of 30 and a zero is no catastrophe. For a doubling time the size of the
 * epidemic that fits best is found by Gauss-Newton on its logarithm (the census is nearly
 * proportional to it while few are immune). The doubling time runs over a grid, log-spaced
 * from 1 to 60 days (a flat prior on its logarithm); the sums of squares over the grid give
 * its profile likelihood with the residual variance of the best fit.
 *
 * The bands. Each draw takes the scenario's uncertain parameters from their distributions
 * (klar_surge_draw_params), fits the grid again on them, draws a doubling time from that
 * profile (a grid cell, then uniformly in the cell's logarithm), fits the size to it and runs
 * the deterministic model to the end of the horizon. Percentiles are taken over the draws, day
 * by day. A draw depends on (seed, draw) alone, so threads do not change the result.
 *
 * Memory: the census of every draw and day is kept (draws x days x 2 doubles, 2000 x 3650 at
 * most: 117 MB; a usual 200 x 100 is 320 kB) to take the percentiles. */
#include "klar/nowcast.h"
#include "klar/date.h"
#include "klar/csv.h"
#include "surge_internal.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GRID 40               /* doubling times in the grid */
#define GRID_MIN 1.0          /* days */
#define GRID_MAX 60.0
#define SEED_MIN 1e-6         /* initial infected per 100 000 */
#define SEED_MAX 1e4
#define SEED_ITERATIONS 8
#define REPORTING_CV 0.05     /* assumption: a reported census is off by about 5 % besides
                                 the chance in small counts */
#define MIN_REPORTED 5
#define MIN_POSITIVE 3

/* ---- census series ---------------------------------------------------------------------- */

int klar_census_init(klar_census *c, long long first, int n, klar_error *err)
{
    memset(c, 0, sizeof *c);
    if (n < 1 || n > KLAR_NOWCAST_MAX_DAYS) {
        klar_error_field(err, KLAR_ERR_INVALID, "census", "a census series spans 1 to %d days, "
                         "not %d", KLAR_NOWCAST_MAX_DAYS, n);
        return -1;
    }
    c->hospital = malloc((size_t)n * sizeof *c->hospital);
    c->icu = malloc((size_t)n * sizeof *c->icu);
    if (!c->hospital || !c->icu) {
        klar_census_free(c);
        klar_error_set(err, NULL, 0, "out of memory for a census of %d days", n);
        return -1;
    }
    c->first = first;
    c->n = n;
    for (int i = 0; i < n; i++)
        c->hospital[i] = c->icu[i] = NAN;
    return 0;
}

void klar_census_free(klar_census *c)
{
    if (!c)
        return;
    free(c->hospital);
    free(c->icu);
    memset(c, 0, sizeof *c);
}

/* ---- reading a census CSV --------------------------------------------------------------- */

typedef struct census_row {
    long long day;
    double hospital, icu;
} census_row;

typedef struct census_reader {
    const char *path;
    int col_date, col_hospital, col_icu;
    census_row *rows;
    int n, cap;
} census_reader;

static int find_columns(census_reader *r, klar_csv *csv, int nf, char **f, klar_error *err)
{
    r->col_date = r->col_hospital = r->col_icu = -1;
    for (int i = 0; i < nf; i++) {
        const char *name = f[i];
        if (i == 0 && (unsigned char)name[0] == 0xEF && (unsigned char)name[1] == 0xBB &&
            (unsigned char)name[2] == 0xBF)
            name += 3;                                   /* a spreadsheet's byte order mark */
        if (strcmp(name, "date") == 0)
            r->col_date = i;
        else if (strcmp(name, "hospital_census_patients") == 0)
            r->col_hospital = i;
        else if (strcmp(name, "icu_census_patients") == 0)
            r->col_icu = i;
    }
    if (r->col_date < 0 || r->col_hospital < 0) {
        klar_error_set(err, r->path, klar_csv_line(csv), "the header names no '%s' column (a "
                       "census needs date and hospital_census_patients; icu_census_patients "
                       "may follow)", r->col_date < 0 ? "date" : "hospital_census_patients");
        return -1;
    }
    return 0;
}

/* A count cell: empty is NAN (not reported), else a number >= 0. */
static int read_count(const census_reader *r, klar_csv *csv, const char *column,
                      const char *cell, double *out, klar_error *err)
{
    if (!cell[0]) {
        *out = NAN;
        return 0;
    }
    if (klar_parse_double(cell, out) != 0 || !(*out >= 0) || *out > 1e9) {
        klar_error_set(err, r->path, klar_csv_line(csv), "%s: '%.40s' is not a count of "
                       "patients (a number from 0, or empty for a day not reported)", column,
                       cell);
        return -1;
    }
    return 0;
}

static int read_row(census_reader *r, klar_csv *csv, int nf, char **f, klar_error *err)
{
    int need = r->col_date > r->col_hospital ? r->col_date : r->col_hospital;
    if (r->col_icu > need)
        need = r->col_icu;
    if (nf <= need) {
        klar_error_set(err, r->path, klar_csv_line(csv), "%d fields, the header has at least "
                       "%d", nf, need + 1);
        return -1;
    }
    census_row row;
    if (klar_date_parse(f[r->col_date], &row.day) != 0) {
        klar_error_set(err, r->path, klar_csv_line(csv), "date: '%.40s' is not a date "
                       "YYYY-MM-DD", f[r->col_date]);
        return -1;
    }
    if (r->n && row.day <= r->rows[r->n - 1].day) {
        klar_error_set(err, r->path, klar_csv_line(csv), "date: %s comes after a later or the "
                       "same date; give each day once, in order", f[r->col_date]);
        return -1;
    }
    if (r->n && row.day - r->rows[0].day >= KLAR_NOWCAST_MAX_DAYS) {
        klar_error_set(err, r->path, klar_csv_line(csv), "date: %s is more than %d days after "
                       "the first", f[r->col_date], KLAR_NOWCAST_MAX_DAYS);
        return -1;
    }
    if (read_count(r, csv, "hospital_census_patients", f[r->col_hospital], &row.hospital,
                   err) != 0)
        return -1;
    row.icu = NAN;
    if (r->col_icu >= 0 &&
        read_count(r, csv, "icu_census_patients", f[r->col_icu], &row.icu, err) != 0)
        return -1;
    if (r->n == r->cap) {
        int cap = r->cap ? 2 * r->cap : 128;
        census_row *rows = realloc(r->rows, (size_t)cap * sizeof *rows);
        if (!rows) {
            klar_error_set(err, r->path, klar_csv_line(csv), "out of memory");
            return -1;
        }
        r->rows = rows;
        r->cap = cap;
    }
    r->rows[r->n++] = row;
    return 0;
}

static int read_rows(census_reader *r, klar_csv *csv, klar_error *err)
{
    int nf, header = 0, rc;
    char **f;
    while ((rc = klar_csv_next(csv, &nf, &f, err)) == 1) {
        if (f[0][0] == '#')
            continue;
        if (!header) {
            if (find_columns(r, csv, nf, f, err) != 0)
                return -1;
            header = 1;
        } else if (read_row(r, csv, nf, f, err) != 0) {
            return -1;
        }
    }
    if (rc < 0)
        return -1;
    if (!r->n) {
        klar_error_set(err, r->path, 0, header ? "no days after the header"
                                               : "empty: no header, no days");
        return -1;
    }
    return 0;
}

int klar_census_read_csv(const char *path, klar_census *out, klar_error *err)
{
    memset(out, 0, sizeof *out);
    klar_csv *csv = klar_csv_open(path, ',', err);
    if (!csv)
        return -1;
    census_reader r = {.path = path};
    int rc = read_rows(&r, csv, err);
    klar_csv_close(csv);
    if (rc == 0) {
        int n = (int)(r.rows[r.n - 1].day - r.rows[0].day + 1);
        rc = klar_census_init(out, r.rows[0].day, n, err);
        for (int i = 0; rc == 0 && i < r.n; i++) {
            out->hospital[r.rows[i].day - out->first] = r.rows[i].hospital;
            out->icu[r.rows[i].day - out->first] = r.rows[i].icu;
        }
    }
    free(r.rows);
    return rc;
}

/* ---- the fit ---------------------------------------------------------------------------- */

/* The reported days of the window, as model days, with log(census + 1). */
typedef struct observed {
    int n;
    int *day;
    double *log_census;
    double *weight;    /* 1 / the variance of log(census + 1) (see observed_fill) */
    int *icu;          /* 1: an ICU census, 0: a hospital census */
} observed;

static void observed_free(observed *o)
{
    free(o->day);
    free(o->log_census);
    free(o->weight);
    free(o->icu);
}

static int observed_fill(observed *o, const klar_census *c, const klar_nowcast_options *opt,
                         int *n_hospital, int *n_icu, klar_error *err)
{
    int window = (int)(opt->to - opt->from + 1), positive = 0;
    memset(o, 0, sizeof *o);
    o->day = malloc(2 * (size_t)window * sizeof *o->day);
    o->log_census = malloc(2 * (size_t)window * sizeof *o->log_census);
    o->weight = malloc(2 * (size_t)window * sizeof *o->weight);
    o->icu = malloc(2 * (size_t)window * sizeof *o->icu);
    if (!o->day || !o->log_census || !o->weight || !o->icu) {
        klar_error_set(err, NULL, 0, "out of memory for %d days of census", window);
        return -1;
    }
    *n_hospital = *n_icu = 0;
    for (long long d = opt->from; d <= opt->to; d++) {
        long long i = d - c->first;
        for (int kind = 0; kind < 2; kind++) {
            double v = kind ? c->icu[i] : c->hospital[i];
            if (isnan(v))
                continue;
            o->day[o->n] = (int)(d - opt->day0);
            o->log_census[o->n] = log(v + 1);
            o->weight[o->n] = 1 / (1 / (v + 1) + REPORTING_CV * REPORTING_CV);
            o->icu[o->n++] = kind;
            ++*(kind ? n_icu : n_hospital);
            positive += !kind && v > 0;
        }
    }
    if (*n_hospital < MIN_REPORTED || positive < MIN_POSITIVE) {
        klar_error_field(err, KLAR_ERR_INVALID, "census", "a nowcast needs at least %d reported "
                         "days of hospital census between from and to, %d of them above 0; "
                         "there are %d (%d above 0)", MIN_REPORTED, MIN_POSITIVE, *n_hospital,
                         positive);
        return -1;
    }
    return 0;
}

/* The model census of run r on day d: hospital (ward + ICU) or ICU. */
static double model_census(const klar_surge_result *r, int d, int icu)
{
    double u = r->series[KLAR_SURGE_CENSUS_ICU][d];
    return icu ? u : r->series[KLAR_SURGE_CENSUS_WARD][d] + u;
}

/* One fitting context: the parameters of a draw, run to the last reported day. */
typedef struct fitter {
    klar_surge_params q;
    const observed *obs;
    int keep_r;                                   /* measures leave the scenario's R */
    double scenario_r[KLAR_SURGE_MAX_MEASURES];   /* its basic R0 x each measure's contact */
    klar_error err;
    int failed;
} fitter;

/* With measures read as the reproduction number they leave, each measure's relative contact
 * is set for doubling time td so that basic R0 x contact stays the scenario's (never above
 * 1: a measure does not add contacts). */
static void measures_for(fitter *f, double td)
{
    if (!f->keep_r || !f->q.epi.n_measures)
        return;
    f->q.epi.doubling_time = td;
    double r0 = klar_surge_basic_r0(&f->q);
    for (int i = 0; i < f->q.epi.n_measures; i++) {
        double c = r0 > 0 ? f->scenario_r[i] / r0 : 1;
        f->q.epi.measures[i].relative_contact = c > 1 ? 1 : c;
    }
}

/* Runs q with doubling time td and seed s to its q.days; sum of squared log residuals into
 * *sse, and the Gauss-Newton step for log s into *step. 0, or -1 (a run failed). */
static int evaluate(fitter *f, double td, double s, double *sse, double *step,
                    klar_surge_result *keep)
{
    klar_surge_result r;
    measures_for(f, td);
    f->q.epi.doubling_time = td;
    f->q.epi.initial_infected_per_100k = s;
    if (klar_surge_run(&f->q, 0, 0, &r, &f->err) != 0) {
        f->failed = 1;
        return -1;
    }
    double ss = 0, num = 0, den = 0;
    for (int k = 0; k < f->obs->n; k++) {
        double m = model_census(&r, f->obs->day[k], f->obs->icu[k]);
        double res = f->obs->log_census[k] - log(m + 1);
        double slope = m / (m + 1);        /* d log(m + 1) / d log s, m proportional to s */
        double w = f->obs->weight[k];
        ss += w * res * res;
        num += w * res * slope;
        den += w * slope * slope;
    }
    *sse = ss;
    *step = den > 1e-12 ? num / den : 5.0;
    if (keep)
        *keep = r;
    else
        klar_surge_result_free(&r);
    return 0;
}

/* The seed that fits td best, from *s: Gauss-Newton steps on log s, each halved until the
 * fit improves (near the peak the census is no longer proportional to the seed); the sum of
 * squares into *sse. 0, or -1. */
static int fit_seed(fitter *f, double td, double *s, double *sse)
{
    double step, next_sse, next_step;
    if (evaluate(f, td, *s, sse, &step, NULL) != 0)
        return -1;
    for (int it = 0; it < SEED_ITERATIONS; it++) {
        step = step > 5 ? 5 : step < -5 ? -5 : step;
        int improved = 0;
        for (int half = 0; half < 6 && !improved; half++, step /= 2) {
            double next = *s * exp(step);
            next = next < SEED_MIN ? SEED_MIN : next > SEED_MAX ? SEED_MAX : next;
            if (next == *s)
                break;
            if (evaluate(f, td, next, &next_sse, &next_step, NULL) != 0)
                return -1;
            if (next_sse <= *sse) {
                improved = fabs(log(next / *s)) >= 1e-5 ? 1 : 2;
                *s = next;
                *sse = next_sse;
                step = next_step;
            }
        }
        if (improved != 1)
            break;
    }
    return 0;
}

/* q shortened (or lengthened) to run days 0..days: measures from a later day are left out, as
 * they cannot act within them. */
static void set_days(klar_surge_params *q, const klar_surge_params *p, int days)
{
    q->days = days;
    q->epi.n_measures = 0;
    for (int i = 0; i < p->epi.n_measures; i++)
        if (p->epi.measures[i].from_day <= days)
            q->epi.measures[q->epi.n_measures++] = p->epi.measures[i];
}

/* f's parameters made src's again (a draw, or the scenario) for days 0..days, with the
 * reproduction numbers src's measures leave noted for measures_for. */
static void prepare(fitter *f, const klar_surge_params *src, int days, int keep_r)
{
    set_days(&f->q, src, days);
    f->q.epi.doubling_time = src->epi.doubling_time;
    f->q.epi.r0 = src->epi.r0;
    double r0 = klar_surge_basic_r0(src);
    f->keep_r = keep_r;
    for (int i = 0; i < f->q.epi.n_measures; i++)
        f->scenario_r[i] = r0 * f->q.epi.measures[i].relative_contact;
}

static double grid_td(int k)
{
    return GRID_MIN * pow(GRID_MAX / GRID_MIN, (double)k / (GRID - 1));
}

/* Fits every doubling time of the grid: seeds and sums of squares. 0, or -1. */
static int fit_grid(fitter *f, double seed[GRID], double sse[GRID])
{
    double s = 1;
    for (int k = GRID - 1; k >= 0; k--) {    /* slow growth first: the seed moves gently */
        if (fit_seed(f, grid_td(k), &s, &sse[k]) != 0)
            return -1;
        seed[k] = s;
    }
    return 0;
}

static int grid_best(const double sse[GRID])
{
    int best = 0;
    for (int k = 1; k < GRID; k++)
        if (sse[k] < sse[best])
            best = k;
    return best;
}

/* ---- the draws -------------------------------------------------------------------------- */

typedef struct batch {
    const klar_surge_params *p;
    const observed *obs;
    const klar_nowcast_options *opt;
    double sigma2;
    int days, last_day;
    double *hospital, *icu;         /* draws x (days + 1) */
    double *td, *growth, *infections, *infectious, *peak_h, *peak_hd, *peak_u, *peak_ud;
    unsigned char *over_h, *over_u;
    pthread_mutex_t lock;
    int next, failed;
    klar_error err;
} batch;

/* A doubling time drawn from the profile of sse: a cell by its weight, then uniformly in its
 * logarithm across the cell. */
static double draw_td(gsl_rng *rng, const double sse[GRID], double sigma2)
{
    double w[GRID], total = 0, min = sse[grid_best(sse)];
    for (int k = 0; k < GRID; k++)
        total += w[k] = exp(-(sse[k] - min) / (2 * sigma2));
    double u = gsl_rng_uniform(rng) * total;
    int k = 0;
    while (k < GRID - 1 && u >= w[k])
        u -= w[k++];
    double half = 0.5 * log(GRID_MAX / GRID_MIN) / (GRID - 1);
    double ltd = log(grid_td(k)) + (2 * gsl_rng_uniform(rng) - 1) * half;
    double lo = log(GRID_MIN), hi = log(GRID_MAX);
    return exp(ltd < lo ? lo : ltd > hi ? hi : ltd);
}

static void record_draw(batch *b, int i, double td, const klar_surge_result *r)
{
    size_t row = (size_t)i * (size_t)(b->days + 1);
    double ph = -1, pu = -1;
    int dh = 0, du = 0, over_h = 0, over_u = 0;
    for (int d = 0; d <= b->days; d++) {
        double h = model_census(r, d, 0), u = model_census(r, d, 1);
        b->hospital[row + d] = h;
        b->icu[row + d] = u;
        if (h > ph)
            ph = h, dh = d;
        if (u > pu)
            pu = u, du = d;
        if (d > b->last_day) {
            double cap_w = r->series[KLAR_SURGE_WARD_CAPACITY][d];
            double cap_u = r->series[KLAR_SURGE_ICU_CAPACITY][d];
            over_h |= h > cap_w + cap_u;
            over_u |= u > cap_u;
        }
    }
    const double *inf = r->series[KLAR_SURGE_INFECTIONS];
    int last = b->last_day, back = last >= 7 ? 7 : last;
    b->td[i] = td;
    b->growth[i] = back && inf[last - back] > 0 ? pow(inf[last] / inf[last - back], 1.0 / back) - 1
                                                : 0;
    b->infections[i] = inf[last];
    b->infectious[i] = r->series[KLAR_SURGE_INFECTIOUS][last];
    b->peak_h[i] = ph, b->peak_hd[i] = dh;
    b->peak_u[i] = pu, b->peak_ud[i] = du;
    b->over_h[i] = (unsigned char)over_h;
    b->over_u[i] = (unsigned char)over_u;
}

/* Draw i: parameters, grid, a doubling time, its seed, the projection. 0, or -1 in f->err. */
static int one_draw(batch *b, fitter *f, int i)
{
    double seed[GRID], sse[GRID];
    klar_surge_params drawn;
    klar_surge_draw_params(b->p, surge_run_seed(b->opt->seed, i, 0), &drawn);
    f->q = drawn;
    prepare(f, &drawn, b->last_day, b->opt->measures_keep_r);
    if (fit_grid(f, seed, sse) != 0)
        return -1;
    gsl_rng *rng = surge_rng_new(surge_run_seed(b->opt->seed, i, 1));
    if (!rng) {
        klar_error_set(&f->err, NULL, 0, "out of memory");
        return -1;
    }
    double td = draw_td(rng, sse, b->sigma2);
    surge_rng_free(rng);
    int k = 0;
    while (k < GRID - 1 && grid_td(k + 1) < td)
        k++;
    double s = seed[k], ss, step;
    if (fit_seed(f, td, &s, &ss) != 0)
        return -1;
    klar_surge_result r;
    prepare(f, &drawn, b->days, b->opt->measures_keep_r);
    if (evaluate(f, td, s, &ss, &step, &r) != 0)
        return -1;
    record_draw(b, i, td, &r);
    klar_surge_result_free(&r);
    return 0;
}

static void *draw_worker(void *arg)
{
    batch *b = arg;
    fitter *f = calloc(1, sizeof *f);
    if (!f) {
        pthread_mutex_lock(&b->lock);
        b->failed = 1;
        klar_error_set(&b->err, NULL, 0, "out of memory");
        pthread_mutex_unlock(&b->lock);
        return NULL;
    }
    f->obs = b->obs;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        int i = b->failed || b->next >= b->opt->draws ? -1 : b->next++;
        pthread_mutex_unlock(&b->lock);
        if (i < 0)
            break;
        if (one_draw(b, f, i) != 0) {
            pthread_mutex_lock(&b->lock);
            if (!b->failed)
                b->err = f->err;
            b->failed = 1;
            pthread_mutex_unlock(&b->lock);
            break;
        }
    }
    free(f);
    return NULL;
}

static int run_draws(batch *b, int threads)
{
    pthread_t tid[64];
    int started = 0;
    if (pthread_mutex_init(&b->lock, NULL) != 0) {
        klar_error_set(&b->err, NULL, 0, "cannot make a lock");
        return -1;
    }
    for (int t = 1; t < threads; t++)
        if (pthread_create(&tid[started], NULL, draw_worker, b) == 0)
            started++;
    draw_worker(b);
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&b->lock);
    return b->failed ? -1 : 0;
}

/* ---- percentiles ------------------------------------------------------------------------ */

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* p5, p50, p95 of v[0..n-1] (sorted in place), linear between order statistics. */
static void percentiles(double *v, int n, klar_nowcast_band3 out)
{
    static const double at[3] = {0.05, 0.5, 0.95};
    qsort(v, (size_t)n, sizeof *v, compare_doubles);
    for (int j = 0; j < 3; j++) {
        double x = at[j] * (n - 1);
        int lo = (int)floor(x);
        int hi = lo + 1 < n ? lo + 1 : lo;
        out[j] = v[lo] + (x - lo) * (v[hi] - v[lo]);
    }
}

static int band_alloc(klar_surge_band *b, int n)
{
    b->p5 = malloc((size_t)n * sizeof *b->p5);
    b->p50 = malloc((size_t)n * sizeof *b->p50);
    b->p95 = malloc((size_t)n * sizeof *b->p95);
    return b->p5 && b->p50 && b->p95 ? 0 : -1;
}

/* The day-by-day bands of values (draws x (days + 1)) into band; col is scratch (draws). */
static void day_bands(const double *values, int draws, int days, double *col,
                      klar_surge_band *band)
{
    for (int d = 0; d <= days; d++) {
        klar_nowcast_band3 q;
        for (int i = 0; i < draws; i++)
            col[i] = values[(size_t)i * (size_t)(days + 1) + d];
        percentiles(col, draws, q);
        band->p5[d] = q[0], band->p50[d] = q[1], band->p95[d] = q[2];
    }
}

static double share(const unsigned char *v, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += v[i];
    return (double)k / n;
}

static void summarise(batch *b, klar_nowcast *nc)
{
    int n = b->opt->draws;
    percentiles(b->td, n, nc->doubling_time);
    percentiles(b->growth, n, nc->growth_now);
    percentiles(b->infections, n, nc->infections_now);
    percentiles(b->infectious, n, nc->infectious_now);
    percentiles(b->peak_h, n, nc->peak_hospital);
    percentiles(b->peak_hd, n, nc->peak_day_hospital);
    percentiles(b->peak_u, n, nc->peak_icu);
    percentiles(b->peak_ud, n, nc->peak_day_icu);
    nc->share_over_capacity_hospital = share(b->over_h, n);
    nc->share_over_capacity_icu = share(b->over_u, n);
    day_bands(b->hospital, n, b->days, b->td, &nc->hospital);   /* td is spent: scratch */
    day_bands(b->icu, n, b->days, b->td, &nc->icu);
}

/* ---- the whole nowcast ------------------------------------------------------------------ */

int klar_nowcast_day0(const klar_surge_params *p, long long from, long long *day0,
                      klar_error *err)
{
    if (!p->start_date[0]) {
        *day0 = from - KLAR_NOWCAST_LEAD_DAYS;
        return 0;
    }
    if (klar_date_parse(p->start_date, day0) != 0 || *day0 > from) {
        char f[11];
        klar_date_format(from, f, sizeof f);
        klar_error_field(err, KLAR_ERR_INVALID, "from", "the scenario starts on %s (its "
                         "start_date), after the first day fitted (%s)", p->start_date, f);
        return -1;
    }
    return 0;
}

static int check_options(const klar_census *c, const klar_nowcast_options *o, klar_error *err)
{
    char a[11], b[11];
    klar_date_format(c->first, a, sizeof a);
    klar_date_format(c->first + c->n - 1, b, sizeof b);
    if (o->from < c->first || o->from > c->first + c->n - 1)
        klar_error_field(err, KLAR_ERR_INVALID, "from", "from must fall within the census, "
                         "%s to %s", a, b);
    else if (o->to < o->from || o->to > c->first + c->n - 1)
        klar_error_field(err, KLAR_ERR_INVALID, "to", "to must fall within the census, on or "
                         "after from and by %s", b);
    else if (o->horizon_days < 7 || o->horizon_days > 56)
        klar_error_field(err, KLAR_ERR_INVALID, "horizon_days", "the projection runs 7 to 56 "
                         "days (1 to 8 weeks) past to, not %d", o->horizon_days);
    else if (o->draws < 10 || o->draws > 2000)
        klar_error_field(err, KLAR_ERR_INVALID, "draws", "draws must be 10 to 2000, not %d",
                         o->draws);
    else if (o->day0 > o->from)
        klar_error_field(err, KLAR_ERR_INVALID, "from", "model day 0 falls after from");
    else if (o->to - o->day0 + o->horizon_days > KLAR_SURGE_MAX_DAYS)
        klar_error_field(err, KLAR_ERR_INVALID, "to", "the model would run more than %d days "
                         "from its day 0", KLAR_SURGE_MAX_DAYS);
    else
        return 0;
    return -1;
}

/* The central fit: best doubling time and seed, residual variance, capacity series. */
static int central_fit(const klar_surge_params *p, const observed *obs, int keep_r,
                       klar_nowcast *nc, double *sigma2, klar_error *err)
{
    fitter *f = calloc(1, sizeof *f);
    if (!f) {
        klar_error_set(err, NULL, 0, "out of memory");
        return -1;
    }
    double seed[GRID], sse[GRID], ss, step;
    f->q = *p;
    f->obs = obs;
    prepare(f, p, nc->last_day, keep_r);
    int rc = fit_grid(f, seed, sse);
    klar_surge_result r;
    if (rc == 0) {
        int k = grid_best(sse);
        nc->best_doubling_time = grid_td(k);
        nc->best_initial_per_100k = seed[k];
        int dof = obs->n > 2 ? obs->n - 2 : 1;
        double dispersion = sse[k] / dof;
        nc->dispersion = dispersion;
        *sigma2 = dispersion < 1 ? 1 : dispersion;
        prepare(f, p, nc->days, keep_r);
        rc = evaluate(f, grid_td(k), seed[k], &ss, &step, &r);
    }
    if (rc == 0) {
        size_t bytes = (size_t)(nc->days + 1) * sizeof(double);
        nc->ward_capacity = malloc(bytes);
        nc->icu_capacity = malloc(bytes);
        if (nc->ward_capacity && nc->icu_capacity) {
            memcpy(nc->ward_capacity, r.series[KLAR_SURGE_WARD_CAPACITY], bytes);
            memcpy(nc->icu_capacity, r.series[KLAR_SURGE_ICU_CAPACITY], bytes);
        } else {
            klar_error_set(&f->err, NULL, 0, "out of memory");
            rc = -1;
        }
        klar_surge_result_free(&r);
    }
    if (rc != 0)
        *err = f->err;
    free(f);
    return rc;
}

static void batch_free(batch *b)
{
    free(b->hospital);
    free(b->icu);
    free(b->td);
    free(b->growth);
    free(b->infections);
    free(b->infectious);
    free(b->peak_h);
    free(b->peak_hd);
    free(b->peak_u);
    free(b->peak_ud);
    free(b->over_h);
    free(b->over_u);
}

static int batch_alloc(batch *b, int draws, int days)
{
    size_t n = (size_t)draws, cells = n * (size_t)(days + 1);
    b->hospital = malloc(cells * sizeof(double));
    b->icu = malloc(cells * sizeof(double));
    double **per_draw[] = {&b->td, &b->growth, &b->infections, &b->infectious,
                           &b->peak_h, &b->peak_hd, &b->peak_u, &b->peak_ud};
    int ok = b->hospital && b->icu;
    for (size_t i = 0; i < sizeof per_draw / sizeof per_draw[0]; i++)
        ok &= (*per_draw[i] = malloc(n * sizeof(double))) != NULL;
    b->over_h = malloc(n);
    b->over_u = malloc(n);
    return ok && b->over_h && b->over_u ? 0 : -1;
}

int klar_nowcast_run(const klar_surge_params *p, const klar_census *c,
                     const klar_nowcast_options *opt, klar_nowcast *out, klar_error *err)
{
    memset(out, 0, sizeof *out);
    if (check_options(c, opt, err) != 0 || klar_surge_params_check(p, err) != 0)
        return -1;
    observed obs;
    out->day0 = opt->day0;
    out->first_day = (int)(opt->from - opt->day0);
    out->last_day = (int)(opt->to - opt->day0);
    out->days = out->last_day + opt->horizon_days;
    out->draws = opt->draws;
    if (observed_fill(&obs, c, opt, &out->n_hospital, &out->n_icu, err) != 0) {
        observed_free(&obs);
        return -1;
    }
    batch b = {.p = p, .obs = &obs, .opt = opt, .days = out->days, .last_day = out->last_day};
    int rc = central_fit(p, &obs, opt->measures_keep_r, out, &b.sigma2, err);
    if (rc == 0 && (batch_alloc(&b, opt->draws, out->days) != 0 ||
                    band_alloc(&out->hospital, out->days + 1) != 0 ||
                    band_alloc(&out->icu, out->days + 1) != 0)) {
        klar_error_set(err, NULL, 0, "out of memory for %d draws of %d days", opt->draws,
                       out->days + 1);
        rc = -1;
    }
    int threads = opt->threads < 1 ? 1 : opt->threads > 64 ? 64 : opt->threads;
    if (rc == 0 && (rc = run_draws(&b, threads)) != 0)
        *err = b.err;
    if (rc == 0)
        summarise(&b, out);
    batch_free(&b);
    observed_free(&obs);
    if (rc != 0)
        klar_nowcast_free(out);
    return rc;
}

static void band_free(klar_surge_band *b)
{
    free(b->p5);
    free(b->p50);
    free(b->p95);
    b->p5 = b->p50 = b->p95 = NULL;
}

void klar_nowcast_free(klar_nowcast *nc)
{
    if (!nc)
        return;
    band_free(&nc->hospital);
    band_free(&nc->icu);
    free(nc->ward_capacity);
    free(nc->icu_capacity);
    nc->ward_capacity = nc->icu_capacity = NULL;
}
