/* nowcast.h - where an epidemic is heading, from the hospital census reported so far: the surge
 * model (klar/surge.h) fitted to a daily census series (epidemic patients in hospital, and in
 * ICU where reported), then projected some weeks ahead with 5/50/95 % bands, against the
 * capacity of the region. See docs/nowcast.md for the method.
 *
 * What is fitted: the doubling time of infections before the scenario's measures
 * (epidemic.doubling_time) and the size of the epidemic (epidemic.initial_infected_per_100k,
 * reported as the infections and infectious persons of the last reported day). The rest of the
 * scenario (care pathway, stays, measures) is taken as given; its uncertain parameters are
 * drawn, and for every draw the two are fitted again and the doubling time drawn from its
 * profile likelihood, so the bands carry both the scenario's uncertainty and the fit's. */
#ifndef KLAR_NOWCAST_H
#define KLAR_NOWCAST_H

#include <stdint.h>
#include "klar/error.h"
#include "klar/surge.h"

#define KLAR_NOWCAST_MAX_DAYS 3650   /* days a census series may span */
#define KLAR_NOWCAST_LEAD_DAYS 21    /* model days before the first reported day when the
                                        scenario names no start_date */

/* A daily census series. The caller owns it; klar_census_free releases the arrays. */
typedef struct klar_census {
    long long first;        /* day number (klar/date.h) of values[0] */
    int n;                  /* days first .. first + n - 1 */
    double *hospital;       /* epidemic patients in hospital (ward and ICU); NAN: not reported */
    double *icu;            /* of whom in ICU; NAN: not reported */
} klar_census;

/* An empty series of n days from day `first` (every value NAN). 0, or -1 with err. */
int klar_census_init(klar_census *c, long long first, int n, klar_error *err);

/* Reads a CSV census file: a header naming `date` (YYYY-MM-DD) and
 * `hospital_census_patients`, optionally `icu_census_patients`, in any order among other
 * columns; lines starting with '#' are comments, an empty cell is a day not reported; dates
 * ascending, each once. 0, or -1 with "path:line: reason" in err. */
int klar_census_read_csv(const char *path, klar_census *out, klar_error *err);

void klar_census_free(klar_census *c);

/* How a nowcast is made. */
typedef struct klar_nowcast_options {
    long long from, to;     /* the days (day numbers) fitted, within the census */
    long long day0;         /* the day number of model day 0 (the scenario's start_date, or
                               from - KLAR_NOWCAST_LEAD_DAYS; see klar_nowcast_day0) */
    int horizon_days;       /* days projected after `to`, 7..56 */
    int draws;              /* parameter draws behind the bands, 10..2000 */
    uint64_t seed;          /* the draws depend on (seed, draw) alone */
    int threads;            /* 1..64; the result does not depend on it */
    int measures_keep_r;    /* 1: the scenario's measures leave the reproduction number they
                               give it (its R0 x relative contact) whatever doubling time is
                               fitted; 0: they scale the fitted growth's contacts */
} klar_nowcast_options;

/* Model day 0 for a nowcast of p fitted from day `from`: p's start_date, else from minus
 * KLAR_NOWCAST_LEAD_DAYS. -1 with err when the start date falls after `from`. */
int klar_nowcast_day0(const klar_surge_params *p, long long from, long long *day0,
                      klar_error *err);

/* p5, p50, p95 of a quantity over the draws. */
typedef double klar_nowcast_band3[3];

/* A nowcast. Model days run 0 .. days; day d is day number day0 + d. The caller owns it;
 * klar_nowcast_free releases the series. */
typedef struct klar_nowcast {
    long long day0;
    int first_day, last_day;        /* model days of `from` and `to` */
    int days;                       /* last_day + horizon_days */
    int n_hospital, n_icu;          /* reported days fitted */
    int draws;
    double best_doubling_time;      /* central fit (the scenario's central values), days */
    double best_initial_per_100k;   /* persons in E on day 0 per 100 000 */
    double dispersion;              /* weighted squared residuals of the central fit per degree
                                       of freedom: 1 when the census scatters as counts do */
    klar_nowcast_band3 doubling_time;   /* fitted epidemic.doubling_time, days */
    klar_nowcast_band3 growth_now;      /* daily growth of new infections over the last week
                                           fitted (share a day; < 0: shrinking) */
    klar_nowcast_band3 infections_now;  /* new infections on the last day fitted, persons/day */
    klar_nowcast_band3 infectious_now;  /* infectious persons on the last day fitted */
    klar_nowcast_band3 peak_hospital, peak_day_hospital;  /* over days 0 .. days */
    klar_nowcast_band3 peak_icu, peak_day_icu;
    double share_over_capacity_hospital;  /* draws whose hospital or ICU census exceeds the */
    double share_over_capacity_icu;       /* beds available to the epidemic after `to` */
    klar_surge_band hospital, icu;   /* census, patients, days + 1 values each */
    double *ward_capacity, *icu_capacity;   /* beds available to epidemic patients (central) */
} klar_nowcast;

/* Fits p (the scenario on the region, its uncertain parameters with their distributions) to
 * census c over opt->from .. opt->to and projects opt->horizon_days on. Needs at least 5
 * reported days of hospital census in the window, 3 of them above 0. 0, or -1 with err (field
 * "from", "to", "horizon_days", "draws" or "census" for the input to blame). */
int klar_nowcast_run(const klar_surge_params *p, const klar_census *c,
                     const klar_nowcast_options *opt, klar_nowcast *out, klar_error *err);

void klar_nowcast_free(klar_nowcast *nc);

#endif
