/* baseline_pop.c - derives klar's shipped population baseline (data/population.csv: persons by
 * year, 2020 county, sex and single-year age; data/population_municipality.csv: the latest year
 * by 2020 municipality and 10-year age group) from a directory of SSB table 07459 exports, and
 * writes the section of data/README.md that says where the shipped tables come from. */
#include "klar/baseline.h"
#include "klar/file.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "klar/text.h"

#define MAX_FILES 256
#define MAX_YEARS 256
#define MUNICIPALITY_CODES 10000   /* 4-digit municipality codes: 0000 .. 9999 */
#define NOBODY 0.00005             /* a row or municipality with no more persons than this is empty */

/* One imported source file. */
typedef struct source_file {
    char *path;
    klar_poptable rows;
} source_file;

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists dir's *.csv and *.json files as malloc'ed "dir/name" paths, sorted. */
static int list_sources(const char *dir, char **paths, int max, int *n, klar_error *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        klar_error_set(err, dir, 0, "cannot open directory: %s", strerror(errno));
        return -1;
    }
    struct dirent *e;
    int rc = 0;
    *n = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !(has_suffix(e->d_name, ".csv") || has_suffix(e->d_name, ".json")))
            continue;
        if (*n == max) {
            klar_error_set(err, dir, 0, "more than %d files", max);
            rc = -1;
            break;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        paths[*n] = malloc(len);
        if (!paths[*n]) {
            klar_error_set(err, dir, 0, "out of memory");
            rc = -1;
            break;
        }
        snprintf(paths[*n], len, "%s/%s", dir, e->d_name);
        (*n)++;
    }
    closedir(d);
    if (rc == 0 && *n == 0) {
        klar_error_set(err, dir, 0, "no *.csv or *.json files");
        rc = -1;
    }
    qsort(paths, (size_t)*n, sizeof *paths, compare_strings);
    return rc;
}

/* 1 if the rows of `year` in t are split by sex; 0 if only "all"; -1 if t lacks the year. */
static int sex_split_of_year(const klar_poptable *t, int year)
{
    int found = -1;
    for (size_t i = 0; i < t->count; i++)
        if (t->rows[i].year == year) {
            if (t->rows[i].sex != KLAR_SEX_ALL)
                return 1;
            found = 0;
        }
    return found;
}

/* For each year, the file to take it from: the first split by sex, else the first. */
static void choose_files(const source_file *files, int nfiles, const int *years, int nyears, int *chosen)
{
    for (int y = 0; y < nyears; y++) {
        chosen[y] = -1;
        int chosen_split = 0;
        for (int f = 0; f < nfiles; f++) {
            int split = sex_split_of_year(&files[f].rows, years[y]);
            if (split < 0)
                continue;
            if (chosen[y] < 0 || (split && !chosen_split)) {
                chosen[y] = f;
                chosen_split = split;
            }
        }
    }
}

/* The distinct years of all files, ascending. */
static int collect_years(const source_file *files, int nfiles, int *years, int max)
{
    int n = 0;
    for (int f = 0; f < nfiles; f++)
        for (size_t i = 0; i < files[f].rows.count; i++) {
            int y = files[f].rows.rows[i].year, k = 0;
            while (k < n && years[k] < y)
                k++;
            if ((k < n && years[k] == y) || n == max)
                continue;
            memmove(&years[k + 1], &years[k], (size_t)(n - k) * sizeof *years);
            years[k] = y;
            n++;
        }
    return n;
}

/* Adds the rows of `year` from src to dst with the region turned into its 2020 county. */
static int add_year_by_county(klar_poptable *dst, const klar_poptable *src, int year, const klar_geo *geo,
                              const char *path, klar_error *err)
{
    for (size_t i = 0; i < src->count; i++) {
        const klar_poprow *r = &src->rows[i];
        if (r->year != year)
            continue;
        int county = klar_geo_county_of(geo, r->region);
        if (county < 0) {
            klar_error_set(err, path, 0, "municipality %04d has no county", r->region);
            return -1;
        }
        if (klar_poptable_add(dst, year, county, r->sex, r->age, r->persons) != 0) {
            klar_error_set(err, path, 0, "out of memory");
            return -1;
        }
    }
    return 0;
}

/* Drops rows with no persons (the file says a missing row means 0). */
static void drop_empty_rows(klar_poptable *t)
{
    size_t w = 0;
    for (size_t i = 0; i < t->count; i++)
        if (t->rows[i].persons > NOBODY)
            t->rows[w++] = t->rows[i];
    t->count = w;
}

