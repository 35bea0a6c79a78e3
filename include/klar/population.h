/* population.h - the observed population baseline and the cohort-component projection
 * (births from fertility by age, deaths from mortality by age and sex, net migration). */
#ifndef KLAR_POPULATION_H
#define KLAR_POPULATION_H

#include "klar/error.h"
#include "klar/geo.h"
#include "klar/poptable.h"

/* Persons by sex (KLAR_MALE, KLAR_FEMALE) and single-year age on 1 January of one year. */
typedef struct klar_pyramid {
    double persons[2][KLAR_AGES];
} klar_pyramid;

/* Total persons in a pyramid. */
double klar_pyramid_total(const klar_pyramid *p);

/* Demographic assumptions, national. Loaded from editable CSV in <datadir>/population/; the
 * scalar levers let a scenario change them without editing the profiles. */
typedef struct klar_pop_assumptions {
    double fertility[KLAR_AGES];          /* live births per woman per year, by age of mother */
    double share_boys;                    /* share of live births that are boys */
    double death_prob[2][KLAR_AGES];      /* probability of dying within the year, by sex, age */
    double net_migration[2][KLAR_AGES];   /* net immigration to Norway, persons/year, sex, age */
    double fertility_scale;               /* multiplies fertility (1 = as in the file) */
    double mortality_improvement;         /* yearly relative fall in death_prob (0.01 = 1 %/yr) */
    double migration_scale;               /* multiplies net_migration (1 = as in the file) */
} klar_pop_assumptions;

/* Loads the default assumptions from <datadir>/population/. Returns 0 or -1 with err set. */
int klar_pop_assumptions_load(const char *datadir, klar_pop_assumptions *a, klar_error *err);

/* Observed population by county, sex, age and year (the shipped baseline) plus the geography. */
typedef struct klar_popbase klar_popbase;

/* Loads <datadir>/population.csv and <datadir>/geo/. Caller frees with klar_popbase_free. */
klar_popbase *klar_popbase_load(const char *datadir, klar_error *err);

/* Frees a baseline; NULL is allowed. */
void klar_popbase_free(klar_popbase *pb);

/* The geography the baseline was loaded with (owned by pb). */
const klar_geo *klar_popbase_geo(const klar_popbase *pb);

/* First and last year with observed population. */
int klar_popbase_first_year(const klar_popbase *pb);
int klar_popbase_last_year(const klar_popbase *pb);

/* Observed population of a region (nation, RHF or county) on 1 January of year. Years without
 * a split by sex are split with the nearest year that has one; years whose files lack merged
 * municipalities are scaled to the official national total. Returns 0 or -1 with err set. */
int klar_popbase_pyramid(const klar_popbase *pb, const klar_region *region, int year,
                         klar_pyramid *out, klar_error *err);

/* Projects one pyramid from base_year to to_year: out[0] = *base, out[i] = year base_year+i.
 * migration_share is the region's share of national net migration. out holds
 * to_year - base_year + 1 pyramids. */
void klar_pop_project(const klar_pyramid *base, int base_year, int to_year,
                      const klar_pop_assumptions *a, double migration_share, klar_pyramid *out);

/* Projects a region (nation, RHF or county) from the observed population of year `from`.
 * The nation is the sum of its counties, so RHFs add up to it. out holds to - from + 1
 * pyramids. Returns 0 or -1 with err set (e.g. no observed population for `from`). */
int klar_pop_project_region(const klar_popbase *pb, const klar_region *region, int from, int to,
                            const klar_pop_assumptions *a, klar_pyramid *out, klar_error *err);

#endif
