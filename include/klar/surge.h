/* surge.h - crisis surge simulation: an age-structured SEIR epidemic (deterministic or binomial
 * chain) feeding a hospital care pathway, measured day by day against beds, lab tests, staff
 * and stocks, with Monte Carlo percentile bands. See docs/surge.md for the model.
 *
 * Parameters are one plain struct (klar_surge_params) with no pointers, so that it can be
 * copied, filled by hand in tests, or filled from a scenario file and the shipped baseline
 * (klar_surge_load). Times are in days; day 0 is the first simulated day. */
#ifndef KLAR_SURGE_H
#define KLAR_SURGE_H

#include <stddef.h>
#include <stdint.h>
#include "klar/error.h"
#include "klar/geo.h"
#include "klar/population.h"

#define KLAR_SURGE_GROUPS KLAR_AGE_GROUPS   /* age groups 0-9, 10-19, ..., 70-79, 80+ */
#define KLAR_SURGE_MAX_MEASURES 32
#define KLAR_SURGE_MAX_ITEMS 16
#define KLAR_SURGE_MAX_UNCERTAIN 48
#define KLAR_SURGE_MAX_DAYS 3650
#define KLAR_SURGE_MAX_STAGES 8      /* Erlang stages per stay */

/* Label of age group g ("0-9" ... "80+", as klar_age_group_label), "?" for any other g. */
const char *klar_surge_group_label(int g);

/* Staff categories with their own staffing ratios. */
typedef enum {
    KLAR_STAFF_NURSE,
    KLAR_STAFF_ICU_NURSE,
    KLAR_STAFF_PHYSICIAN,
    KLAR_STAFF_BIOENGINEER,
    KLAR_STAFF_N
} klar_staff;

/* Id of a staff category as used in files and output ("nurse", "icu-nurse", ...). */
const char *klar_staff_id(klar_staff s);

/* A stay of mean `days` split into `stages` Erlang-like stages. With daily steps a patient
 * leaves a stage with probability stages/days per day, so stages may not exceed days. */
typedef struct klar_surge_stay {
    double days;
    int stages;
} klar_surge_stay;

/* ---- distributions of uncertain parameters ---------------------------------------------- */

typedef enum {
    KLAR_DIST_UNIFORM,       /* a = low, b = high */
    KLAR_DIST_TRIANGULAR,    /* a = low, b = mode, c = high */
    KLAR_DIST_NORMAL,        /* a = mean, b = sd; truncated at the parameter's valid range */
    KLAR_DIST_LOGNORMAL      /* a = median, b = sd of the log */
} klar_dist_kind;

/* One scalar parameter (a double inside klar_surge_params) drawn anew for every Monte Carlo
 * run. `offset` is its byte offset in klar_surge_params; lo/hi clamp the draw. */
typedef struct klar_surge_uncertain {
    char key[64];            /* "epidemic.r0", as written in the scenario file */
    size_t offset;
    klar_dist_kind kind;
    double a, b, c;
    double lo, hi;
} klar_surge_uncertain;

/* ---- the epidemic ---------------------------------------------------------------------- */

typedef struct klar_surge_measure {
    int from_day;
    double relative_contact;   /* contact rate relative to normal from this day on (1 = none) */
} klar_surge_measure;

typedef struct klar_surge_epidemic {
    double r0;                 /* basic reproduction number; used when doubling_time is 0 */
    double doubling_time;      /* days, early growth; overrides r0 when > 0 */
    klar_surge_stay latent;    /* E: infected, not yet infectious */
    klar_surge_stay infectious;/* I: infectious (those not bound for hospital) */
    double initial_infected_per_100k;   /* persons put in E on day 0, spread by population */
    double susceptibility[KLAR_SURGE_GROUPS];  /* relative, 1 = fully susceptible */
    double immune[KLAR_SURGE_GROUPS];          /* share already immune on day 0 (in R) */
    double contacts[KLAR_SURGE_GROUPS][KLAR_SURGE_GROUPS]; /* daily contacts of an i-person
                                                  with j-persons; all zero = uniform mixing */
    int n_measures;
    klar_surge_measure measures[KLAR_SURGE_MAX_MEASURES];  /* sorted by from_day */
} klar_surge_epidemic;

