/* summary.c - the figures a planner reads first, worked out from a run's daily series: peaks
 * and their days, days over capacity, unmet bed-days, tests against capacity, staff gaps,
 * totals and the first stock-out day of each item. Also the ids and units of the series. */
#include "surge_internal.h"

#include <string.h>

#define OVER 1e-9   /* tolerance for "over capacity" and "ran out" */

static const struct {
    const char *id, *unit;
} series_names[KLAR_SURGE_NSERIES] = {
    [KLAR_SURGE_INFECTIONS] = { "infections", "persons/day" },
    [KLAR_SURGE_INFECTIOUS] = { "infectious", "persons" },
    [KLAR_SURGE_ADMISSIONS] = { "admissions", "patients/day" },
    [KLAR_SURGE_ICU_ADMISSIONS] = { "icu_admissions", "patients/day" },
    [KLAR_SURGE_CENSUS_WARD] = { "census_ward", "patients" },
    [KLAR_SURGE_CENSUS_ICU] = { "census_icu", "patients" },
    [KLAR_SURGE_CENSUS_VENTILATED] = { "census_ventilated", "patients" },
    [KLAR_SURGE_DEATHS] = { "deaths", "persons/day" },
    [KLAR_SURGE_WARD_CAPACITY] = { "ward_capacity", "beds" },
    [KLAR_SURGE_ICU_CAPACITY] = { "icu_capacity", "beds" },
    [KLAR_SURGE_TESTS_DEMAND] = { "tests_demand", "tests/day" },
    [KLAR_SURGE_TESTS_CAPACITY] = { "tests_capacity", "tests/day" },
    [KLAR_SURGE_ABSENCE] = { "staff_absence", "share" },
    [KLAR_SURGE_GAP_NURSE] = { "gap_nurse", "FTE" },
    [KLAR_SURGE_GAP_ICU_NURSE] = { "gap_icu_nurse", "FTE" },
    [KLAR_SURGE_GAP_PHYSICIAN] = { "gap_physician", "FTE" },
    [KLAR_SURGE_GAP_BIOENGINEER] = { "gap_bioengineer", "FTE" },
    [KLAR_SURGE_RESERVES] = { "reserves", "FTE" },
    [KLAR_SURGE_VACCINATED] = { "vaccinated", "persons" },
};

const char *klar_surge_series_id(klar_surge_series s)
{
    return (unsigned)s < KLAR_SURGE_NSERIES ? series_names[s].id : "?";
}

const char *klar_surge_series_unit(klar_surge_series s)
{
    return (unsigned)s < KLAR_SURGE_NSERIES ? series_names[s].unit : "?";
}

/* The highest value and its first day. */
static void peak(const double *x, int days, double *value, int *day)
{
    *value = x[0];
    *day = 0;
    for (int d = 1; d <= days; d++)
        if (x[d] > *value) {
            *value = x[d];
            *day = d;
        }
}

/* Days with demand over capacity and the sum of the excess (bed-days, tests). */
static void over(const double *demand, const double *capacity, int days, int *n_days,
                 double *excess)
{
    *n_days = 0;
    *excess = 0;
    for (int d = 0; d <= days; d++)
        if (demand[d] > capacity[d] + OVER) {
            (*n_days)++;
            *excess += demand[d] - capacity[d];
        }
}

static double total(const double *x, int days)
{
    double s = 0;
    for (int d = 0; d <= days; d++)
        s += x[d];
    return s;
}

static int first_positive(const double *x, int days)
{
    for (int d = 0; d <= days; d++)
        if (x[d] > OVER)
            return d;
    return -1;
}

void surge_summarise(const klar_surge_params *p, klar_surge_result *r)
{
    klar_surge_summary *s = &r->summary;
    double *const *x = r->series;
    int days = r->days;
    double unused;
    memset(s, 0, sizeof *s);
    peak(x[KLAR_SURGE_CENSUS_WARD], days, &s->peak_census_ward, &s->peak_day_ward);
    peak(x[KLAR_SURGE_CENSUS_ICU], days, &s->peak_census_icu, &s->peak_day_icu);
    peak(x[KLAR_SURGE_CENSUS_VENTILATED], days, &s->peak_census_ventilated,
         &s->peak_day_ventilated);
    over(x[KLAR_SURGE_CENSUS_WARD], x[KLAR_SURGE_WARD_CAPACITY], days,
         &s->days_ward_over_capacity, &s->unmet_ward_bed_days);
    over(x[KLAR_SURGE_CENSUS_ICU], x[KLAR_SURGE_ICU_CAPACITY], days,
         &s->days_icu_over_capacity, &s->unmet_icu_bed_days);
    peak(x[KLAR_SURGE_TESTS_DEMAND], days, &s->tests_peak_demand, &s->tests_peak_day);
    s->tests_capacity = x[KLAR_SURGE_TESTS_CAPACITY][0];
    over(x[KLAR_SURGE_TESTS_DEMAND], x[KLAR_SURGE_TESTS_CAPACITY], days,
         &s->days_tests_over_capacity, &unused);
    for (int k = 0; k < KLAR_STAFF_N; k++) {
        int day;
        peak(x[KLAR_SURGE_GAP_NURSE + k], days, &s->staff_peak_gap[k], &day);
        s->staff_gap_days[k] = 0;
        for (int d = 0; d <= days; d++)
            s->staff_gap_days[k] += x[KLAR_SURGE_GAP_NURSE + k][d] > OVER;
    }
    s->infections = total(x[KLAR_SURGE_INFECTIONS], days);
    s->admissions = total(x[KLAR_SURGE_ADMISSIONS], days);
    s->icu_admissions = total(x[KLAR_SURGE_ICU_ADMISSIONS], days);
    s->deaths = total(x[KLAR_SURGE_DEATHS], days);
    double population = surge_population(p);
    s->attack_rate = population > 0 ? s->infections / population : 0;
    for (int i = 0; i < KLAR_SURGE_MAX_ITEMS; i++)
        s->first_stockout_day[i] = i < r->n_items ? first_positive(r->stock_unmet[i], days) : -1;
}
