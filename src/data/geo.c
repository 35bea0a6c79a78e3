/* geo.c - Norway's municipalities mapped to 2020 borders, the 2020 counties and the four
 * regional health authorities (RHF), loaded from the shipped tables in <datadir>/geo/, and
 * parsing a region a user names on the command line ("NO", "helse-vest", "46", "Vestland",
 * "4601", "Bergen").
 *
 * municipalities.csv: code,name,valid_from,valid_to,code_2020,weight - one row per (code,
 * period, 2020 code); a municipality split between several 2020 municipalities has one row
 * per part with weights summing to 1. An empty valid_to means "still valid in 2020".
 * counties.csv: code,name,rhf - the 2020 counties plus 21 Svalbard, 23 Kontinentalsokkelen
 * and 99 Ukjent fylke; rhf is empty for the last two. */
#include "klar/geo.h"
#include "klar/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "klar/csv.h"
#include "klar/text.h"

#define OPEN_END 9999 /* valid_to of a code still in use */

typedef struct municipality {
    int code;
    char *name;
    int valid_from;
    int valid_to;
    int code_2020;
    double weight;
} municipality;

typedef struct county {
    int code;
    char *name;
    int rhf; /* klar_rhf or -1 */
} county;

struct klar_geo {
    municipality *munis; /* sorted by code, then valid_from */
    size_t nmunis;
    county *counties;    /* sorted by code */
    size_t ncounties;
    int *codes_2020;     /* the 2020 municipalities, ascending */
    size_t ncodes_2020;
};

/* ---- regional health authorities ---------------------------------------------------------- */

static const char *const rhf_ids[KLAR_RHF_COUNT] = {"helse-sor-ost", "helse-vest",
                                                     "helse-midt-norge", "helse-nord"};
static const char *const rhf_names[KLAR_RHF_COUNT] = {"Helse Sør-Øst RHF", "Helse Vest RHF",
                                                       "Helse Midt-Norge RHF", "Helse Nord RHF"};

const char *klar_rhf_id(klar_rhf rhf)
{
    return (rhf >= 0 && rhf < KLAR_RHF_COUNT) ? rhf_ids[rhf] : "unknown";
}

const char *klar_rhf_name(klar_rhf rhf)
{
    return (rhf >= 0 && rhf < KLAR_RHF_COUNT) ? rhf_names[rhf] : "unknown";
}

int klar_rhf_of_county(int county_code)
{
    switch (county_code) {
    case 3:  /* Oslo */
    case 30: /* Viken */
    case 34: /* Innlandet */
    case 38: /* Vestfold og Telemark */
    case 42: /* Agder */
        return KLAR_RHF_SOR_OST;
    case 11: /* Rogaland */
    case 46: /* Vestland */
        return KLAR_RHF_VEST;
    case 15: /* Møre og Romsdal */
    case 50: /* Trøndelag */
        return KLAR_RHF_MIDT;
    case 18: /* Nordland */
    case 54: /* Troms og Finnmark */
    case 21: /* Svalbard */
        return KLAR_RHF_NORD;
    default:
        return -1;
    }
}

int klar_rhf_parse_id(const char *id)
{
    for (int i = 0; i < KLAR_RHF_COUNT; i++)
        if (strcmp(id, rhf_ids[i]) == 0)
            return i;
    return -1;
}

/* ---- loading ------------------------------------------------------------------------------ */

void klar_geo_free(klar_geo *geo)
{
    if (!geo)
        return;
    for (size_t i = 0; i < geo->nmunis; i++)
        free(geo->munis[i].name);
    for (size_t i = 0; i < geo->ncounties; i++)
        free(geo->counties[i].name);
    free(geo->munis);
    free(geo->counties);
    free(geo->codes_2020);
    free(geo);
}