typedef struct klar_surge_vaccination {
    int enabled;
    int start_day;
    double doses_per_day_per_100k;   /* first doses a day per 100 000 inhabitants */
    double efficacy;                  /* share of vaccinated susceptibles protected */
    double max_coverage;              /* share of each age group that accepts a dose */
    int n_priority;
    int priority[KLAR_SURGE_GROUPS];  /* age groups in the order they are offered doses */
} klar_surge_vaccination;

/* ---- the care pathway: infection -> (tested) -> ward -> ICU -> (ventilated) -> out ------- */

typedef struct klar_surge_care {
    double symptomatic[KLAR_SURGE_GROUPS];     /* share of infections with symptoms */
    double hospitalised[KLAR_SURGE_GROUPS];    /* share of infections admitted to hospital */
    double hospitalised_scale;                 /* multiplies hospitalised (uncertainty lever) */
    double icu[KLAR_SURGE_GROUPS];             /* share of admitted patients who need ICU */
    double icu_scale;                          /* multiplies icu (uncertainty lever) */
    double ventilated;                         /* share of ICU patients on a ventilator */
    double death_ward[KLAR_SURGE_GROUPS];      /* deaths among ward-only patients */
    double death_icu[KLAR_SURGE_GROUPS];       /* deaths among ICU patients */
    klar_surge_stay onset_to_admission;        /* infectious in the community before admission */
    klar_surge_stay ward;                      /* ward-only stay */
    klar_surge_stay ward_before_icu;
    klar_surge_stay icu_stay;                  /* ICU, not ventilated */
    klar_surge_stay icu_ventilated;            /* ICU, ventilated */
    klar_surge_stay ward_after_icu;
    double tested;                 /* share of symptomatic infections tested */
    double tests_per_admission;
    double tests_per_patient_day;  /* tests per in-patient (ward or ICU) per day */
    double background_tests_per_100k;  /* other tests per day per 100 000 (screening, contacts) */
} klar_surge_care;

/* ---- capacity, staff and reserves ------------------------------------------------------ */

typedef struct klar_surge_staff {
    double fte;             /* FTE in the region (for bioengineers: lab staff able to test) */
    double normal_load;     /* share of fte that normal activity keeps busy */
    double per_ward_bed;    /* FTE per occupied epidemic ward bed (24/7 cover) */
    double per_icu_bed;     /* FTE per occupied epidemic ICU bed */
    double tests_per_fte_day;  /* tests one FTE runs a day (bioengineers), 0 = none */
    double reserve_fte;     /* reserve personnel that can be mobilised, FTE */
} klar_surge_staff;

typedef struct klar_surge_capacity {
    double ward_beds, ward_beds_surge;  /* normal beds; extra beds opened in a surge */
    double icu_beds, icu_beds_surge;
    double ward_occupancy;   /* share of normal ward beds used by other patients */
    double icu_occupancy;
    int surge_delay_days;    /* surge beds open this many days after demand first exceeds
                                normal capacity (-1: never) */
    klar_surge_staff staff[KLAR_STAFF_N];
    double absence_base;         /* share of staff absent in normal times */
    double absence_per_prevalence;  /* extra absence per infectious share of the population */
    double absence_max;
    int reserve_delay_days;      /* reserves start after a staff gap first appears */
    int reserve_ramp_days;       /* then grow linearly to reserve_fte over this many days */
} klar_surge_capacity;

/* ---- stocks --------------------------------------------------------------------------- */

typedef struct klar_surge_item {
    char id[32];               /* "ffp3", "surgical-mask", "propofol" */
    char unit[24];             /* "pieces", "vials" */
    char category[16];         /* "ppe" or "medicine": what an import stop hits */
    double normal_per_month;   /* normal consumption in the region, units/month */
    double per_ward_day;       /* extra units per epidemic ward patient-day */
    double per_icu_day;        /* extra units per epidemic ICU patient-day */
    double per_test;           /* units per test */
    double opening_months;     /* opening stock in months of normal consumption */
    double import_share;       /* share of normal resupply that is imported */
    int stop_day;              /* first day imports stop (-1: never) */
    int resume_day;            /* day imports partly resume (-1: never) */
    double resume_fraction;    /* share of imports restored from resume_day */
} klar_surge_item;

