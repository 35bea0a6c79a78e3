/* agegroups.c - the 10-year age groups (0-9 ... 80+) and their labels, and persons by age group
 * (both sexes) in the latest observed year for any region: the nation, an RHF or a county from
 * the county baseline (<datadir>/population.csv), a municipality from
 * <datadir>/population_municipality.csv ("year,municipality,age_group,persons", written by
 * 'klar data build-baseline'). */
#include "klar/population.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klar/array.h"
#include "klar/csv.h"
#include "klar/file.h"

#define MUNICIPALITY_TABLE "population_municipality.csv"

/* ---- the groups ------------------------------------------------------------------------- */

static const char *const labels[KLAR_AGE_GROUPS] = {"0-9",   "10-19", "20-29", "30-39", "40-49",
                                                    "50-59", "60-69", "70-79", "80+"};

const char *klar_age_group_label(int g)
{
    return g >= 0 && g < KLAR_AGE_GROUPS ? labels[g] : NULL;
}

int klar_age_group_of(int age)
{
    int g = age / 10;
    return g < KLAR_AGE_GROUPS - 1 ? g : KLAR_AGE_GROUPS - 1;
}

int klar_age_group_parse(const char *label)
{
    for (int g = 0; g < KLAR_AGE_GROUPS; g++)
        if (strcmp(label, labels[g]) == 0)
            return g;
    return -1;
}

/* ---- the municipality table ------------------------------------------------------------- */

/* One (year, municipality, group) seen in the table, for finding repeated rows. */
typedef struct row_key {
    long key;
    long line;
} row_key;

/* What reading the municipality table collects. */
typedef struct muni_table {
    int code;                          /* the municipality asked for */
    int latest;                        /* latest year in the table (0 before the first row) */
    double persons[KLAR_AGE_GROUPS];   /* of `code` in `latest` */
    unsigned seen;                     /* bit g: `code` has a row for group g in `latest` */
    row_key *keys;
    size_t nkeys, capacity;
} muni_table;

static int add_muni_row(klar_csv *csv, int n, char **f, void *ctx, klar_error *err)
{
    muni_table *t = ctx;
    const char *path = klar_csv_name(csv);
    long line = klar_csv_line(csv), year, code;
    double persons;
    int g;
    if (n != 4) {
        klar_error_set(err, path, line, "expected 'year,municipality,age_group,persons', found %d fields", n);
        return -1;
    }
    if (klar_parse_long(f[0], &year) != 0 || year < KLAR_TOTALS_FIRST_YEAR ||
        year >= KLAR_TOTALS_FIRST_YEAR + KLAR_TOTALS_YEARS) {
        klar_error_set(err, path, line, "year '%s' is not a year from %d to %d", f[0], KLAR_TOTALS_FIRST_YEAR,
                       KLAR_TOTALS_FIRST_YEAR + KLAR_TOTALS_YEARS - 1);
        return -1;
    }
    if (strlen(f[1]) != 4 || strspn(f[1], "0123456789") != 4 || klar_parse_long(f[1], &code) != 0) {
        klar_error_set(err, path, line, "municipality '%s' is not a four-digit 2020 municipality code", f[1]);
        return -1;
    }
    if ((g = klar_age_group_parse(f[2])) < 0) {
        klar_error_set(err, path, line, "unknown age group '%s' (expected 0-9, 10-19, ..., 70-79 or 80+)", f[2]);
        return -1;
    }
    if (klar_parse_double(f[3], &persons) != 0 || persons < 0.0) {
        klar_error_set(err, path, line, "persons '%s' is not a number of 0 or more", f[3]);
        return -1;
    }
    row_key *keys = klar_array_grow(t->keys, &t->capacity, t->nkeys, sizeof *keys);
    if (!keys) {
        klar_error_set(err, path, line, "out of memory");
        return -1;
    }
    t->keys = keys;
    t->keys[t->nkeys].key = (year * 10000 + code) * KLAR_AGE_GROUPS + g;
    t->keys[t->nkeys++].line = line;
    if (year > t->latest) {
        t->latest = (int)year;
        memset(t->persons, 0, sizeof t->persons);
        t->seen = 0;
    }
    if (year == t->latest && code == t->code) {
        t->persons[g] = persons;
        t->seen |= 1u << g;
    }
    return 0;
}