/* Parses a whole number in [lo, hi]; returns 0 or -1. */
static int parse_int_in(const char *s, long lo, long hi, int *out)
{
    long v;
    if (klar_parse_long(s, &v) != 0 || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* Parses one municipalities.csv record into m (name owned by m). */
static int parse_municipality(klar_csv *csv, int nf, char **f, void *item, klar_error *err)
{
    municipality *m = item;
    const char *file = klar_csv_name(csv);
    long line = klar_csv_line(csv);
    if (nf != 6) {
        klar_error_set(err, file, line, "expected 6 fields, found %d", nf);
        return -1;
    }
    if (parse_int_in(f[0], 1, 9999, &m->code) != 0) {
        klar_error_set(err, file, line, "bad municipality code '%s'", f[0]);
        return -1;
    }
    if (parse_int_in(f[2], 1000, 9999, &m->valid_from) != 0) {
        klar_error_set(err, file, line, "bad valid_from '%s'", f[2]);
        return -1;
    }
    m->valid_to = OPEN_END;
    if (f[3][0] && parse_int_in(f[3], m->valid_from, 9998, &m->valid_to) != 0) {
        klar_error_set(err, file, line, "bad valid_to '%s'", f[3]);
        return -1;
    }
    if (parse_int_in(f[4], 1, 9999, &m->code_2020) != 0) {
        klar_error_set(err, file, line, "bad code_2020 '%s'", f[4]);
        return -1;
    }
    if (klar_parse_double(f[5], &m->weight) != 0 || !(m->weight > 0 && m->weight <= 1)) {
        klar_error_set(err, file, line, "weight must be a number in (0, 1], not '%s'", f[5]);
        return -1;
    }
    m->name = klar_text_dup(f[1]);
    if (!m->name) {
        klar_error_set(err, file, line, "out of memory");
        return -1;
    }
    return 0;
}

static int compare_municipalities(const void *a, const void *b)
{
    const municipality *x = a, *y = b;
    if (x->code != y->code)
        return x->code < y->code ? -1 : 1;
    if (x->valid_from != y->valid_from)
        return x->valid_from < y->valid_from ? -1 : 1;
    return (x->code_2020 > y->code_2020) - (x->code_2020 < y->code_2020);
}

/* How to read one of the geo tables: its header, its records and their order. */
typedef struct table_spec {
    const char *const *header;
    int ncolumns;
    size_t elem_size;
    int (*parse)(klar_csv *csv, int nf, char **f, void *item, klar_error *err);
    int (*compare)(const void *a, const void *b);
    const char *what;   /* for "no municipalities" */
} table_spec;

/* What load_table's row callback fills: a growing array of spec-sized items. */
typedef struct table_fill {
    const table_spec *spec;
    void *items;
    size_t count, capacity;
} table_fill;

static int add_table_row(klar_csv *csv, int nf, char **f, void *ctx, klar_error *err)
{
    table_fill *t = ctx;
    void *grown = klar_array_grow(t->items, &t->capacity, t->count, t->spec->elem_size);
    if (!grown) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv), "out of memory");
        return -1;
    }
    t->items = grown;
    if (t->spec->parse(csv, nf, f, (char *)t->items + t->count * t->spec->elem_size, err) != 0)
        return -1;
    t->count++;
    return 0;
}

/* Reads every record of a table into *items (*count counts the records parsed, so the caller
 * can free them on failure too), then sorts them. Returns 0 or -1. */
static int load_table(const char *path, const table_spec *spec, void **items, size_t *count,
                      klar_error *err)
{
    table_fill t = {spec, NULL, 0, 0};
    int rc = klar_csv_read_table(path, spec->header, spec->ncolumns, 0, add_table_row, &t, err);
    *items = t.items;
    *count = t.count;
    if (rc == 0 && t.count == 0) {
        klar_error_set(err, path, 0, "no %s", spec->what);
        rc = -1;
    }
    if (rc == 0)
        qsort(t.items, t.count, spec->elem_size, spec->compare);
    return rc;
}

static int load_municipalities(klar_geo *geo, const char *path, klar_error *err)
{
    static const char *const header[] = {"code", "name", "valid_from", "valid_to", "code_2020", "weight"};
    static const table_spec spec = {header, 6, sizeof(municipality), parse_municipality,
                                    compare_municipalities, "municipalities"};
    void *items = geo->munis;
    int rc = load_table(path, &spec, &items, &geo->nmunis, err);
    geo->munis = items;
    return rc;
}