/* ---- everything a run needs ----------------------------------------------------------- */

typedef struct klar_surge_params {
    char name[96];                       /* scenario name */
    char region_id[48], region_name[96];
    char start_date[11];                 /* "YYYY-MM-DD" of day 0, or "" (the scenario names none) */
    int days;                            /* simulate day 0 .. days */
    double population[KLAR_SURGE_GROUPS];
    klar_surge_epidemic epi;
    klar_surge_vaccination vac;
    klar_surge_care care;
    klar_surge_capacity cap;
    int n_items;
    klar_surge_item items[KLAR_SURGE_MAX_ITEMS];
    int n_uncertain;
    klar_surge_uncertain uncertain[KLAR_SURGE_MAX_UNCERTAIN];
} klar_surge_params;

/* Fills p with klar's documented defaults (a moderate influenza on an empty region with no
 * capacity and no items); the scenario loader starts from these. */
void klar_surge_params_defaults(klar_surge_params *p);

/* Checks ranges and consistency (stages <= days, shares in [0,1], population > 0, ...).
 * Returns 0, or -1 with err naming the parameter ("care.icu: ..."). */
int klar_surge_params_check(const klar_surge_params *p, klar_error *err);

/* Reads a scenario file onto p (which holds defaults and baseline values): "file:line: reason"
 * for anything wrong. Relative paths inside (a contact matrix CSV) are taken from the file's
 * directory. Returns 0 or -1. */
int klar_surge_scenario_parse(const char *text, size_t len, const char *name,
                              klar_surge_params *p, klar_error *err);

/* The region named in the scenario's [scenario] region key, or "" if none (into buf). */
int klar_surge_scenario_region(const char *text, size_t len, char *buf, size_t size);

/* Reads the shipped baseline (datadir/surge/capacity.csv and items.csv) for region onto p: the
 * nation gets the sum of the four RHFs, an RHF its own counts, a county or municipality its
 * RHF's counts times its share of the RHF's population (from pb). Items' normal consumption is
 * scaled by p->population, which must already hold the region's population (see
 * klar_popbase_age_groups). Returns 0 or -1 with err set. */
int klar_surge_baseline_load(const char *datadir, const klar_popbase *pb, const klar_region *region,
                             klar_surge_params *p, klar_error *err);

/* Where one figure of a region's baseline comes from: the rows of <datadir>/surge/ it takes
 * (capacity.csv for counts, items.csv for an item's consumption and opening stock) and how. */
#define KLAR_SURGE_BASELINE_SOURCES (4 + 2 * KLAR_STAFF_N + 2 * KLAR_SURGE_MAX_ITEMS)
typedef struct klar_surge_baseline_source {
    char key[64];             /* "capacity.icu_beds", "staff.nurse.reserve_fte",
                                 "item.ffp3.normal_per_month", "item.ffp3.opening_months" */
    const char *file;         /* "data/surge/capacity.csv" or "data/surge/items.csv" (static) */
    int nlines;
    long lines[KLAR_RHF_COUNT];   /* the rows taken, in RHF order for counts */
    char rule[160];           /* "the sum of the four RHFs", "Helse Vest's count x 0.0963 ..." */
} klar_surge_baseline_source;

/* The sources of every count and item figure klar_surge_baseline_load puts onto p for region
 * (p->population must hold the region's population): up to KLAR_SURGE_BASELINE_SOURCES entries
 * into out, their number into *n. 0, or -1 with err. */
int klar_surge_baseline_sources(const char *datadir, const klar_popbase *pb,
                                const klar_region *region, const klar_surge_params *p,
                                klar_surge_baseline_source *out, int *n, klar_error *err);

/* Everything for one run: defaults, the region's population and baseline, then the scenario
 * file at path; region NULL takes the scenario's own region or else NO. The data files are
 * read once each. When the region the file names has no population or no baseline, the
 * message starts "path:line: 'region': ". Returns 0 or -1 with err set. */
int klar_surge_load(const char *path, const char *datadir, const char *region,
                    klar_surge_params *p, klar_error *err);

/* ---- the keys of scenario files (for forms over them) ------------------------------------ */

