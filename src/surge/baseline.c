/* baseline.c - the shipped surge baseline: beds and staff of each regional health authority
 * (<datadir>/surge/capacity.csv, "region,key,value,unit,source", one count a line) and the stock
 * items (<datadir>/surge/items.csv), put onto a klar_surge_params for one region. The nation is
 * the sum of the four RHFs; a county or municipality gets its RHF's counts times its share of
 * the RHF's population. Behaviour parameters (occupancy, staffing ratios, absence) are not here:
 * they come from klar_surge_params_defaults and the scenario. */
#include "surge_internal.h"


#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klar/csv.h"
#include "klar/file.h"
#include "klar/population.h"
#include "klar/text.h"

/* Largest values accepted: far beyond any region, small enough that sums stay finite. */
#define MAX_COUNT 1e9         /* beds or FTE of one RHF */
#define MAX_ITEM_NUMBER 1e12  /* any number in items.csv */

/* ---- capacity.csv ------------------------------------------------------------------------ */

/* The counts a region has: four bed counts, then FTE and reserve FTE per staff category. */
enum {
    KEY_WARD_BEDS,
    KEY_WARD_BEDS_SURGE,
    KEY_ICU_BEDS,
    KEY_ICU_BEDS_SURGE,
    KEY_STAFF_FTE,                              /* + klar_staff */
    KEY_STAFF_RESERVE = KEY_STAFF_FTE + KLAR_STAFF_N, /* + klar_staff */
    NKEYS = KEY_STAFF_RESERVE + KLAR_STAFF_N
};

typedef struct capacity_table {
    char names[NKEYS][48];
    const char *name_list[NKEYS];
    double value[KLAR_RHF_COUNT][NKEYS];
    long line[KLAR_RHF_COUNT][NKEYS];    /* where each was given; 0 = not yet */
} capacity_table;

static void name_keys(capacity_table *t)
{
    static const char *const beds[] = {"ward_beds", "ward_beds_surge", "icu_beds", "icu_beds_surge"};
    for (int k = 0; k < KEY_STAFF_FTE; k++)
        snprintf(t->names[k], sizeof t->names[k], "%s", beds[k]);
    for (int s = 0; s < KLAR_STAFF_N; s++) {
        snprintf(t->names[KEY_STAFF_FTE + s], sizeof t->names[0], "staff.%s.fte", klar_staff_id((klar_staff)s));
        snprintf(t->names[KEY_STAFF_RESERVE + s], sizeof t->names[0], "staff.%s.reserve_fte",
                 klar_staff_id((klar_staff)s));
    }
    for (int k = 0; k < NKEYS; k++)
        t->name_list[k] = t->names[k];
}

static const char *key_unit(int k)
{
    return k < KEY_STAFF_FTE ? "beds" : "FTE";
}

/* "; did you mean 'x'?" for the nearest candidate, or "". The messages go on with a bracketed
 * list of what is expected, so they do not take klar_text_suggest_hint's bracketed form. */
static void suggestion(const char *word, const char *const *cands, size_t n, char *buf, size_t size)
{
    const char *s = klar_text_suggest(word, cands, n);
    if (s)
        snprintf(buf, size, "; did you mean '%s'?", s);
    else
        buf[0] = '\0';
}