/* Parses one counties.csv record into c, checking its RHF against klar_rhf_of_county. */
static int parse_county(klar_csv *csv, int nf, char **f, void *item, klar_error *err)
{
    county *c = item;
    const char *file = klar_csv_name(csv);
    long line = klar_csv_line(csv);
    if (nf != 3) {
        klar_error_set(err, file, line, "expected 3 fields, found %d", nf);
        return -1;
    }
    if (parse_int_in(f[0], 1, 99, &c->code) != 0) {
        klar_error_set(err, file, line, "bad county code '%s'", f[0]);
        return -1;
    }
    c->rhf = f[2][0] ? klar_rhf_parse_id(f[2]) : -1;
    if (f[2][0] && c->rhf < 0) {
        klar_error_set(err, file, line, "unknown RHF '%s'", f[2]);
        return -1;
    }
    if (c->rhf != klar_rhf_of_county(c->code)) {
        int want = klar_rhf_of_county(c->code);
        klar_error_set(err, file, line, "county %d belongs to %s, not '%s'", c->code,
                       want < 0 ? "no RHF" : rhf_ids[want], f[2]);
        return -1;
    }
    c->name = klar_text_dup(f[1]);
    if (!c->name) {
        klar_error_set(err, file, line, "out of memory");
        return -1;
    }
    return 0;
}

static int compare_counties(const void *a, const void *b)
{
    const county *x = a, *y = b;
    return (x->code > y->code) - (x->code < y->code);
}

static int load_counties(klar_geo *geo, const char *path, klar_error *err)
{
    static const char *const header[] = {"code", "name", "rhf"};
    static const table_spec spec = {header, 3, sizeof(county), parse_county, compare_counties,
                                    "counties"};
    void *items = geo->counties;
    int rc = load_table(path, &spec, &items, &geo->ncounties, err);
    geo->counties = items;
    return rc;
}

static int is_2020_row(const municipality *m)
{
    return m->valid_to == OPEN_END && m->code_2020 == m->code;
}