typedef enum {
    KLAR_SURGE_KEY_NUMBER,    /* one number */
    KLAR_SURGE_KEY_INTEGER,   /* one whole number */
    KLAR_SURGE_KEY_AGES,      /* one number for every age group, or KLAR_SURGE_GROUPS of them */
    KLAR_SURGE_KEY_TEXT       /* a word, a list or a name: read by its own rule */
} klar_surge_key_kind;

/* One key a scenario file may set once. Strings are static. */
typedef struct klar_surge_key_info {
    const char *section;      /* "epidemic"; "staff" and "item" stand for every [staff.<id>]
                               * and [item.<id>] section */
    const char *name;         /* "r0" */
    klar_surge_key_kind kind;
    double min, max;          /* valid range of a number (of each age group's) */
    int min_open;             /* 1: must be greater than min */
    int uncertain;            /* 1: may be written "value ~ distribution(...)" */
    const char *unit;         /* "days", "share", "beds", ...; "none" for pure numbers, texts */
} klar_surge_key_info;

/* Number of keys: those of the fixed sections, then of [staff.<id>], then of [item.<id>]
 * (repeatable keys, description and source, are not among them). */
size_t klar_surge_key_count(void);

/* The i-th key into out. Returns 0, or -1 when i >= klar_surge_key_count(). */
int klar_surge_key_at(size_t i, klar_surge_key_info *out);

/* Writes key i's value in p as a scenario file writes it ("2.5"; age groups as 9 values) into
 * buf; owner is the staff group or item index of a staff or item key. Returns 0, or -1 for a
 * text key, an owner out of range or a buf too small. */
int klar_surge_key_format(const klar_surge_params *p, size_t i, int owner, char *buf,
                          size_t size);

/* ---- results -------------------------------------------------------------------------- */

/* Daily series, each days + 1 values (day 0 .. days). Units in the comments. */
typedef enum {
    KLAR_SURGE_INFECTIONS,        /* new infections, persons/day */
    KLAR_SURGE_INFECTIOUS,        /* infectious persons in the community */
    KLAR_SURGE_ADMISSIONS,        /* hospital admissions, patients/day */
    KLAR_SURGE_ICU_ADMISSIONS,    /* ICU admissions, patients/day */
    KLAR_SURGE_CENSUS_WARD,       /* epidemic patients in ward beds */
    KLAR_SURGE_CENSUS_ICU,        /* epidemic patients in ICU beds */
    KLAR_SURGE_CENSUS_VENTILATED, /* of which ventilated */
    KLAR_SURGE_DEATHS,            /* deaths in hospital, persons/day */
    KLAR_SURGE_WARD_CAPACITY,     /* ward beds available to epidemic patients */
    KLAR_SURGE_ICU_CAPACITY,      /* ICU beds available to epidemic patients */
    KLAR_SURGE_TESTS_DEMAND,      /* tests/day */
    KLAR_SURGE_TESTS_CAPACITY,    /* tests/day */
    KLAR_SURGE_ABSENCE,           /* share of staff absent */
    KLAR_SURGE_GAP_NURSE,         /* staff gap, FTE (need - available, >= 0) */
    KLAR_SURGE_GAP_ICU_NURSE,
    KLAR_SURGE_GAP_PHYSICIAN,
    KLAR_SURGE_GAP_BIOENGINEER,
    KLAR_SURGE_RESERVES,          /* reserve personnel mobilised (before absence), FTE */
    KLAR_SURGE_VACCINATED,        /* cumulative doses given, persons */
    KLAR_SURGE_NSERIES
} klar_surge_series;

/* Id of a series for CSV/JSON headers ("census_icu", ...) and its unit ("patients"). */
const char *klar_surge_series_id(klar_surge_series s);
const char *klar_surge_series_unit(klar_surge_series s);

typedef struct klar_surge_summary {
    double peak_census_ward;  int peak_day_ward;
    double peak_census_icu;   int peak_day_icu;
    double peak_census_ventilated; int peak_day_ventilated;
    int days_ward_over_capacity, days_icu_over_capacity;
    double unmet_ward_bed_days, unmet_icu_bed_days;
    double tests_peak_demand; int tests_peak_day;
    double tests_capacity;            /* tests/day on day 0 */
    int days_tests_over_capacity;
    double staff_peak_gap[KLAR_STAFF_N];  /* FTE */
    int staff_gap_days[KLAR_STAFF_N];
    double infections, admissions, icu_admissions, deaths;   /* totals, persons */
    double attack_rate;               /* infections / population */
    int first_stockout_day[KLAR_SURGE_MAX_ITEMS];   /* -1: no stock-out */
} klar_surge_summary;

