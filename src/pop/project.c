/* project.c - the cohort-component projection: one year at a time, 1 January to 1 January.
 *
 * Conventions of one step from year t to t+1 (data/population/README.md says the same):
 *  - Deaths: a person aged a on 1 January t dies before 1 January t+1 with probability
 *    q(s,a) * (1 - mortality_improvement)^(t - base_year), capped at 1. Survivors are one year
 *    older; the open group 105+ keeps its own survivors and receives those of age 104.
 *  - Net migration: added at the end of the year at the migrants' age then, times
 *    migration_scale and the region's migration_share. Migrants are not exposed to death in
 *    the year they arrive. Net emigration larger than a cohort empties the cohort (never fewer
 *    than zero persons); the part that found no one is reported as unmet_emigration.
 *  - Births: fertility(a) * fertility_scale applied to the mean of women aged a at the start
 *    and at the end of the year (end = after deaths and migration), so arrivals give birth for
 *    about half a year. Split by share_boys. Ages 1.. only (no one gives birth at age 0).
 *  - Infants: births survive to 31 December with probability 1 - q(s,0), the whole age-0
 *    death probability (most infant deaths happen in the first weeks of life), then receive
 *    net migration at age 0 like the other ages.
 * Everything works on the fixed-size pyramid; nothing is allocated. */
#include "klar/population.h"

#include <math.h>
#include <string.h>

/* A death probability after improvement, capped at 1 (cheaper than fmin in the inner loop). */
static double improved(double q, double factor)
{
    double p = q * factor;
    return p < 1.0 ? p : 1.0;
}

/* Ages survivors by one year into end[1..] and returns the deaths among start. */
static double survive_and_age(const double *start, const double *q, double q_factor, double *end)
{
    double deaths = 0.0;
    end[KLAR_MAX_AGE] = 0.0;
    for (int age = 0; age < KLAR_AGES; age++) {
        double prob = improved(q[age], q_factor);
        double died = start[age] * prob;
        deaths += died;
        if (age < KLAR_MAX_AGE - 1)
            end[age + 1] = start[age] - died;
        else
            end[KLAR_MAX_AGE] += start[age] - died; /* 104 and 105+ into 105+ */
    }
    return deaths;
}

/* Adds migrants to one cell, never below zero; tracks what was added and what found no one. */
static void add_migrants(double *cell, double migrants, double *added, double *unmet)
{
    double v = *cell + migrants;
    if (v < 0.0) {
        *unmet += -v;
        migrants = -*cell;
        v = 0.0;
    }
    *cell = v;
    *added += migrants;
}

/* Live births in the year from start- and end-of-year women aged 1.. (end[0] not yet set). */
static double births_in_year(const double *women_start, const double *women_end,
                             const double *fertility, double scale)
{
    double births = 0.0;
    for (int age = 1; age < KLAR_AGES; age++)
        if (fertility[age] != 0.0)
            births += fertility[age] * 0.5 * (women_start[age] + women_end[age]);
    return births * scale;
}

void klar_pop_step(const klar_pyramid *start, int years_since_base, const klar_pop_assumptions *a,
                   double migration_share, klar_pyramid *end, klar_pop_flows *flows)
{
    klar_pop_flows f;
    memset(&f, 0, sizeof f);
    double q_factor = pow(1.0 - a->mortality_improvement, (double)years_since_base);
    double migration_factor = a->migration_scale * migration_share;

    for (int s = 0; s < 2; s++) {
        f.deaths[s] = survive_and_age(start->persons[s], a->death_prob[s], q_factor, end->persons[s]);
        for (int age = 1; age < KLAR_AGES; age++)
            add_migrants(&end->persons[s][age], a->net_migration[s][age] * migration_factor,
                         &f.net_migration[s], &f.unmet_emigration[s]);
    }

    double births = births_in_year(start->persons[KLAR_FEMALE], end->persons[KLAR_FEMALE],
                                   a->fertility, a->fertility_scale);
    f.births[KLAR_MALE] = births * a->share_boys;
    f.births[KLAR_FEMALE] = births - f.births[KLAR_MALE];

    for (int s = 0; s < 2; s++) {
        double infant_deaths = f.births[s] * improved(a->death_prob[s][0], q_factor);
        f.deaths[s] += infant_deaths;
        end->persons[s][0] = f.births[s] - infant_deaths;
        add_migrants(&end->persons[s][0], a->net_migration[s][0] * migration_factor,
                     &f.net_migration[s], &f.unmet_emigration[s]);
    }
    if (flows)
        *flows = f;
}

void klar_pop_project(const klar_pyramid *base, int base_year, int to_year,
                      const klar_pop_assumptions *a, double migration_share, klar_pyramid *out)
{
    if (to_year < base_year)
        return;
    out[0] = *base;
    for (int i = 1; i <= to_year - base_year; i++)
        klar_pop_step(&out[i - 1], i - 1, a, migration_share, &out[i], NULL);
}

/* Adds the projection of one county (years 1.. of out) to out, stepping in place. */
static void add_county_projection(const klar_pyramid *base, int years, const klar_pop_assumptions *a,
                                  double migration_share, klar_pyramid *out)
{
    klar_pyramid cur[2];
    cur[0] = *base;
    for (int i = 1; i <= years; i++) {
        klar_pop_step(&cur[(i - 1) & 1], i - 1, a, migration_share, &cur[i & 1], NULL);
        klar_pyramid_add(&out[i], &cur[i & 1]);
    }
}

int klar_pop_project_region(const klar_popbase *pb, const klar_region *region, int from, int to,
                            const klar_pop_assumptions *a, klar_pyramid *out, klar_error *err)
{
    if (to < from) {
        klar_error_set(err, NULL, 0, "the projection must end (%d) at or after its start (%d)", to,
                       from);
        return -1;
    }
    klar_region everyone = klar_region_nation();
    klar_pyramid national;
    if (klar_popbase_pyramid(pb, region, from, &out[0], err) != 0 ||
        klar_popbase_pyramid(pb, &everyone, from, &national, err) != 0)
        return -1;
    int years = to - from;
    memset(&out[1], 0, (size_t)years * sizeof *out);
    double nation = klar_pyramid_total(&national);
    for (int c = 0; c < klar_popbase_county_count(pb); c++) {
        if (!klar_region_has_county(region, klar_popbase_county_code(pb, c)))
            continue;
        const klar_pyramid *base = klar_popbase_county_pyramid(pb, c, from);
        double share = nation > 0.0 ? klar_pyramid_total(base) / nation : 0.0;
        add_county_projection(base, years, a, share, out);
    }
    return 0;
}
