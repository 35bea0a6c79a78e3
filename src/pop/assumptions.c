/* assumptions.c - loading and validating the demographic assumptions a user may edit:
 * fertility.csv, mortality.csv, migration.csv (profiles by age) and assumptions.csv (scalar
 * levers), plus the summary figures shown with results (TFR, net migration, life expectancy).
 *
 * Every file is CSV with a fixed header; lines starting with '#' are comments. Anything a
 * projection cannot use (a missing or repeated age, a negative rate, a probability above 1,
 * text where a number belongs) is refused with "file:line: reason". */
#include "klar/population.h"

#include "klar/csv.h"
#include "klar/file.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* How one profile file looks and which values it may hold. */
typedef struct profile_spec {
    const char *file;          /* name inside the assumptions directory */
    const char *header;        /* exact header, for messages */
    const char *columns[3];    /* "age" then one or two value columns */
    int nvalues;               /* value columns: 1 or 2 */
    int min_age, max_age;      /* ages a row may have */
    int need_lo, need_hi;      /* ages that must all be present */
    double lo, hi;             /* allowed values, inclusive */
    const char *range_text;    /* the allowed values in words */
    int open_group_positive;   /* 1: values at age KLAR_MAX_AGE must be above 0 */
} profile_spec;

static const profile_spec fertility_spec = {
    "fertility.csv", "age,births_per_woman", {"age", "births_per_woman", NULL}, 1,
    10, 59, 15, 49, 0.0, 1.0, "from 0 to 1 births per woman per year", 0};

static const profile_spec mortality_spec = {
    "mortality.csv", "age,male,female", {"age", "male", "female"}, 2,
    0, KLAR_MAX_AGE, 0, KLAR_MAX_AGE, 0.0, 1.0, "a probability from 0 to 1", 1};

static const profile_spec migration_spec = {
    "migration.csv", "age,male,female", {"age", "male", "female"}, 2,
    0, KLAR_MAX_AGE, 0, KLAR_MAX_AGE, -1e7, 1e7, "from -10 000 000 to 10 000 000 persons per year", 0};

/* A scalar lever of assumptions.csv with its allowed open or closed range. */
typedef struct scalar_spec {
    const char *name;
    size_t offset;             /* into klar_pop_assumptions */
    double lo, hi;
    int lo_open, hi_open;      /* 1 if the bound itself is not allowed */
    const char *range_text;
} scalar_spec;

static const scalar_spec scalar_specs[] = {
    {"share_boys", offsetof(klar_pop_assumptions, share_boys), 0.0, 1.0, 1, 1,
     "a share between 0 and 1"},
    {"mortality_improvement", offsetof(klar_pop_assumptions, mortality_improvement), -1.0, 1.0, 1, 1,
     "a yearly relative change between -1 and 1 (0.01 = death rates fall 1 % a year)"},
    {"fertility_scale", offsetof(klar_pop_assumptions, fertility_scale), 0.0, 10.0, 0, 0,
     "a factor from 0 to 10"},
    {"migration_scale", offsetof(klar_pop_assumptions, migration_scale), 0.0, 10.0, 0, 0,
     "a factor from 0 to 10"},
};
#define NSCALARS (sizeof scalar_specs / sizeof scalar_specs[0])

/* Parses an age field into [min_age, max_age]. */
static int parse_age(klar_csv *csv, const char *text, const profile_spec *spec, int *age,
                     klar_error *err)
{
    long v;
    if (klar_parse_long(text, &v) != 0) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv),
                       "age '%s' is not a whole number", text);
        return -1;
    }
    if (v < spec->min_age || v > spec->max_age) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv),
                       "age %ld is outside %d..%d", v, spec->min_age, spec->max_age);
        return -1;
    }
    *age = (int)v;
    return 0;
}

