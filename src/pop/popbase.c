/* popbase.c - the observed population baseline: persons by county, sex, age and year from
 * <datadir>/population.csv, made complete at load time so every observed year reads alike.
 *
 *  - Years given for both sexes together (sex "all") are split with the share of men by county
 *    and age of the nearest year that has a split (the later one on a tie); where that cell is
 *    empty, with the national share at that age, and 0.5 if that is empty too.
 *  - Years whose file total differs from the official national total
 *    (<datadir>/population/national_totals.csv) by more than 0.01 % are scaled to it, every
 *    county and age alike: the SSB export behind them lacks municipalities merged away before
 *    it was made, and which counties they belonged to is not in the file. */
#include "klar/population.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klar/file.h"

#define MAX_COUNTY_CODE 99          /* county codes are two digits */
#define MAX_YEAR_SPAN 300
#define SCALE_TOLERANCE 1e-4        /* 0.01 % */

struct klar_popbase {
    klar_geo *geo;
    int first_year, last_year;
    int ncounties;
    int county_codes[MAX_COUNTY_CODE + 1];
    klar_pyramid *cells;            /* [(year - first_year) * ncounties + county index] */
    unsigned char *observed;        /* per year: 1 if population.csv has it */
    double *scale;                  /* per year: factor applied to reach the official total */
    int *sex_source;                /* per year: the year whose split by sex was used */
};

/* Persons as read, before splitting by sex and scaling: [year][county][sex incl. all][age]. */
typedef struct raw_counts {
    int nyears, ncounties;
    double *persons;
    unsigned char *has_split;       /* per year: rows for male or female */
    unsigned char *has_all;         /* per year: rows for both sexes together */
} raw_counts;

static double *raw_cell(const raw_counts *raw, int y, int c, int sex)
{
    return &raw->persons[(((size_t)y * (size_t)raw->ncounties + (size_t)c) * 3 + (size_t)sex) *
                         KLAR_AGES];
}

static void raw_free(raw_counts *raw)
{
    free(raw->persons);
    free(raw->has_split);
    free(raw->has_all);
}

static int year_index(const klar_popbase *pb, int year)
{
    if (year < pb->first_year || year > pb->last_year || !pb->observed[year - pb->first_year])
        return -1;
    return year - pb->first_year;
}

static klar_pyramid *cell(const klar_popbase *pb, int y, int c)
{
    return &pb->cells[(size_t)y * (size_t)pb->ncounties + (size_t)c];
}

/* Finds the years and counties in the table; refuses rows that are not by county. */
static int scan_table(klar_popbase *pb, const klar_poptable *t, const char *path, klar_error *err)
{
    unsigned char present[MAX_COUNTY_CODE + 1] = {0};
    if (t->count == 0) {
        klar_error_set(err, path, 0, "no population rows");
        return -1;
    }
    pb->first_year = pb->last_year = t->rows[0].year;
    for (size_t i = 0; i < t->count; i++) {
        const klar_poprow *r = &t->rows[i];
        if (r->region < 0 || r->region > MAX_COUNTY_CODE) {
            klar_error_set(err, path, 0, "region %d is not a county code (0..%d): the baseline "
                           "must be by county (klar data builds it)", r->region, MAX_COUNTY_CODE);
            return -1;
        }
        present[r->region] = 1;
        if (r->year < pb->first_year)
            pb->first_year = r->year;
        if (r->year > pb->last_year)
            pb->last_year = r->year;
    }
    if (pb->last_year - pb->first_year >= MAX_YEAR_SPAN) {
        klar_error_set(err, path, 0, "years %d..%d span more than %d years", pb->first_year,
                       pb->last_year, MAX_YEAR_SPAN);
        return -1;
    }
    for (int code = 0; code <= MAX_COUNTY_CODE; code++)
        if (present[code])
            pb->county_codes[pb->ncounties++] = code;
    return 0;
}

static int county_index(const klar_popbase *pb, int code)
{
    for (int i = 0; i < pb->ncounties; i++)
        if (pb->county_codes[i] == code)
            return i;
    return -1;
}

/* Sums the rows into raw counts by year, county, sex and age. */
static int fill_raw(const klar_popbase *pb, const klar_poptable *t, raw_counts *raw)
{
    raw->nyears = pb->last_year - pb->first_year + 1;
    raw->ncounties = pb->ncounties;
    size_t ncells = (size_t)raw->nyears * (size_t)raw->ncounties * 3 * KLAR_AGES;
    raw->persons = calloc(ncells, sizeof *raw->persons);
    raw->has_split = calloc((size_t)raw->nyears, 1);
    raw->has_all = calloc((size_t)raw->nyears, 1);
    if (!raw->persons || !raw->has_split || !raw->has_all)
        return -1;
    for (size_t i = 0; i < t->count; i++) {
        const klar_poprow *r = &t->rows[i];
        int y = r->year - pb->first_year;
        raw_cell(raw, y, county_index(pb, r->region), r->sex)[r->age] += r->persons;
        if (r->sex == KLAR_SEX_ALL)
            raw->has_all[y] = 1;
        else
            raw->has_split[y] = 1;
    }
    return 0;
}