/* Lists the 2020 municipalities (rows are sorted by code, so the list is ascending). */
static int index_2020_codes(klar_geo *geo, const char *path, klar_error *err)
{
    geo->codes_2020 = malloc(geo->nmunis * sizeof *geo->codes_2020);
    if (!geo->codes_2020) {
        klar_error_set(err, path, 0, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < geo->nmunis; i++)
        if (is_2020_row(&geo->munis[i]))
            geo->codes_2020[geo->ncodes_2020++] = geo->munis[i].code;
    return 0;
}

/* The weights of the rows of one code and period (starting at index first) must sum to 1. */
static int check_weights(const klar_geo *geo, size_t first, const char *path, klar_error *err)
{
    const municipality *m = &geo->munis[first];
    double sum = 0;
    for (size_t k = first; k < geo->nmunis && geo->munis[k].code == m->code &&
                           geo->munis[k].valid_from == m->valid_from; k++)
        sum += geo->munis[k].weight;
    if (sum < 1 - 1e-6 || sum > 1 + 1e-6) {
        klar_error_set(err, path, 0, "municipality %04d from %d: weights sum to %g, not 1", m->code,
                       m->valid_from, sum);
        return -1;
    }
    return 0;
}

/* Every 2020 code a row maps to must be a 2020 municipality whose county is in the table, and
 * the parts of a split municipality must add up to the whole. */
static int check_consistency(const klar_geo *geo, const char *path, klar_error *err)
{
    for (size_t i = 0; i < geo->nmunis; i++) {
        int starts_group = i == 0 || geo->munis[i - 1].code != geo->munis[i].code ||
                           geo->munis[i - 1].valid_from != geo->munis[i].valid_from;
        if (starts_group && check_weights(geo, i, path, err) != 0)
            return -1;
        const municipality *m = &geo->munis[i];
        if (klar_geo_county_of(geo, m->code_2020) < 0) {
            klar_error_set(err, path, 0,
                           "municipality %04d maps to %04d, which is no 2020 municipality of a known county",
                           m->code, m->code_2020);
            return -1;
        }
        if (i > 0 && geo->munis[i - 1].code == m->code && geo->munis[i - 1].valid_from == m->valid_from &&
            geo->munis[i - 1].code_2020 == m->code_2020) {
            klar_error_set(err, path, 0, "municipality %04d from %d is listed twice", m->code, m->valid_from);
            return -1;
        }
    }
    return 0;
}

klar_geo *klar_geo_load(const char *datadir, klar_error *err)
{
    char mpath[4096], cpath[4096];
    if (snprintf(mpath, sizeof mpath, "%s/geo/municipalities.csv", datadir) >= (int)sizeof mpath ||
        snprintf(cpath, sizeof cpath, "%s/geo/counties.csv", datadir) >= (int)sizeof cpath) {
        klar_error_set(err, datadir, 0, "data directory path too long");
        return NULL;
    }
    klar_geo *geo = calloc(1, sizeof *geo);
    if (!geo) {
        klar_error_set(err, NULL, 0, "out of memory");
        return NULL;
    }
    if (load_counties(geo, cpath, err) != 0 || load_municipalities(geo, mpath, err) != 0 ||
        index_2020_codes(geo, mpath, err) != 0 || check_consistency(geo, mpath, err) != 0) {
        klar_geo_free(geo);
        return NULL;
    }
    return geo;
}

/* ---- lookups ------------------------------------------------------------------------------ */

/* The first row (lowest valid_from) with this code, or NULL. */
static const municipality *find_first_municipality(const klar_geo *geo, int code)
{
    size_t lo = 0, hi = geo->nmunis;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (geo->munis[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < geo->nmunis && geo->munis[lo].code == code) ? &geo->munis[lo] : NULL;
}

/* How many years `year` lies outside [from, to]; 0 inside. */
static int years_outside(int year, int from, int to)
{
    if (year < from)
        return from - year;
    if (year > to)
        return year - to;
    return 0;
}

/* The row of first's code whose period contains year, else the nearest period: SSB's
 * multi-year exports list a code (with 0 persons) in years outside its validity. */
static const municipality *nearest_period(const klar_geo *geo, const municipality *first, int year)
{
    const municipality *end = geo->munis + geo->nmunis;
    const municipality *best = first;
    for (const municipality *m = first; m < end && m->code == first->code; m++)
        if (years_outside(year, m->valid_from, m->valid_to) <
            years_outside(year, best->valid_from, best->valid_to))
            best = m;
    return best;
}

int klar_geo_map_2020(const klar_geo *geo, int code, int year, int *codes, double *weights, int max)
{
    const municipality *first = find_first_municipality(geo, code);
    if (!first)
        return 0;
    const municipality *end = geo->munis + geo->nmunis;
    const municipality *best = nearest_period(geo, first, year);
    int n = 0;
    for (const municipality *m = first; m < end && m->code == code && n < max; m++) {
        if (m->valid_from != best->valid_from)
            continue;
        codes[n] = m->code_2020;
        weights[n] = m->weight;
        n++;
    }
    return n;
}

/* The 2020 row of a 2020 municipality code (open validity, maps to itself), or NULL. */
static const municipality *find_2020_municipality(const klar_geo *geo, int code)
{
    const municipality *m = find_first_municipality(geo, code);
    const municipality *end = geo->munis + geo->nmunis;
    for (; m && m < end && m->code == code; m++)
        if (is_2020_row(m))
            return m;
    return NULL;
}

static const county *find_county(const klar_geo *geo, int code)
{
    for (size_t i = 0; i < geo->ncounties; i++)
        if (geo->counties[i].code == code)
            return &geo->counties[i];
    return NULL;
}

int klar_geo_county_of(const klar_geo *geo, int municipality_2020)
{
    if (!find_2020_municipality(geo, municipality_2020))
        return -1;
    int c = municipality_2020 / 100;
    return find_county(geo, c) ? c : -1;
}

const char *klar_geo_municipality_name(const klar_geo *geo, int municipality_2020)
{
    const municipality *m = find_2020_municipality(geo, municipality_2020);
    return m ? m->name : NULL;
}

const char *klar_geo_county_name(const klar_geo *geo, int county_code)
{
    const county *c = find_county(geo, county_code);
    return c ? c->name : NULL;
}

int klar_geo_county_count(const klar_geo *geo)
{
    return (int)geo->ncounties;
}

int klar_geo_county_code(const klar_geo *geo, int i)
{
    return (i >= 0 && (size_t)i < geo->ncounties) ? geo->counties[i].code : -1;
}

int klar_geo_municipality_count(const klar_geo *geo)
{
    return (int)geo->ncodes_2020;
}

int klar_geo_municipality_code(const klar_geo *geo, int i)
{
    return (i >= 0 && (size_t)i < geo->ncodes_2020) ? geo->codes_2020[i] : -1;
}

const char *klar_geo_code_name(const klar_geo *geo, int code, int year)
{
    const municipality *first = find_first_municipality(geo, code);
    return first ? nearest_period(geo, first, year)->name : NULL;
}

/* ---- regions ------------------------------------------------------------------------------ */

klar_region klar_region_nation(void)
{
    klar_region r;
    memset(&r, 0, sizeof r);
    r.kind = KLAR_REGION_NATION;
    r.code = 0;
    snprintf(r.id, sizeof r.id, "NO");
    snprintf(r.name, sizeof r.name, "Norge");
    return r;
}

klar_region klar_region_of_rhf(klar_rhf rhf)
{
    klar_region r;
    memset(&r, 0, sizeof r);
    r.kind = KLAR_REGION_RHF;
    r.code = (int)rhf;
    snprintf(r.id, sizeof r.id, "%s", klar_rhf_id(rhf));
    snprintf(r.name, sizeof r.name, "%s", klar_rhf_name(rhf));
    return r;
}

static klar_region region_of_county(const county *c)
{
    klar_region r;
    memset(&r, 0, sizeof r);
    r.kind = KLAR_REGION_COUNTY;
    r.code = c->code;
    snprintf(r.id, sizeof r.id, "%02d", c->code);
    snprintf(r.name, sizeof r.name, "%s", c->name);
    return r;
}

static klar_region region_of_municipality(const municipality *m)
{
    klar_region r;
    memset(&r, 0, sizeof r);
    r.kind = KLAR_REGION_MUNICIPALITY;
    r.code = m->code;
    snprintf(r.id, sizeof r.id, "%04d", m->code);
    snprintf(r.name, sizeof r.name, "%s", m->name);
    return r;
}

int klar_region_has_county(const klar_region *region, int county_code)
{
    switch (region->kind) {
    case KLAR_REGION_NATION:
        return 1;
    case KLAR_REGION_RHF:
        return klar_rhf_of_county(county_code) == region->code;
    case KLAR_REGION_COUNTY:
        return region->code == county_code;
    case KLAR_REGION_MUNICIPALITY:
    default:
        return 0;
    }
}

static int is_all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

static int is_nation_word(const char *folded)
{
    return strcmp(folded, "no") == 0 || strcmp(folded, "norge") == 0 || strcmp(folded, "norway") == 0 ||
           strcmp(folded, "noreg") == 0;
}

/* RHF by id or by display name with or without " RHF"; -1 if none. */
static int match_rhf(const char *folded)
{
    char name[96];
    for (int i = 0; i < KLAR_RHF_COUNT; i++) {
        if (strcmp(folded, rhf_ids[i]) == 0)
            return i;
        klar_text_fold(rhf_names[i], name, sizeof name);
        if (strcmp(folded, name) == 0)
            return i;
        size_t n = strlen(name);
        if (n > 4 && strcmp(name + n - 4, " rhf") == 0) {
            name[n - 4] = '\0';
            if (strcmp(folded, name) == 0)
                return i;
        }
    }
    return -1;
}

#define ACCEPTED_FORMS                                                                            \
    "accepted are NO (Norway), an RHF (helse-sor-ost, helse-vest, helse-midt-norge, helse-nord), " \
    "a county code or name (e.g. 46 or Vestland) and a 2020 municipality code or name (e.g. 4601 " \
    "or Bergen)"

/* Parses a numeric region: 1-2 digits a county, 4 digits a 2020 municipality. */
static int parse_numeric_region(const klar_geo *geo, const char *text, klar_region *out, klar_error *err)
{
    long v = strtol(text, NULL, 10);
    size_t len = strlen(text);
    if (len <= 2) {
        const county *c = find_county(geo, (int)v);
        if (c) {
            *out = region_of_county(c);
            return 0;
        }
        klar_error_set(err, NULL, 0, "unknown county code '%s'; %s", text, ACCEPTED_FORMS);
        return -1;
    }
    if (len == 4) {
        const municipality *m = find_2020_municipality(geo, (int)v);
        if (m) {
            *out = region_of_municipality(m);
            return 0;
        }
        const municipality *old = find_first_municipality(geo, (int)v);
        if (old) {
            const municipality *now = find_2020_municipality(geo, old->code_2020);
            klar_error_set(err, NULL, 0,
                           "'%s' (%s) is no 2020 municipality code; it became %04d %s (2020 borders)",
                           text, old->name, old->code_2020, now ? now->name : "?");
            return -1;
        }
    }
    klar_error_set(err, NULL, 0, "unknown region code '%s'; %s", text, ACCEPTED_FORMS);
    return -1;
}

/* Matches a county or 2020 municipality name; 1 found, 0 none, -1 ambiguous (err set). */
static int match_name(const klar_geo *geo, const char *text, klar_region *out, klar_error *err)
{
    for (size_t i = 0; i < geo->ncounties; i++)
        if (klar_text_equal_folded(text, geo->counties[i].name)) {
            *out = region_of_county(&geo->counties[i]);
            return 1;
        }
    const municipality *found = NULL;
    char codes[256] = "";
    int nfound = 0;
    for (size_t i = 0; i < geo->nmunis; i++) {
        const municipality *m = &geo->munis[i];
        if (!is_2020_row(m) || !klar_text_equal_folded(text, m->name))
            continue;
        found = m;
        nfound++;
        char one[64];
        snprintf(one, sizeof one, "%s%04d", nfound > 1 ? " or " : "", m->code);
        strncat(codes, one, sizeof codes - strlen(codes) - 1);
    }
    if (nfound > 1) {
        klar_error_set(err, NULL, 0, "'%s' names several municipalities; use the code: %s", text, codes);
        return -1;
    }
    if (found)
        *out = region_of_municipality(found);
    return found ? 1 : 0;
}

/* The error for an unknown region name, with the nearest known name when one is close. */
static void report_unknown_region(const klar_geo *geo, const char *text, klar_error *err)
{
    size_t n = 1 + KLAR_RHF_COUNT + geo->ncounties + geo->nmunis;
    const char **cands = malloc(n * sizeof *cands);
    const char *suggestion = NULL;
    if (cands) {
        size_t k = 0;
        cands[k++] = "NO";
        for (int i = 0; i < KLAR_RHF_COUNT; i++)
            cands[k++] = rhf_ids[i];
        for (size_t i = 0; i < geo->ncounties; i++)
            cands[k++] = geo->counties[i].name;
        for (size_t i = 0; i < geo->nmunis; i++)
            if (is_2020_row(&geo->munis[i]))
                cands[k++] = geo->munis[i].name;
        suggestion = klar_text_suggest(text, cands, k);
    }
    if (suggestion)
        klar_error_set(err, NULL, 0, "unknown region '%s'; did you mean '%s'? %s", text, suggestion,
                       ACCEPTED_FORMS);
    else
        klar_error_set(err, NULL, 0, "unknown region '%s'; %s", text, ACCEPTED_FORMS);
    free(cands);
}

int klar_region_parse(const klar_geo *geo, const char *text, klar_region *out, klar_error *err)
{
    char folded[128];
    if (!text || strlen(text) >= sizeof folded) {
        klar_error_set(err, NULL, 0, "region name missing or too long; %s", ACCEPTED_FORMS);
        return -1;
    }
    klar_text_fold(text, folded, sizeof folded);
    if (!folded[0]) {
        klar_error_set(err, NULL, 0, "empty region; %s", ACCEPTED_FORMS);
        return -1;
    }
    if (is_nation_word(folded)) {
        *out = klar_region_nation();
        return 0;
    }
    int rhf = match_rhf(folded);
    if (rhf >= 0) {
        *out = klar_region_of_rhf((klar_rhf)rhf);
        return 0;
    }
    if (is_all_digits(folded))
        return parse_numeric_region(geo, folded, out, err);
    int m = match_name(geo, text, out, err);
    if (m != 0)
        return m > 0 ? 0 : -1;
    report_unknown_region(geo, text, err);
    return -1;
}