static int add_capacity_row(klar_csv *csv, int n, char **f, void *ctx, klar_error *err)
{
    capacity_table *t = ctx;
    const char *path = klar_csv_name(csv);
    long line = klar_csv_line(csv);
    char hint[96];
    if (n != 5) {
        klar_error_set(err, path, line, "expected 'region,key,value,unit,source', found %d fields", n);
        return -1;
    }
    int r = klar_rhf_parse_id(f[0]);
    if (r < 0) {
        const char *ids[KLAR_RHF_COUNT];
        for (int i = 0; i < KLAR_RHF_COUNT; i++)
            ids[i] = klar_rhf_id((klar_rhf)i);
        suggestion(f[0], ids, KLAR_RHF_COUNT, hint, sizeof hint);
        klar_error_set(err, path, line, "unknown region '%s'%s (expected helse-sor-ost, helse-vest, "
                       "helse-midt-norge or helse-nord; Norway is their sum)", f[0], hint);
        return -1;
    }
    int k = 0;
    while (k < NKEYS && strcmp(f[1], t->names[k]) != 0)
        k++;
    if (k == NKEYS) {
        suggestion(f[1], t->name_list, NKEYS, hint, sizeof hint);
        klar_error_set(err, path, line, "unknown key '%s'%s (expected ward_beds, ward_beds_surge, icu_beds, "
                       "icu_beds_surge, staff.<id>.fte or staff.<id>.reserve_fte with id nurse, icu-nurse, "
                       "physician or bioengineer)", f[1], hint);
        return -1;
    }
    double v;
    if (klar_parse_double(f[2], &v) != 0) {
        klar_error_set(err, path, line, "%s: value '%s' is not a number", f[1], f[2]);
        return -1;
    }
    if (v < 0.0) {
        klar_error_set(err, path, line, "%s: value %s is negative", f[1], f[2]);
        return -1;
    }
    if (v > MAX_COUNT) {
        klar_error_set(err, path, line, "%s: value %s is more than %g", f[1], f[2], MAX_COUNT);
        return -1;
    }
    if (strcmp(f[3], key_unit(k)) != 0) {
        klar_error_set(err, path, line, "%s: unit '%s' should be '%s'", f[1], f[3], key_unit(k));
        return -1;
    }
    if (f[4][0] == '\0') {
        klar_error_set(err, path, line, "%s: no source; name it (with the year) or start with 'assumption:' "
                       "and say how the value was derived", f[1]);
        return -1;
    }
    if (t->line[r][k] != 0) {
        klar_error_set(err, path, line, "%s %s appears twice (first on line %ld)", f[0], f[1], t->line[r][k]);
        return -1;
    }
    t->value[r][k] = v;
    t->line[r][k] = line;
    return 0;
}

static int read_capacity(const char *path, capacity_table *t, klar_error *err)
{
    static const char *const columns[] = {"region", "key", "value", "unit", "source"};
    memset(t, 0, sizeof *t);
    name_keys(t);
    if (klar_csv_read_table(path, columns, 5, KLAR_CSV_COMMENTS, add_capacity_row, t, err) != 0)
        return -1;
    for (int r = 0; r < KLAR_RHF_COUNT; r++)
        for (int k = 0; k < NKEYS; k++)
            if (t->line[r][k] == 0) {
                klar_error_set(err, path, 0, "%s has no row for %s", klar_rhf_id((klar_rhf)r), t->names[k]);
                return -1;
            }
    return 0;
}

/* ---- items.csv --------------------------------------------------------------------------- */

typedef struct items_table {
    int n;
    klar_surge_item items[KLAR_SURGE_MAX_ITEMS];
    double per_100k[KLAR_SURGE_MAX_ITEMS];   /* normal consumption per 100 000 inhabitants */
    long line[KLAR_SURGE_MAX_ITEMS];
} items_table;

/* 1 if s is a usable item id: lower-case letters, digits and '-', starting with a letter. */
static int valid_item_id(const char *s, size_t size)
{
    size_t n = strlen(s);
    if (n == 0 || n >= size || s[0] < 'a' || s[0] > 'z')
        return 0;
    return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

static int copy_text(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n == 0 || n >= size)
        return -1;
    memcpy(dst, src, n + 1);
    return 0;
}