/* The year index nearest to y that has a split by sex (later on a tie), or -1. */
static int nearest_split_year(const raw_counts *raw, int y)
{
    for (int d = 0; d < raw->nyears; d++) {
        if (y + d < raw->nyears && raw->has_split[y + d])
            return y + d;
        if (y - d >= 0 && raw->has_split[y - d])
            return y - d;
    }
    return -1;
}

/* Share of men at age in year index src: of county c, else of the nation, else 0.5. */
static double share_of_men(const raw_counts *raw, int src, int c, int age)
{
    double men = raw_cell(raw, src, c, KLAR_MALE)[age];
    double women = raw_cell(raw, src, c, KLAR_FEMALE)[age];
    if (men + women > 0.0)
        return men / (men + women);
    men = women = 0.0;
    for (int k = 0; k < raw->ncounties; k++) {
        men += raw_cell(raw, src, k, KLAR_MALE)[age];
        women += raw_cell(raw, src, k, KLAR_FEMALE)[age];
    }
    return men + women > 0.0 ? men / (men + women) : 0.5;
}

/* Fills pb->cells from raw: split years as they are, "all" years split by the nearest split. */
static int resolve_sexes(klar_popbase *pb, const raw_counts *raw, const char *path, klar_error *err)
{
    for (int y = 0; y < raw->nyears; y++) {
        pb->observed[y] = raw->has_split[y] || raw->has_all[y];
        if (!pb->observed[y])
            continue;
        int src = raw->has_split[y] ? y : nearest_split_year(raw, y);
        if (src < 0) {
            klar_error_set(err, path, 0, "no year has persons by sex, so %d cannot be split into "
                           "men and women", pb->first_year + y);
            return -1;
        }
        pb->sex_source[y] = pb->first_year + src;
        for (int c = 0; c < pb->ncounties; c++) {
            klar_pyramid *p = cell(pb, y, c);
            for (int age = 0; age < KLAR_AGES; age++) {
                if (src == y) {
                    p->persons[KLAR_MALE][age] = raw_cell(raw, y, c, KLAR_MALE)[age];
                    p->persons[KLAR_FEMALE][age] = raw_cell(raw, y, c, KLAR_FEMALE)[age];
                } else {
                    double all = raw_cell(raw, y, c, KLAR_SEX_ALL)[age];
                    double men = all * share_of_men(raw, src, c, age);
                    p->persons[KLAR_MALE][age] = men;
                    p->persons[KLAR_FEMALE][age] = all - men;
                }
            }
        }
    }
    return 0;
}

/* Fills official[year - first] (0 = none) from the shipped national totals. */
static int read_national_totals(const char *datadir, const klar_popbase *pb, double *official,
                                klar_error *err)
{
    klar_national_totals totals;
    if (klar_national_totals_load(datadir, &totals, err) != 0)
        return -1;
    for (int year = pb->first_year; year <= pb->last_year; year++)
        official[year - pb->first_year] = klar_national_total(&totals, year);
    return 0;
}

/* Scales each year whose total is off the official total by more than SCALE_TOLERANCE. */
static void scale_to_official(klar_popbase *pb, const double *official)
{
    int nyears = pb->last_year - pb->first_year + 1;
    for (int y = 0; y < nyears; y++) {
        pb->scale[y] = pb->observed[y] ? 1.0 : 0.0;
        if (!pb->observed[y] || official[y] == 0.0)
            continue;
        double total = 0.0;
        for (int c = 0; c < pb->ncounties; c++)
            total += klar_pyramid_total(cell(pb, y, c));
        if (total <= 0.0 || fabs(total - official[y]) <= SCALE_TOLERANCE * official[y])
            continue;
        double factor = official[y] / total;
        pb->scale[y] = factor;
        for (int c = 0; c < pb->ncounties; c++) {
            klar_pyramid *p = cell(pb, y, c);
            for (int s = 0; s < 2; s++)
                for (int age = 0; age < KLAR_AGES; age++)
                    p->persons[s][age] *= factor;
        }
    }
}

static int allocate_years(klar_popbase *pb)
{
    size_t nyears = (size_t)(pb->last_year - pb->first_year + 1);
    pb->cells = calloc(nyears * (size_t)pb->ncounties, sizeof *pb->cells);
    pb->observed = calloc(nyears, 1);
    pb->scale = calloc(nyears, sizeof *pb->scale);
    pb->sex_source = calloc(nyears, sizeof *pb->sex_source);
    return pb->cells && pb->observed && pb->scale && pb->sex_source ? 0 : -1;
}