static int write_table(const char *out_csv, const klar_poptable *t, klar_error *err)
{
    FILE *fp = klar_file_create(out_csv, err);
    return fp ? klar_file_commit(fp, out_csv, klar_poptable_write_csv(fp, t) == 0, err) : -1;
}

/* ---- the latest year by municipality and 10-year age group ------------------------------- */

/* Writes one municipality's groups (nothing when nobody lives there); 0 or -1 on a write error. */
static int write_municipality(FILE *fp, int year, int code, const double *persons)
{
    double total = 0.0;
    for (int g = 0; g < KLAR_AGE_GROUPS; g++)
        total += persons[g];
    if (!(total > NOBODY))
        return 0;
    for (int g = 0; g < KLAR_AGE_GROUPS; g++) {
        char v[64];
        klar_format_persons(persons[g], v, sizeof v);
        if (fprintf(fp, "%d,%04d,%s,%s\n", year, code, klar_age_group_label(g), v) < 0)
            return -1;
    }
    return 0;
}

/* Writes the rows of `year` in src (2020 municipalities) summed by municipality and age group. */
static int write_municipality_groups(const char *out_csv, const klar_poptable *src, int year, const char *path,
                                     klar_error *err)
{
    double (*m)[KLAR_AGE_GROUPS] = calloc(MUNICIPALITY_CODES, sizeof *m);   /* persons by code, group */
    if (!m) {
        klar_error_set(err, path, 0, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < src->count; i++) {
        const klar_poprow *r = &src->rows[i];
        if (r->year != year)
            continue;
        if (r->region < 0 || r->region >= MUNICIPALITY_CODES || r->age < 0) {
            klar_error_set(err, path, 0, "municipality %d, age %d: not a 4-digit code and an age", r->region,
                           r->age);
            free(m);
            return -1;
        }
        m[r->region][klar_age_group_of(r->age)] += r->persons;
    }
    FILE *fp = klar_file_create(out_csv, err);
    if (!fp) {
        free(m);
        return -1;
    }
    int ok = fputs("year,municipality,age_group,persons\n", fp) >= 0;
    for (int code = 0; ok && code < MUNICIPALITY_CODES; code++)
        ok = write_municipality(fp, year, code, m[code]) == 0;
    free(m);
    return klar_file_commit(fp, out_csv, ok, err);
}

int klar_baseline_build_population(const char *ssb_dir, const klar_geo *geo, const char *out_csv,
                                   const char *municipality_csv, klar_ssb_year_total *totals, int max,
                                   int *ntotals, klar_error *err)
{
    char *paths[MAX_FILES];
    int npaths = 0;
    source_file files[MAX_FILES];
    int nfiles = 0;
    klar_poptable counties = {NULL, 0, 0};
    int rc = list_sources(ssb_dir, paths, MAX_FILES, &npaths, err);
    for (int i = 0; rc == 0 && i < npaths; i++) {
        memset(&files[nfiles], 0, sizeof files[nfiles]);
        files[nfiles].path = paths[i];
        rc = klar_ssb_import_file(paths[i], geo, &files[nfiles].rows, err);
        nfiles++;
    }
    if (rc == 0) {
        int years[MAX_YEARS], chosen[MAX_YEARS];
        int nyears = collect_years(files, nfiles, years, MAX_YEARS);
        choose_files(files, nfiles, years, nyears, chosen);
        for (int y = 0; rc == 0 && y < nyears; y++)
            rc = add_year_by_county(&counties, &files[chosen[y]].rows, years[y], geo, files[chosen[y]].path, err);
        if (rc == 0 && municipality_csv && nyears > 0) {
            const source_file *latest = &files[chosen[nyears - 1]];
            rc = write_municipality_groups(municipality_csv, &latest->rows, years[nyears - 1], latest->path, err);
        }
    }
    if (rc == 0 && klar_poptable_collapse(&counties) != 0) {
        klar_error_set(err, ssb_dir, 0, "out of memory");
        rc = -1;
    }
    if (rc == 0) {
        if (totals && ntotals)
            *ntotals = klar_ssb_year_totals(&counties, totals, max);
        drop_empty_rows(&counties);
        rc = write_table(out_csv, &counties, err);
    }
    for (int i = 0; i < nfiles; i++)
        klar_poptable_free(&files[i].rows);
    for (int i = 0; i < npaths; i++)
        free(paths[i]);
    klar_poptable_free(&counties);
    return rc;
}

/* ---- README section ----------------------------------------------------------------------- */

#define README_BEGIN "<!-- klar data build-baseline: begin (generated, do not edit by hand) -->"
#define README_END "<!-- klar data build-baseline: end -->"

static const char readme_body[] =
    "## Baseline tables derived from public sources\n"
    "\n"
    "These files are written by klar's own importer; they are not copies of the sources.\n"
    "They were made with:\n"
    "\n"
    "    %s\n"
    "\n"
    "| file | content |\n"
    "|---|---|\n"
    "| `population.csv` | persons on 1 January by `year` (2005-2022), `region` (county code, 2020 borders), "
    "`sex` (`male`/`female` where the source splits by sex, 2020-2022; `all` before) and single-year `age` "
    "(0-105, 105 = 105 years or older). Municipalities of the time are mapped to 2020 borders (split "
    "municipalities apportioned by weight) and summed by county. Rows with 0 persons are left out: a "
    "missing row means 0 persons. Where both a file by sex and one without cover a year, the one by sex is "
    "used. |\n"
    "| `population_municipality.csv` | persons on 1 January of the latest year (2022) by `municipality` "
    "(2020 code) and 10-year `age_group` (`0-9`, `10-19`, ..., `70-79`, `80+`), both sexes, from the same "
    "import and the same file as that year of `population.csv`. Every municipality with anyone registered "
    "has all nine groups; those with nobody in table 07459 (2100 Svalbard, 2300 Kontinentalsokkelen, 9999 "
    "unknown) are left out. The municipalities of a county add up to that county in `population.csv`. The "
    "crisis surge model takes a municipality's population from here. |\n"
    "| `geo/municipalities.csv` | `code,name,valid_from,valid_to,code_2020,weight`: every municipality code "
    "since 1838, the years it was valid (empty `valid_to`: still valid in 2020) and the 2020 municipality it "
    "became; a code split between several has one row per part, weights summing to 1 (1850 Tysfjord, "
    "1613/5012 Snillfjord). Chains of mergers are followed to 2020. Added: 2300 Kontinentalsokkelen (SSB's "
    "continental shelf); 2200 Jan Mayen is folded into 2100 Svalbard as SSB reports them together. |\n"
    "| `geo/counties.csv` | `code,name,rhf`: the 2020 counties with their 2020 names and regional health "
    "authority (Helse Sør-Øst: 03 30 34 38 42; Helse Vest: 11 46; Helse Midt-Norge: 15 50; Helse Nord: "
    "18 54 and 21 Svalbard), plus 23 Kontinentalsokkelen and 99 Ukjent fylke, which belong to no RHF. |\n"
    "\n"
    "Sources: Statistics Norway (SSB), table 07459 \"Population, by region, sex, age\", NLOD 2.0 / CC BY 4.0 "
    "(\"Kilde: Statistisk sentralbyrå\"); municipality list from FHI spldata "
    "(`norway_locations`, MIT licence, copyright Norwegian Institute of Public Health).\n"
    "\n"
    "Caveat: the SSB exports for 2005-2016 lack the municipalities that had been merged away before "
    "the export was made, so those years fall short of Norway's population (2016: 5 150 571 in the file, "
    "5 213 985 nationally). 2017 onwards are complete (2022: 5 425 270). "
    "`klar data import-ssb FILE...` shows the totals of every year next to the official ones.\n";

int klar_baseline_write_readme(const char *out_dir, const char *command_line, klar_error *err)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/README.md", out_dir) >= (int)sizeof path) {
        klar_error_set(err, out_dir, 0, "path too long");
        return -1;
    }
    size_t len = 0;
    struct stat st;
    char *old = NULL;
    if (stat(path, &st) == 0 && !(old = klar_file_read(path, 16u << 20, &len, err)))
        return -1; /* a README that exists but cannot be read is never overwritten */
    const char *before = "# klar data\n\nThe baseline data klar ships with; each section says where a table comes from.\n\n";
    const char *after = "";
    size_t before_len = strlen(before);
    char *b = old ? strstr(old, README_BEGIN) : NULL;
    char *e = b ? strstr(b, README_END) : NULL;
    if (old && b && e) {
        before = old;
        before_len = (size_t)(b - old);
        after = e + strlen(README_END);
        if (*after == '\n')
            after++;
    } else if (old) {
        before = old;
        before_len = len;
    }
    FILE *fp = klar_file_create(path, err);
    if (!fp) {
        free(old);
        return -1;
    }
    fwrite(before, 1, before_len, fp);
    if (before_len > 0 && before[before_len - 1] != '\n')
        fputc('\n', fp);
    fprintf(fp, "%s\n", README_BEGIN);
    fprintf(fp, readme_body, command_line);
    fprintf(fp, "%s\n", README_END);
    fputs(after, fp);
    free(old);
    return klar_file_commit(fp, path, 1, err);
}