static int add_item_row(klar_csv *csv, int n, char **f, void *ctx, klar_error *err)
{
    static const char *const number_columns[] = {"normal_per_100k_month", "per_ward_day", "per_icu_day",
                                                 "per_test", "opening_months", "import_share"};
    items_table *t = ctx;
    const char *path = klar_csv_name(csv);
    long line = klar_csv_line(csv);
    if (n != 10) {
        klar_error_set(err, path, line, "expected 'item,unit,category,normal_per_100k_month,per_ward_day,"
                       "per_icu_day,per_test,opening_months,import_share,source', found %d fields", n);
        return -1;
    }
    klar_surge_item it;
    memset(&it, 0, sizeof it);
    if (!valid_item_id(f[0], sizeof it.id)) {
        klar_error_set(err, path, line, "item '%s' is not an id of 1 to %zu lower-case letters, digits and '-' "
                       "starting with a letter", f[0], sizeof it.id - 1);
        return -1;
    }
    memcpy(it.id, f[0], strlen(f[0]) + 1);
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->items[i].id, it.id) == 0) {
            klar_error_set(err, path, line, "item '%s' appears twice (first on line %ld)", it.id, t->line[i]);
            return -1;
        }
    if (t->n == KLAR_SURGE_MAX_ITEMS) {
        klar_error_set(err, path, line, "more than %d items", KLAR_SURGE_MAX_ITEMS);
        return -1;
    }
    if (copy_text(it.unit, sizeof it.unit, f[1]) != 0) {
        klar_error_set(err, path, line, "%s: unit '%s' must be 1 to %zu bytes", it.id, f[1], sizeof it.unit - 1);
        return -1;
    }
    if (strcmp(f[2], "ppe") != 0 && strcmp(f[2], "medicine") != 0) {
        klar_error_set(err, path, line, "%s: category '%s' is neither 'ppe' nor 'medicine'", it.id, f[2]);
        return -1;
    }
    memcpy(it.category, f[2], strlen(f[2]) + 1);
    double v[6];
    for (int i = 0; i < 6; i++) {
        if (klar_parse_double(f[3 + i], &v[i]) != 0) {
            klar_error_set(err, path, line, "%s: %s '%s' is not a number", it.id, number_columns[i], f[3 + i]);
            return -1;
        }
        if (v[i] < 0.0) {
            klar_error_set(err, path, line, "%s: %s %s is negative", it.id, number_columns[i], f[3 + i]);
            return -1;
        }
        if (v[i] > MAX_ITEM_NUMBER) {
            klar_error_set(err, path, line, "%s: %s %s is more than %g", it.id, number_columns[i], f[3 + i],
                           MAX_ITEM_NUMBER);
            return -1;
        }
    }
    if (v[5] > 1.0) {
        klar_error_set(err, path, line, "%s: import_share %s is more than 1", it.id, f[8]);
        return -1;
    }
    if (f[9][0] == '\0') {
        klar_error_set(err, path, line, "%s: no source; name it (with the year) or start with 'assumption:' "
                       "and say how the values were derived", it.id);
        return -1;
    }
    it.per_ward_day = v[1];
    it.per_icu_day = v[2];
    it.per_test = v[3];
    it.opening_months = v[4];
    it.import_share = v[5];
    it.stop_day = -1;
    it.resume_day = -1;
    it.resume_fraction = 0.0;
    t->per_100k[t->n] = v[0];
    t->line[t->n] = line;
    t->items[t->n++] = it;
    return 0;
}

static int read_items(const char *path, items_table *t, klar_error *err)
{
    static const char *const columns[] = {"item", "unit", "category", "normal_per_100k_month", "per_ward_day",
                                          "per_icu_day", "per_test", "opening_months", "import_share", "source"};
    memset(t, 0, sizeof *t);
    return klar_csv_read_table(path, columns, 10, KLAR_CSV_COMMENTS, add_item_row, t, err);
}

/* ---- the region -------------------------------------------------------------------------- */

/* Persons in all age groups. */
static double persons_of(const double groups[KLAR_AGE_GROUPS])
{
    double persons = 0.0;
    for (int g = 0; g < KLAR_AGE_GROUPS; g++)
        persons += groups[g];
    return persons;
}

/* 0 if the region has anyone registered (persons), else -1 with err set. */
static int check_persons(const klar_region *region, double persons, klar_error *err)
{
    if (persons > 0.0)
        return 0;
    klar_error_set(err, NULL, 0, "%s %s has no registered population: no surge baseline for it", region->id,
                   region->name);
    return -1;
}