/* Builds the per-year pyramids from the table; pb has its years and counties already. */
static int build_cells(klar_popbase *pb, const klar_poptable *t, const char *path,
                       const char *datadir, klar_error *err)
{
    raw_counts raw;
    memset(&raw, 0, sizeof raw);
    double *official = calloc((size_t)(pb->last_year - pb->first_year + 1), sizeof *official);
    int rc = -1;
    if (!official || allocate_years(pb) != 0 || fill_raw(pb, t, &raw) != 0)
        klar_error_set(err, path, 0, "out of memory");
    else if (resolve_sexes(pb, &raw, path, err) == 0 &&
             read_national_totals(datadir, pb, official, err) == 0) {
        scale_to_official(pb, official);
        rc = 0;
    }
    raw_free(&raw);
    free(official);
    return rc;
}

klar_popbase *klar_popbase_load(const char *datadir, klar_error *err)
{
    char path[4096];
    if (klar_path_join(path, sizeof path, datadir, "population.csv", err) != 0)
        return NULL;
    klar_popbase *pb = calloc(1, sizeof *pb);
    if (!pb) {
        klar_error_set(err, NULL, 0, "out of memory");
        return NULL;
    }
    klar_poptable table;
    memset(&table, 0, sizeof table);
    int rc = -1;
    pb->geo = klar_geo_load(datadir, err);
    if (pb->geo && klar_poptable_read_csv(path, &table, err) == 0 &&
        scan_table(pb, &table, path, err) == 0)
        rc = build_cells(pb, &table, path, datadir, err);
    klar_poptable_free(&table);
    if (rc != 0) {
        klar_popbase_free(pb);
        return NULL;
    }
    return pb;
}

void klar_popbase_free(klar_popbase *pb)
{
    if (!pb)
        return;
    klar_geo_free(pb->geo);
    free(pb->cells);
    free(pb->observed);
    free(pb->scale);
    free(pb->sex_source);
    free(pb);
}

const klar_geo *klar_popbase_geo(const klar_popbase *pb)
{
    return pb->geo;
}

int klar_popbase_first_year(const klar_popbase *pb)
{
    return pb->first_year;
}

int klar_popbase_last_year(const klar_popbase *pb)
{
    return pb->last_year;
}

int klar_popbase_county_count(const klar_popbase *pb)
{
    return pb->ncounties;
}

int klar_popbase_county_code(const klar_popbase *pb, int i)
{
    return i >= 0 && i < pb->ncounties ? pb->county_codes[i] : -1;
}

const klar_pyramid *klar_popbase_county_pyramid(const klar_popbase *pb, int i, int year)
{
    int y = year_index(pb, year);
    if (y < 0 || i < 0 || i >= pb->ncounties)
        return NULL;
    return cell(pb, y, i);
}

double klar_popbase_scale(const klar_popbase *pb, int year)
{
    int y = year_index(pb, year);
    return y < 0 ? 0.0 : pb->scale[y];
}

int klar_popbase_sex_source_year(const klar_popbase *pb, int year)
{
    int y = year_index(pb, year);
    return y < 0 ? 0 : pb->sex_source[y];
}

int klar_popbase_check_region(const klar_popbase *pb, const klar_region *region, klar_error *err)
{
    if (region->kind != KLAR_REGION_MUNICIPALITY)
        return 0;
    int county = klar_geo_county_of(pb->geo, region->code);
    const char *name = county >= 0 ? klar_geo_county_name(pb->geo, county) : NULL;
    if (name)
        klar_error_set(err, NULL, 0, "the population baseline is by county, not municipality: "
                       "%s %s lies in county %02d %s; use that county (or its RHF, or NO)",
                       region->id, region->name, county, name);
    else
        klar_error_set(err, NULL, 0, "the population baseline is by county, not municipality: "
                       "use a county, an RHF or NO instead of %s", region->id);
    return -1;
}

int klar_popbase_pyramid(const klar_popbase *pb, const klar_region *region, int year,
                         klar_pyramid *out, klar_error *err)
{
    if (klar_popbase_check_region(pb, region, err) != 0)
        return -1;
    int y = year_index(pb, year);
    if (y < 0) {
        klar_error_set(err, NULL, 0, "no observed population for %d (observed: %d to %d)", year,
                       pb->first_year, pb->last_year);
        return -1;
    }
    memset(out, 0, sizeof *out);
    for (int c = 0; c < pb->ncounties; c++)
        if (klar_region_has_county(region, pb->county_codes[c]))
            klar_pyramid_add(out, cell(pb, y, c));
    return 0;
}