/* Parses the value of column `column` at `age` and checks it against the spec's range. */
static int parse_value(klar_csv *csv, const char *text, const char *column, int age,
                       const profile_spec *spec, double *out, klar_error *err)
{
    double v;
    if (klar_parse_double(text, &v) != 0) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv),
                       "%s '%s' is not a number", column, text);
        return -1;
    }
    if (v < spec->lo || v > spec->hi) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv),
                       "%s %g is not %s", column, v, spec->range_text);
        return -1;
    }
    if (spec->open_group_positive && age == KLAR_MAX_AGE && !(v > 0.0)) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv),
                       "%s at age %d (the open group %d+) must be above 0, or it never dies out",
                       column, age, KLAR_MAX_AGE);
        return -1;
    }
    *out = v;
    return 0;
}

/* Reads one row of a profile into values[column][age], refusing repeated ages. */
static int read_profile_row(klar_csv *csv, int n, char **f, const profile_spec *spec,
                            unsigned char *seen, double values[2][KLAR_AGES], klar_error *err)
{
    if (n != spec->nvalues + 1) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv),
                       "expected %d fields (%s), found %d", spec->nvalues + 1, spec->header, n);
        return -1;
    }
    int age;
    if (parse_age(csv, f[0], spec, &age, err) != 0)
        return -1;
    if (seen[age]) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv), "age %d appears twice", age);
        return -1;
    }
    seen[age] = 1;
    for (int c = 0; c < spec->nvalues; c++)
        if (parse_value(csv, f[c + 1], spec->columns[c + 1], age, spec, &values[c][age], err) != 0)
            return -1;
    return 0;
}

/* Reports the first required age the file left out. */
static int check_ages_complete(const char *path, const profile_spec *spec, const unsigned char *seen,
                               klar_error *err)
{
    for (int age = spec->need_lo; age <= spec->need_hi; age++)
        if (!seen[age]) {
            klar_error_set(err, path, 0, "age %d is missing (every age %d..%d must have a row)", age,
                           spec->need_lo, spec->need_hi);
            return -1;
        }
    return 0;
}

/* What a profile file's rows fill. */
typedef struct profile_fill {
    const profile_spec *spec;
    unsigned char seen[KLAR_AGES];
    double (*values)[KLAR_AGES];
} profile_fill;

static int add_profile_row(klar_csv *csv, int n, char **f, void *ctx, klar_error *err)
{
    profile_fill *p = ctx;
    return read_profile_row(csv, n, f, p->spec, p->seen, p->values, err);
}

/* Reads a profile file into values (zero where the file has no row). */
static int load_profile(const char *path, const profile_spec *spec, double values[2][KLAR_AGES],
                        klar_error *err)
{
    profile_fill fill;
    memset(&fill, 0, sizeof fill);
    fill.spec = spec;
    fill.values = values;
    memset(values, 0, 2 * KLAR_AGES * sizeof values[0][0]);
    if (klar_csv_read_table(path, spec->columns, spec->nvalues + 1, KLAR_CSV_COMMENTS,
                            add_profile_row, &fill, err) != 0)
        return -1;
    return check_ages_complete(path, spec, fill.seen, err);
}

static const scalar_spec *find_scalar(const char *name)
{
    for (size_t i = 0; i < NSCALARS; i++)
        if (strcmp(scalar_specs[i].name, name) == 0)
            return &scalar_specs[i];
    return NULL;
}

static int scalar_in_range(const scalar_spec *spec, double v)
{
    if (spec->lo_open ? v <= spec->lo : v < spec->lo)
        return 0;
    if (spec->hi_open ? v >= spec->hi : v > spec->hi)
        return 0;
    return 1;
}

/* Reads one "parameter,value[,basis]" row into a; seen marks parameters already given. */
static int read_scalar_row(klar_csv *csv, int n, char **f, unsigned char *seen,
                           klar_pop_assumptions *a, klar_error *err)
{
    if (n < 2 || n > 3) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv),
                       "expected 'parameter,value' and an optional basis, found %d fields", n);
        return -1;
    }
    const scalar_spec *spec = find_scalar(f[0]);
    if (!spec) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv),
                       "unknown parameter '%s' (known: share_boys, mortality_improvement, "
                       "fertility_scale, migration_scale)", f[0]);
        return -1;
    }
    size_t k = (size_t)(spec - scalar_specs);
    if (seen[k]) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv), "%s appears twice", spec->name);
        return -1;
    }
    double v;
    if (klar_parse_double(f[1], &v) != 0) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv), "%s '%s' is not a number",
                       spec->name, f[1]);
        return -1;
    }
    if (!scalar_in_range(spec, v)) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv), "%s %g is not %s", spec->name, v,
                       spec->range_text);
        return -1;
    }
    seen[k] = 1;
    memcpy((char *)a + spec->offset, &v, sizeof v);
    return 0;
}