/* The RHF of a county or municipality, or -1 with err set. */
static int rhf_of_region(const klar_popbase *pb, const klar_region *region, klar_error *err)
{
    int county = region->code;
    if (region->kind == KLAR_REGION_MUNICIPALITY)
        county = klar_geo_county_of(klar_popbase_geo(pb), region->code);
    int rhf = county >= 0 ? klar_rhf_of_county(county) : -1;
    if (rhf < 0)
        klar_error_set(err, NULL, 0, "%s %s belongs to no regional health authority: no surge baseline for it",
                       region->id, region->name);
    return rhf;
}

/* weight[r]: the share of RHF r's counts that belongs to region: 1 for every RHF of the nation,
 * 1 for an RHF itself, and for a county or municipality its share (persons) of its RHF's
 * population. Returns 0, or -1 with err set. */
static int rhf_weights(const char *datadir, const klar_popbase *pb, const klar_region *region,
                       double persons, double weight[KLAR_RHF_COUNT], klar_error *err)
{
    for (int r = 0; r < KLAR_RHF_COUNT; r++)
        weight[r] = region->kind == KLAR_REGION_NATION ? 1.0 : 0.0;
    if (region->kind == KLAR_REGION_NATION)
        return 0;
    if (region->kind == KLAR_REGION_RHF) {
        if (region->code < 0 || region->code >= KLAR_RHF_COUNT) {
            klar_error_set(err, NULL, 0, "%s: no such regional health authority", region->id);
            return -1;
        }
        weight[region->code] = 1.0;
        return 0;
    }
    int rhf = rhf_of_region(pb, region, err);
    if (rhf < 0)
        return -1;
    klar_region whole = klar_region_of_rhf((klar_rhf)rhf);
    double groups[KLAR_AGE_GROUPS];
    if (klar_popbase_age_groups(pb, datadir, &whole, groups, NULL, err) != 0)
        return -1;
    double rhf_persons = persons_of(groups);
    if (check_persons(&whole, rhf_persons, err) != 0)
        return -1;
    weight[rhf] = persons / rhf_persons;
    return 0;
}

int surge_baseline_load(const char *datadir, const klar_popbase *pb, const klar_region *region,
                        klar_surge_params *p, int *region_fault, klar_error *err)
{
    if (region_fault)
        *region_fault = 0;
    char cap_path[4096], items_path[4096];
    capacity_table cap;
    items_table items;
    if (klar_path_join(cap_path, sizeof cap_path, datadir, "surge/capacity.csv", err) != 0 ||
        klar_path_join(items_path, sizeof items_path, datadir, "surge/items.csv", err) != 0 ||
        read_capacity(cap_path, &cap, err) != 0 || read_items(items_path, &items, err) != 0)
        return -1;

    /* the region's counts, and its population for consumption per 100 000 */
    double persons = persons_of(p->population), weight[KLAR_RHF_COUNT];
    if (rhf_weights(datadir, pb, region, persons, weight, err) != 0 ||
        check_persons(region, persons, err) != 0) {
        if (region_fault)
            *region_fault = 1;
        return -1;
    }
    double value[NKEYS] = {0};
    for (int r = 0; r < KLAR_RHF_COUNT; r++)
        for (int k = 0; k < NKEYS; k++)
            value[k] += cap.value[r][k] * weight[r];

    p->cap.ward_beds = value[KEY_WARD_BEDS];
    p->cap.ward_beds_surge = value[KEY_WARD_BEDS_SURGE];
    p->cap.icu_beds = value[KEY_ICU_BEDS];
    p->cap.icu_beds_surge = value[KEY_ICU_BEDS_SURGE];
    for (int s = 0; s < KLAR_STAFF_N; s++) {
        p->cap.staff[s].fte = value[KEY_STAFF_FTE + s];
        p->cap.staff[s].reserve_fte = value[KEY_STAFF_RESERVE + s];
    }
    p->n_items = items.n;
    for (int i = 0; i < items.n; i++) {
        p->items[i] = items.items[i];
        p->items[i].normal_per_month = items.per_100k[i] * persons / 100000.0;
    }
    return 0;
}

int klar_surge_baseline_load(const char *datadir, const klar_popbase *pb, const klar_region *region,
                             klar_surge_params *p, klar_error *err)
{
    return surge_baseline_load(datadir, pb, region, p, NULL, err);
}

