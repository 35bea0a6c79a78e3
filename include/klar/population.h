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

/* Persons of both sexes aged lo..hi inclusive (clipped to 0..KLAR_MAX_AGE). */
double klar_pyramid_range(const klar_pyramid *p, int lo, int hi);

/* Adds every cell of src to dst. */
void klar_pyramid_add(klar_pyramid *dst, const klar_pyramid *src);

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

/* Loads fertility.csv, mortality.csv, migration.csv and assumptions.csv from dir itself.
 * Returns 0, or -1 with "file:line: reason" in err (a left untouched on failure). */
int klar_pop_assumptions_load_dir(const char *dir, klar_pop_assumptions *a, klar_error *err);

/* Total fertility rate: births per woman over a lifetime at the scaled rates. */
double klar_pop_assumptions_tfr(const klar_pop_assumptions *a);

/* Net immigration to Norway in persons per year, both sexes, at the scaled profile. */
double klar_pop_assumptions_net_migration(const klar_pop_assumptions *a);

/* Period life expectancy at birth (years) of annual death probabilities q[0..KLAR_MAX_AGE];
 * a0 = 0.1 for infants, mid-year deaths above, constant hazard in the open 105+ group. */
double klar_life_expectancy(const double q[KLAR_AGES]);

/* Official population of Norway on 1 January, by year (SSB table 05803), as shipped in
 * <datadir>/population/national_totals.csv. */
#define KLAR_TOTALS_FIRST_YEAR 1900
#define KLAR_TOTALS_YEARS 300
typedef struct klar_national_totals {
    double persons[KLAR_TOTALS_YEARS];   /* index year - KLAR_TOTALS_FIRST_YEAR; 0 = unknown */
} klar_national_totals;

/* Loads the official totals from <datadir>/population/national_totals.csv. Returns 0 or -1. */
int klar_national_totals_load(const char *datadir, klar_national_totals *t, klar_error *err);

/* Norway's official population on 1 January of year, or 0 if the table does not have it. */
double klar_national_total(const klar_national_totals *t, int year);

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

/* Number of counties in the baseline and the i-th county code, in ascending order. */
int klar_popbase_county_count(const klar_popbase *pb);
int klar_popbase_county_code(const klar_popbase *pb, int i);

/* Observed population of the i-th county in year (owned by pb), or NULL if not observed. */
const klar_pyramid *klar_popbase_county_pyramid(const klar_popbase *pb, int i, int year);

/* Factor that scaled a year's file total to the official national total (1 if not scaled,
 * 0 if the year has no observed population). */
double klar_popbase_scale(const klar_popbase *pb, int year);

/* The year whose shares by sex split `year` (year itself when observed by sex; 0 if none). */
int klar_popbase_sex_source_year(const klar_popbase *pb, int year);

/* 0 if the baseline can give the population of region (nation, RHF, county); -1 for a
 * municipality, with a message naming the county to use instead. */
int klar_popbase_check_region(const klar_popbase *pb, const klar_region *region, klar_error *err);

/* Observed population of a region (nation, RHF or county) on 1 January of year. Years without
 * a split by sex are split with the nearest year that has one; years whose files lack merged
 * municipalities are scaled to the official national total. A municipality is refused (the
 * baseline is by county; the message names its county). Returns 0 or -1 with err set. */
int klar_popbase_pyramid(const klar_popbase *pb, const klar_region *region, int year,
                         klar_pyramid *out, klar_error *err);

/* Deaths, births and net migration of one projected year, by sex (for accounting checks).
 * P(t+1) = P(t) - deaths + births + net_migration holds for each sex. */
typedef struct klar_pop_flows {
    double births[2];          /* live births during the year, by sex of the child */
    double deaths[2];          /* deaths during the year, including infants born in it */
    double net_migration[2];   /* net migration actually added (after clamping at zero) */
    double unmet_emigration[2]; /* net emigration that found no one left in its cohort */
} klar_pop_flows;

/* One projection year, 1 January to 1 January: *end from *start. years_since_base (0 for the
 * first year) sets the mortality improvement. flows may be NULL. start and end must differ. */
void klar_pop_step(const klar_pyramid *start, int years_since_base, const klar_pop_assumptions *a,
                   double migration_share, klar_pyramid *end, klar_pop_flows *flows);

/* Projects one pyramid from base_year to to_year: out[0] = *base, out[i] = year base_year+i.
 * migration_share is the region's share of national net migration. out holds
 * to_year - base_year + 1 pyramids; nothing is written when to_year < base_year. */
void klar_pop_project(const klar_pyramid *base, int base_year, int to_year,
                      const klar_pop_assumptions *a, double migration_share, klar_pyramid *out);

/* Projects a region (nation, RHF or county) from the observed population of year `from`.
 * The nation is the sum of its counties, so RHFs add up to it; each county receives national
 * net migration in proportion to its population in `from`. out holds to - from + 1
 * pyramids. Returns 0 or -1 with err set (e.g. no observed population for `from`). */
int klar_pop_project_region(const klar_popbase *pb, const klar_region *region, int from, int to,
                            const klar_pop_assumptions *a, klar_pyramid *out, klar_error *err);

/* ---- population by 10-year age group, any region ---------------------------------------- */

#define KLAR_AGE_GROUPS 9   /* 0-9, 10-19, ..., 70-79, 80+ (the surge model's groups) */

/* Label of age group g (0 .. KLAR_AGE_GROUPS - 1) as tables and scenario files write it: "0-9",
 * "10-19", ..., "70-79", "80+"; NULL for any other g. */
const char *klar_age_group_label(int g);

/* The age group (0 .. KLAR_AGE_GROUPS - 1) of a single-year age >= 0. */
int klar_age_group_of(int age);

/* The age group whose label is exactly label ("30-39"), or -1 if there is none. */
int klar_age_group_parse(const char *label);

/* Persons by 10-year age group (both sexes) on 1 January of the latest year the shipped data
 * hold for region: the nation, an RHF or a county from pb, a municipality from
 * datadir/population_municipality.csv. *year (may be NULL) gets that year. Returns 0 or -1
 * with err naming the file or the region. */
int klar_popbase_age_groups(const klar_popbase *pb, const char *datadir, const klar_region *region,
                            double out[KLAR_AGE_GROUPS], int *year, klar_error *err);

/* klar_popbase_age_groups with the baseline loaded from datadir for this call only (a
 * municipality needs no baseline). Prefer klar_popbase_age_groups when a baseline is loaded. */
int klar_region_age_groups(const char *datadir, const klar_region *region,
                           double out[KLAR_AGE_GROUPS], int *year, klar_error *err);

#endif