static int compare_keys(const void *a, const void *b)
{
    const row_key *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Refuses a (year, municipality, group) given twice, naming the later line. */
static int check_repeats(muni_table *t, const char *path, klar_error *err)
{
    if (t->nkeys < 2)
        return 0;
    qsort(t->keys, t->nkeys, sizeof *t->keys, compare_keys);
    for (size_t i = 1; i < t->nkeys; i++)
        if (t->keys[i].key == t->keys[i - 1].key) {
            long k = t->keys[i].key;
            klar_error_set(err, path, t->keys[i].line, "year %ld, municipality %04ld, age group %s appears twice "
                           "(first on line %ld)", k / KLAR_AGE_GROUPS / 10000, k / KLAR_AGE_GROUPS % 10000,
                           klar_age_group_label((int)(k % KLAR_AGE_GROUPS)), t->keys[i - 1].line);
            return -1;
        }
    return 0;
}

static int municipality_groups(const char *datadir, const klar_region *region, double out[KLAR_AGE_GROUPS],
                               int *year, klar_error *err)
{
    static const char *const columns[] = {"year", "municipality", "age_group", "persons"};
    char path[4096];
    if (klar_path_join(path, sizeof path, datadir, MUNICIPALITY_TABLE, err) != 0)
        return -1;
    muni_table t;
    memset(&t, 0, sizeof t);
    t.code = region->code;
    int rc = klar_csv_read_table(path, columns, 4, 0, add_muni_row, &t, err);
    if (rc == 0)
        rc = check_repeats(&t, path, err);
    free(t.keys);
    if (rc != 0)
        return -1;
    if (t.latest == 0) {
        klar_error_set(err, path, 0, "no population rows");
        return -1;
    }
    if (t.seen == 0) {
        klar_error_set(err, path, 0, "no population in %d for municipality %s %s: the table holds every 2020 "
                       "municipality with anyone registered in SSB table 07459", t.latest, region->id,
                       region->name);
        return -1;
    }
    for (int g = 0; g < KLAR_AGE_GROUPS; g++)
        if (!(t.seen & (1u << g))) {
            klar_error_set(err, path, 0, "municipality %s %s has no row for age group %s in %d", region->id,
                           region->name, klar_age_group_label(g), t.latest);
            return -1;
        }
    memcpy(out, t.persons, sizeof t.persons);
    if (year)
        *year = t.latest;
    return 0;
}

/* ---- any region -------------------------------------------------------------------------- */

/* The nation, an RHF or a county: the county baseline's last year, sexes and ages summed. */
static int baseline_groups(const klar_popbase *pb, const klar_region *region, double out[KLAR_AGE_GROUPS],
                           int *year, klar_error *err)
{
    int last = klar_popbase_last_year(pb);
    klar_pyramid pyr;
    if (klar_popbase_pyramid(pb, region, last, &pyr, err) != 0)
        return -1;
    for (int g = 0; g < KLAR_AGE_GROUPS; g++)
        out[g] = 0.0;
    for (int s = 0; s < 2; s++)
        for (int age = 0; age < KLAR_AGES; age++)
            out[klar_age_group_of(age)] += pyr.persons[s][age];
    if (year)
        *year = last;
    return 0;
}

int klar_popbase_age_groups(const klar_popbase *pb, const char *datadir, const klar_region *region,
                            double out[KLAR_AGE_GROUPS], int *year, klar_error *err)
{
    if (region->kind == KLAR_REGION_MUNICIPALITY)
        return municipality_groups(datadir, region, out, year, err);
    return baseline_groups(pb, region, out, year, err);
}

int klar_region_age_groups(const char *datadir, const klar_region *region, double out[KLAR_AGE_GROUPS],
                           int *year, klar_error *err)
{
    if (region->kind == KLAR_REGION_MUNICIPALITY)   /* the municipality table alone */
        return municipality_groups(datadir, region, out, year, err);
    klar_popbase *pb = klar_popbase_load(datadir, err);
    if (!pb)
        return -1;
    int rc = baseline_groups(pb, region, out, year, err);
    klar_popbase_free(pb);
    return rc;
}