/* ---- where the figures come from ------------------------------------------------------------ */

/* How a count of the region is made from the RHFs' rows, as weight says. */
static void count_rule(const double weight[KLAR_RHF_COUNT], char *out, size_t size)
{
    int n = 0, last = -1;
    for (int r = 0; r < KLAR_RHF_COUNT; r++)
        if (weight[r] > 0.0) {
            n++;
            last = r;
        }
    if (n == KLAR_RHF_COUNT)
        snprintf(out, size, "the sum of the four RHFs' rows");
    else if (n == 1 && weight[last] == 1.0)
        snprintf(out, size, "%s's row", klar_rhf_name((klar_rhf)last));
    else if (n == 1)
        snprintf(out, size, "%s's row x %.4f (the region's share of its population)",
                 klar_rhf_name((klar_rhf)last), weight[last]);
    else
        snprintf(out, size, "none");
}

static void add_count_source(klar_surge_baseline_source *s, const char *key,
                             const capacity_table *cap, int k, const double weight[KLAR_RHF_COUNT])
{
    memset(s, 0, sizeof *s);
    snprintf(s->key, sizeof s->key, "%s", key);
    s->file = "data/surge/capacity.csv";
    for (int r = 0; r < KLAR_RHF_COUNT; r++)
        if (weight[r] > 0.0)
            s->lines[s->nlines++] = cap->line[r][k];
    count_rule(weight, s->rule, sizeof s->rule);
}

static void add_item_source(klar_surge_baseline_source *s, const items_table *items, int i,
                            const char *name, const char *rule)
{
    memset(s, 0, sizeof *s);
    snprintf(s->key, sizeof s->key, "item.%s.%s", items->items[i].id, name);
    s->file = "data/surge/items.csv";
    s->lines[s->nlines++] = items->line[i];
    snprintf(s->rule, sizeof s->rule, "%s", rule);
}

int klar_surge_baseline_sources(const char *datadir, const klar_popbase *pb,
                                const klar_region *region, const klar_surge_params *p,
                                klar_surge_baseline_source *out, int *n, klar_error *err)
{
    static const char *const beds[] = {"capacity.ward_beds", "capacity.ward_beds_surge",
                                       "capacity.icu_beds", "capacity.icu_beds_surge"};
    char cap_path[4096], items_path[4096], key[64];
    capacity_table *cap = malloc(sizeof *cap);
    items_table *items = malloc(sizeof *items);
    double weight[KLAR_RHF_COUNT];
    int rc = -1;
    *n = 0;
    if (!cap || !items)
        klar_error_set(err, NULL, 0, "out of memory");
    else if (klar_path_join(cap_path, sizeof cap_path, datadir, "surge/capacity.csv", err) == 0 &&
             klar_path_join(items_path, sizeof items_path, datadir, "surge/items.csv", err) == 0 &&
             read_capacity(cap_path, cap, err) == 0 && read_items(items_path, items, err) == 0 &&
             rhf_weights(datadir, pb, region, persons_of(p->population), weight, err) == 0)
        rc = 0;
    if (rc == 0) {
        for (int k = 0; k < KEY_STAFF_FTE; k++)
            add_count_source(&out[(*n)++], beds[k], cap, k, weight);
        for (int s = 0; s < KLAR_STAFF_N; s++) {
            const char *id = klar_staff_id((klar_staff)s);
            snprintf(key, sizeof key, "staff.%s.fte", id);
            add_count_source(&out[(*n)++], key, cap, KEY_STAFF_FTE + s, weight);
            snprintf(key, sizeof key, "staff.%s.reserve_fte", id);
            add_count_source(&out[(*n)++], key, cap, KEY_STAFF_RESERVE + s, weight);
        }
        for (int i = 0; i < items->n; i++) {
            add_item_source(&out[(*n)++], items, i, "normal_per_month",
                            "normal_per_100k_month x the region's population / 100 000");
            add_item_source(&out[(*n)++], items, i, "opening_months", "opening_months");
        }
    }
    free(cap);
    free(items);
    return rc;
}
