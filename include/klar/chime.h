/* chime.h - a CHIME-compatible projection for `klar surge --chime FILE`: Penn Medicine's CHIME
 * SIR model (CodeForPhilly/chime v1.1.5, model code as of commit d7417b0), read from a settings
 * file in CHIME's command-line format and computed with CHIME's arithmetic, so that the
 * hospital, ICU and ventilator census agree with CHIME's day by day. See docs/chime.md.
 *
 * Days are counted from the current day (day 0); the projection starts at day -i_day, the
 * estimated day of the first hospital admission, and ends at day n_days. Dates are whole days
 * since 1970-01-01. */
#ifndef KLAR_CHIME_H
#define KLAR_CHIME_H

#include <stddef.h>
#include <stdio.h>
#include "klar/error.h"

#define KLAR_CHIME_MAX_DAYS 3650          /* klar's cap on n_days, stays, i_day (CHIME has none) */
#define KLAR_CHIME_MAX_PERSONS 1e15       /* klar's cap on population, recovered, census today */
#define KLAR_CHIME_MAX_FILE (1024 * 1024) /* settings files larger than this are refused */

/* The inputs of one projection, named as CHIME's options. Plain values, no pointers. */
typedef struct klar_chime_params {
    double population;            /* --population: persons in the region, whole, >= 1 */
    double current_hospitalized;  /* --current-hospitalized: patients today, whole, >= 0 */
    double recovered;             /* --recovered: persons already recovered, whole, >= 0 */
    double doubling_time;         /* --doubling-time: days before mitigation; 0 = not given */
    double relative_contact_rate; /* --relative-contact-rate: contact reduction, 0..1 */
    double market_share;          /* --market-share: hospitals' share of patients, 0.00001..1 */
    double hospitalized_rate;     /* --hospitalized-rate: share of infected, 0.00001..1 */
    double icu_rate;              /* --icu-rate: share of infected, 0..1 */
    double ventilated_rate;       /* --ventilated-rate: share of infected, 0..1 */
    int hospitalized_days;        /* --hospitalized-days: length of stay, >= 1 */
    int icu_days;                 /* --icu-days: >= 1 */
    int ventilated_days;          /* --ventilated-days: >= 1 */
    int infectious_days;          /* --infectious-days: >= 1 */
    int n_days;                   /* --n-days: days projected after the current day, >= 1 */
    int has_current_date;         /* the three dates below count only when their flag is 1 */
    int has_mitigation_date;
    int has_date_first_hospitalized;
    long current_date;            /* --current-date */
    long mitigation_date;         /* --mitigation-date: contacts reduced from this day on */
    long date_first_hospitalized; /* --date-first-hospitalized: fit the doubling time instead */
} klar_chime_params;

/* One projection, rows for days -i_day .. n_days. Every array has n elements and belongs to
 * the result: release them all with klar_chime_result_free. */
typedef struct klar_chime_result {
    int i_day;                    /* days from the first admission to the current day */
    int mitigation_day;           /* first day with reduced contacts (>= -i_day) */
    double doubling_time;         /* as given, or as fitted from --date-first-hospitalized */
    double beta, beta_t;          /* contact rate before and from the mitigation day */
    size_t n;
    int *day;                     /* -i_day, ..., n_days */
    double *census_hospitalized;  /* patients in hospital, unfloored */
    double *census_icu;
    double *census_ventilated;
    double *admits_hospitalized;  /* new patients that day; element 0 is NAN, as in CHIME */
    double *admits_icu;
    double *admits_ventilated;
    double *susceptible, *infected, *recovered;   /* the SIR compartments, persons */
} klar_chime_result;

/* Sets p to the values of CHIME's defaults/cli.cfg (doubling time 5 days, no dates). */
void klar_chime_defaults(klar_chime_params *p);

/* Parses len bytes of settings text in CHIME's CLI format (`--opt value` or `--opt=value`,
 * hyphens or underscores, several per line, # comments) into p, starting from the defaults.
 * Every option CHIME requires must be given. Returns 0, or -1 with "name:line: reason". */
int klar_chime_parse(const char *text, size_t len, const char *name, klar_chime_params *p,
                     klar_error *err);

/* Reads the settings file at path (klar_file_read, at most KLAR_CHIME_MAX_FILE bytes) and
 * parses it with klar_chime_parse. Returns 0, or -1 with err naming the file. */
int klar_chime_load(const char *path, klar_chime_params *p, klar_error *err);

/* Checks p as klar_chime_run will: CHIME's ranges and klar's caps, exactly one of doubling time
 * and date of first admission, dates that CHIME can use. Returns 0, or -1 with a reason. */
int klar_chime_check(const klar_chime_params *p, klar_error *err);

/* Runs the projection as CHIME does (i_day searched, or doubling time fitted) and fills r,
 * which the caller frees with klar_chime_result_free. On failure returns -1 with err set and
 * r empty (freeing it is harmless). */
int klar_chime_run(const klar_chime_params *p, klar_chime_result *r, klar_error *err);

/* Frees the arrays of r and empties it; r may be empty already. */
void klar_chime_result_free(klar_chime_result *r);

/* Writes "day,census_hospitalized,census_icu,census_ventilated" and one row per day with the
 * census floored to whole patients. Returns 0, or -1 if a write failed. */
int klar_chime_write_csv(FILE *out, const klar_chime_result *r);

/* Parses a date YYYY-MM-DD (month and day may have one digit, as CHIME allows) into days since
 * 1970-01-01. Returns 0, or -1 if s is not a real calendar date of years 1..9999. */
int klar_chime_parse_date(const char *s, long *days);

#endif