/* One run. The caller owns it; klar_surge_result_free releases the series. */
typedef struct klar_surge_result {
    int days, n_items;
    double *series[KLAR_SURGE_NSERIES];
    double *stock[KLAR_SURGE_MAX_ITEMS];       /* units on hand at the end of each day */
    double *stock_unmet[KLAR_SURGE_MAX_ITEMS]; /* units needed but not there that day */
    double *people;       /* persons in all compartments, the dead included, at the end of
                             each day: equals the population when the model loses no one */
    klar_surge_summary summary;
} klar_surge_result;

/* Runs p once: deterministic when stochastic is 0, else a binomial chain drawn from seed
 * (uncertain parameters are not drawn here; see klar_surge_draw_params). Returns 0, or -1
 * with err (bad parameters, out of memory). */
int klar_surge_run(const klar_surge_params *p, int stochastic, uint64_t seed,
                   klar_surge_result *out, klar_error *err);

void klar_surge_result_free(klar_surge_result *r);

/* The basic reproduction number of p (everyone susceptible): its epidemic.r0, or the one its
 * doubling_time implies with its latent and infectious stays and mixing. */
double klar_surge_basic_r0(const klar_surge_params *p);

/* Copies p into out with every uncertain parameter drawn from its distribution (seeded). */
void klar_surge_draw_params(const klar_surge_params *p, uint64_t seed, klar_surge_params *out);

/* ---- Monte Carlo --------------------------------------------------------------------- */

#define KLAR_SURGE_NSUMMARY 12   /* scalar summary fields with percentiles, see below */

/* Percentile bands over runs: p5/p50/p95 per day for every series and stock. */
typedef struct klar_surge_band {
    double *p5, *p50, *p95;   /* days + 1 values each */
} klar_surge_band;

typedef struct klar_surge_mc {
    int runs, days, n_items;
    klar_surge_band series[KLAR_SURGE_NSERIES];
    klar_surge_band stock[KLAR_SURGE_MAX_ITEMS];
    /* scalar summaries: [0] p5, [1] p50, [2] p95 */
    double peak_census_icu[3], peak_census_ward[3], peak_day_icu[3];
    double unmet_icu_bed_days[3], unmet_ward_bed_days[3], days_icu_over_capacity[3];
    double tests_peak_demand[3], deaths[3], infections[3];
    double stockout_share[KLAR_SURGE_MAX_ITEMS];    /* share of runs with a stock-out */
    double first_stockout_day[KLAR_SURGE_MAX_ITEMS][3];  /* over runs that ran out */
} klar_surge_mc;

/* Runs `runs` stochastic simulations with parameters drawn per run, on `threads` threads.
 * Run i uses a seed derived from (seed, i) alone, so the result does not depend on threads.
 * Returns 0, or -1 with err. */
int klar_surge_montecarlo(const klar_surge_params *p, int runs, uint64_t seed, int threads,
                          klar_surge_mc *out, klar_error *err);

/* Asked between runs: nonzero stops the batch (e.g. past a deadline). */
typedef int (*klar_surge_stop_fn)(void *ctx);

/* klar_surge_montecarlo that calls stop(ctx) (stop may be NULL) before each run and each tile
 * of percentiles, from the batch's threads; once it says stop, the batch ends with -1 and err
 * code KLAR_ERR_LIMIT, field "runs", saying how many of the runs were done. */
int klar_surge_montecarlo_until(const klar_surge_params *p, int runs, uint64_t seed,
                                int threads, klar_surge_stop_fn stop, void *ctx,
                                klar_surge_mc *out, klar_error *err);

/* Bytes a batch of `runs` runs of p holds at its peak on `threads` threads (the daily values
 * of every run, the bands and the working buffers), for a cap before it starts. */
size_t klar_surge_mc_bytes(const klar_surge_params *p, int runs, int threads);

void klar_surge_mc_free(klar_surge_mc *mc);

#endif