/* What assumptions.csv's rows fill. */
typedef struct scalar_fill {
    unsigned char seen[NSCALARS];
    klar_pop_assumptions *a;
} scalar_fill;

static int add_scalar_row(klar_csv *csv, int n, char **f, void *ctx, klar_error *err)
{
    scalar_fill *fill = ctx;
    return read_scalar_row(csv, n, f, fill->seen, fill->a, err);
}

/* Reads assumptions.csv: every scalar lever exactly once. */
static int load_scalars(const char *path, klar_pop_assumptions *a, klar_error *err)
{
    static const char *const columns[] = {"parameter", "value", "basis"};
    scalar_fill fill;
    memset(&fill, 0, sizeof fill);
    fill.a = a;
    if (klar_csv_read_table(path, columns, 3, KLAR_CSV_COMMENTS | KLAR_CSV_OPTIONAL_LAST,
                            add_scalar_row, &fill, err) != 0)
        return -1;
    for (size_t i = 0; i < NSCALARS; i++)
        if (!fill.seen[i]) {
            klar_error_set(err, path, 0, "parameter %s is missing", scalar_specs[i].name);
            return -1;
        }
    return 0;
}

int klar_pop_assumptions_load_dir(const char *dir, klar_pop_assumptions *a, klar_error *err)
{
    klar_pop_assumptions tmp;
    memset(&tmp, 0, sizeof tmp);
    char path[4096];
    double fertility[2][KLAR_AGES];
    if (klar_path_join(path, sizeof path, dir, fertility_spec.file, err) != 0 ||
        load_profile(path, &fertility_spec, fertility, err) != 0)
        return -1;
    memcpy(tmp.fertility, fertility[0], sizeof tmp.fertility);
    if (klar_path_join(path, sizeof path, dir, mortality_spec.file, err) != 0 ||
        load_profile(path, &mortality_spec, tmp.death_prob, err) != 0)
        return -1;
    if (klar_path_join(path, sizeof path, dir, migration_spec.file, err) != 0 ||
        load_profile(path, &migration_spec, tmp.net_migration, err) != 0)
        return -1;
    if (klar_path_join(path, sizeof path, dir, "assumptions.csv", err) != 0 ||
        load_scalars(path, &tmp, err) != 0)
        return -1;
    *a = tmp;
    return 0;
}

int klar_pop_assumptions_load(const char *datadir, klar_pop_assumptions *a, klar_error *err)
{
    char dir[4096];
    if (klar_path_join(dir, sizeof dir, datadir, "population", err) != 0)
        return -1;
    return klar_pop_assumptions_load_dir(dir, a, err);
}

double klar_pop_assumptions_tfr(const klar_pop_assumptions *a)
{
    double tfr = 0.0;
    for (int age = 0; age < KLAR_AGES; age++)
        tfr += a->fertility[age];
    return tfr * a->fertility_scale;
}

double klar_pop_assumptions_net_migration(const klar_pop_assumptions *a)
{
    double total = 0.0;
    for (int s = 0; s < 2; s++)
        for (int age = 0; age < KLAR_AGES; age++)
            total += a->net_migration[s][age];
    return total * a->migration_scale;
}

double klar_life_expectancy(const double q[KLAR_AGES])
{
    double alive = 1.0, person_years = 0.0;
    for (int age = 0; age < KLAR_MAX_AGE; age++) {
        double died = alive * q[age];
        double lived_by_dying = age == 0 ? 0.1 : 0.5; /* infants die early in the year */
        person_years += alive - died * (1.0 - lived_by_dying);
        alive -= died;
    }
    double q_open = q[KLAR_MAX_AGE];
    double years_left = q_open >= 1.0 ? 0.5 : (q_open <= 0.0 ? INFINITY : -1.0 / log1p(-q_open));
    return person_years + alive * years_left;
}
