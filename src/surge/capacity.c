/* capacity.c - what the health services can offer an epidemic day by day: ward and ICU beds
 * free of other patients (surge beds opening a set delay after demand first exceeds them),
 * lab tests from spare bioengineer FTE, staff absence rising with community prevalence, staff
 * need by staffing ratios, and reserve personnel mobilised after a delay up to a cap. Works on
 * a run's epidemic series; nothing here feeds back into the epidemic. */
#include "surge_internal.h"

#include <math.h>

double surge_population(const klar_surge_params *p)
{
    double n = 0;
    for (int g = 0; g < KLAR_SURGE_GROUPS; g++)
        n += p->population[g];
    return n;
}

/* Beds available to epidemic patients each day: the normal beds other patients leave free,
 * plus the surge beds from `delay` days after census first exceeded those. */
static void fill_beds(int days, double beds, double occupancy, double surge, int delay,
                      const double *census, double *capacity)
{
    double normal = beds * (1 - occupancy);
    int first_exceeded = -1;
    for (int d = 0; d <= days; d++) {
        if (first_exceeded < 0 && census[d] > normal)
            first_exceeded = d;
        int open = delay >= 0 && first_exceeded >= 0 && d >= first_exceeded + delay;
        capacity[d] = normal + (open ? surge : 0);
    }
}

static double absence_on(const klar_surge_capacity *c, double infectious, double population)
{
    double prevalence = population > 0 ? infectious / population : 0;
    double a = c->absence_base + c->absence_per_prevalence * prevalence;
    return a > c->absence_max ? c->absence_max : a;
}

/* Share of a category's reserves at work on day d, when its gap first appeared on `trigger`. */
static double reserve_ramp(const klar_surge_capacity *c, int trigger, int d)
{
    if (trigger < 0)
        return 0;
    int since = d - trigger - c->reserve_delay_days;
    if (since < 0)
        return 0;
    if (c->reserve_ramp_days <= 0)
        return 1;
    double share = (since + 1.0) / c->reserve_ramp_days;
    return share > 1 ? 1 : share;
}

/* FTE a category needs on day d for normal activity and the epidemic's in-patients. */
static double patient_need(const klar_surge_staff *s, double ward, double icu)
{
    return s->fte * s->normal_load + s->per_ward_bed * ward + s->per_icu_bed * icu;
}

/* FTE the bioengineers need for the day's tests. */
static double test_need(const klar_surge_staff *s, double tests)
{
    return s->tests_per_fte_day > 0 ? tests / s->tests_per_fte_day : 0;
}

static void fill_staff(const klar_surge_params *p, klar_surge_result *r)
{
    const klar_surge_capacity *c = &p->cap;
    double population = surge_population(p);
    int trigger[KLAR_STAFF_N];
    for (int k = 0; k < KLAR_STAFF_N; k++)
        trigger[k] = -1;
    const klar_surge_staff *bio = &c->staff[KLAR_STAFF_BIOENGINEER];
    for (int d = 0; d <= r->days; d++) {
        double absence = absence_on(c, r->series[KLAR_SURGE_INFECTIOUS][d], population);
        double ward = r->series[KLAR_SURGE_CENSUS_WARD][d];
        double icu = r->series[KLAR_SURGE_CENSUS_ICU][d];
        double tests = r->series[KLAR_SURGE_TESTS_DEMAND][d];
        double reserves = 0, bio_spare = 0;
        for (int k = 0; k < KLAR_STAFF_N; k++) {
            const klar_surge_staff *s = &c->staff[k];
            double need = patient_need(s, ward, icu);
            double tests_fte = k == KLAR_STAFF_BIOENGINEER ? test_need(s, tests) : 0;
            if (trigger[k] < 0 && need + tests_fte > s->fte * (1 - absence) + 1e-9)
                trigger[k] = d;
            double reserve = s->reserve_fte * reserve_ramp(c, trigger[k], d);
            double available = (s->fte + reserve) * (1 - absence);
            double gap = need + tests_fte - available;
            r->series[KLAR_SURGE_GAP_NURSE + k][d] = gap > 0 ? gap : 0;
            reserves += reserve;
            if (k == KLAR_STAFF_BIOENGINEER)
                bio_spare = available - need;
        }
        /* tests the bioengineers left over from normal work and in-patients can run */
        r->series[KLAR_SURGE_TESTS_CAPACITY][d] = bio_spare > 0 ? bio_spare * bio->tests_per_fte_day : 0;
        r->series[KLAR_SURGE_ABSENCE][d] = absence;
        r->series[KLAR_SURGE_RESERVES][d] = reserves;
    }
}

void surge_capacity_fill(const klar_surge_params *p, klar_surge_result *r)
{
    const klar_surge_capacity *c = &p->cap;
    fill_beds(r->days, c->ward_beds, c->ward_occupancy, c->ward_beds_surge, c->surge_delay_days,
              r->series[KLAR_SURGE_CENSUS_WARD], r->series[KLAR_SURGE_WARD_CAPACITY]);
    fill_beds(r->days, c->icu_beds, c->icu_occupancy, c->icu_beds_surge, c->surge_delay_days,
              r->series[KLAR_SURGE_CENSUS_ICU], r->series[KLAR_SURGE_ICU_CAPACITY]);
    fill_staff(p, r);
}
