/* baseline_geo.c - derives klar's compact geography tables (data/geo/municipalities.csv and
 * counties.csv) from FHI spldata's norway_municipalities_2020_borders.csv.
 *
 * The source lists every municipality code since 1838 with its validity years and the code it
 * became next (municip_code_end, with a weighting where a municipality was split). We follow
 * each chain of mergers to the code valid in 2020 and multiply the weights on the way, so
 * 1613 Snillfjord (-2017) -> 5012 Snillfjord (2018-2019) -> 5055 0.35, 5056 0.35, 5059 0.3.
 * Two additions the source lacks: 2200 Jan Mayen is folded into 2100 (SSB reports "Svalbard
 * and Jan Mayen" as one region) and 2300 Kontinentalsokkelen (SSB's continental shelf, county
 * 23) is added. Counties are those of the 2020 municipalities, with 2020 names. */
#include "klar/baseline.h"
#include "klar/array.h"
#include "klar/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "klar/csv.h"
#include "klar/text.h"

#define OPEN_END 9999
#define MAX_CHAIN 16
#define MAX_PARTS 8

typedef struct source_row {
    int code;
    char *name;
    int from, to;       /* to = OPEN_END while valid in 2020 */
    int end_code;       /* the code it became, 0 if still valid */
    double weight;      /* share of it that became end_code */
    int county;
    char *county_name;
} source_row;

typedef struct source_table {
    source_row *rows;
    size_t n;
} source_table;

typedef struct part {
    int code_2020;
    double weight;
} part;

static void free_source(source_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->rows[i].name);
        free(t->rows[i].county_name);
    }
    free(t->rows);
    t->rows = NULL;
    t->n = 0;
}

/* The number at the end of an FHI location code ("municip0301" -> 301); -1 if there is none. */
static int trailing_number(const char *s)
{
    size_t n = strlen(s), i = n;
    while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
        i--;
    if (i == n || n - i > 6)
        return -1;
    return atoi(s + i);
}

static int column_index(int nf, char **f, const char *name)
{
    for (int i = 0; i < nf; i++)
        if (strcmp(f[i], name) == 0)
            return i;
    return -1;
}

enum { C_YEAR_START, C_YEAR_END, C_CODE_END, C_WEIGHT, C_CODE, C_NAME, C_COUNTY, C_COUNTY_NAME, C_COUNT };

static int find_source_columns(klar_csv *csv, int cols[C_COUNT], klar_error *err)
{
    static const char *const names[C_COUNT] = {"year_start", "year_end", "municip_code_end", "weighting",
                                              "municip_code", "municip_name", "county_code", "county_name"};
    int nf;
    char **f;
    int rc = klar_csv_next(csv, &nf, &f, err);
    if (rc <= 0) {
        if (rc == 0)
            klar_error_set(err, klar_csv_name(csv), 1, "empty file, expected a header");
        return -1;
    }
    for (int c = 0; c < C_COUNT; c++) {
        cols[c] = column_index(nf, f, names[c]);
        if (cols[c] < 0) {
            klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv), "no column '%s' in the header",
                           names[c]);
            return -1;
        }
    }
    return 0;
}

/* Parses one source record into r (strings owned by r). */
static int parse_source_row(klar_csv *csv, const int cols[C_COUNT], int nf, char **f, source_row *r,
                            klar_error *err)
{
    const char *file = klar_csv_name(csv);
    long line = klar_csv_line(csv);
    for (int c = 0; c < C_COUNT; c++)
        if (cols[c] >= nf) {
            klar_error_set(err, file, line, "expected at least %d fields, found %d", cols[c] + 1, nf);
            return -1;
        }
    long from, to = OPEN_END;
    r->code = trailing_number(f[cols[C_CODE]]);
    r->county = trailing_number(f[cols[C_COUNTY]]);
    r->end_code = f[cols[C_CODE_END]][0] ? trailing_number(f[cols[C_CODE_END]]) : 0;
    r->weight = 1.0;
    if (r->code <= 0 || r->code > 9999 || r->county < 0 || r->county > 99 || r->end_code < 0 ||
        r->end_code > 9999) {
        klar_error_set(err, file, line, "bad municipality or county code");
        return -1;
    }
    if (klar_parse_long(f[cols[C_YEAR_START]], &from) != 0 ||
        (f[cols[C_YEAR_END]][0] && klar_parse_long(f[cols[C_YEAR_END]], &to) != 0) || to < from) {
        klar_error_set(err, file, line, "bad year_start or year_end");
        return -1;
    }
    if (f[cols[C_WEIGHT]][0] &&
        (klar_parse_double(f[cols[C_WEIGHT]], &r->weight) != 0 || !(r->weight > 0 && r->weight <= 1))) {
        klar_error_set(err, file, line, "bad weighting '%s'", f[cols[C_WEIGHT]]);
        return -1;
    }
    if ((to == OPEN_END) != (r->end_code == 0)) {
        klar_error_set(err, file, line, "a code needs municip_code_end exactly when it has year_end");
        return -1;
    }
    r->from = (int)from;
    r->to = (int)to;
    r->name = klar_text_dup(f[cols[C_NAME]]);
    r->county_name = klar_text_dup(f[cols[C_COUNTY_NAME]]);
    if (!r->name || !r->county_name) {
        free(r->name);
        free(r->county_name);
        klar_error_set(err, file, line, "out of memory");
        return -1;
    }
    return 0;
}

static int read_source(const char *path, source_table *t, klar_error *err)
{
    klar_csv *csv = klar_csv_open(path, ',', err);
    if (!csv)
        return -1;
    int cols[C_COUNT];
    int rc = find_source_columns(csv, cols, err);
    size_t cap = 0;
    while (rc == 0) {
        int nf;
        char **f;
        int r = klar_csv_next(csv, &nf, &f, err);
        if (r <= 0) {
            rc = r;
            break;
        }
        source_row *nr = klar_array_grow(t->rows, &cap, t->n, sizeof *nr);
        if (!nr) {
            klar_error_set(err, path, klar_csv_line(csv), "out of memory");
            rc = -1;
            break;
        }
        t->rows = nr;
        rc = parse_source_row(csv, cols, nf, f, &t->rows[t->n], err);
        if (rc == 0)
            t->n++;
    }
    klar_csv_close(csv);
    return rc;
}

/* Adds (code, weight) to parts, merging with an existing entry for the same code. */
static int add_part(part *parts, int *nparts, int code, double weight, klar_error *err)
{
    for (int i = 0; i < *nparts; i++)
        if (parts[i].code_2020 == code) {
            parts[i].weight += weight;
            return 0;
        }
    if (*nparts == MAX_PARTS) {
        klar_error_set(err, NULL, 0, "a municipality became more than %d municipalities of 2020", MAX_PARTS);
        return -1;
    }
    parts[*nparts].code_2020 = code;
    parts[*nparts].weight = weight;
    (*nparts)++;
    return 0;
}

/* The 2020 code a code still valid in 2020 stands for (Jan Mayen is reported with Svalbard). */
static int code_2020_of_open(int code)
{
    return code == 2200 ? 2100 : code;
}

/* Follows `code` (entered with share `weight`) forward to 2020 codes. Uses the latest period of
 * the code, since a chain runs forward in time. Returns 0, or -1 with err set. */
static int resolve_chain(const source_table *t, int code, double weight, int depth, part *parts,
                         int *nparts, klar_error *err)
{
    if (depth > MAX_CHAIN) {
        klar_error_set(err, NULL, 0, "municipality %04d: chain of mergers too long (a cycle?)", code);
        return -1;
    }
    int latest = -1;
    for (size_t i = 0; i < t->n; i++)
        if (t->rows[i].code == code && t->rows[i].from > latest)
            latest = t->rows[i].from;
    if (latest < 0) {
        klar_error_set(err, NULL, 0, "municipality %04d is named as a successor but not listed", code);
        return -1;
    }
    for (size_t i = 0; i < t->n; i++) {
        const source_row *r = &t->rows[i];
        if (r->code != code || r->from != latest)
            continue;
        int rc = r->end_code == 0 ? add_part(parts, nparts, code_2020_of_open(code), weight, err)
                                  : resolve_chain(t, r->end_code, weight * r->weight, depth + 1, parts,
                                                  nparts, err);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* Writes s as one CSV field, quoted if it holds a comma, quote or line end. */
static void write_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static int same_source_entry(const source_row *a, const source_row *b)
{
    return a->code == b->code && a->from == b->from;
}

/* Writes one line per (code, period, 2020 code); a split source code is resolved once. */
static int write_municipalities(FILE *out, const source_table *t, klar_error *err)
{
    fputs("code,name,valid_from,valid_to,code_2020,weight\n", out);
    for (size_t i = 0; i < t->n; i++) {
        const source_row *r = &t->rows[i];
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = same_source_entry(&t->rows[k], r);
        if (seen)
            continue;
        part parts[MAX_PARTS];
        int nparts = 0;
        for (size_t k = i; k < t->n; k++) {
            const source_row *s = &t->rows[k];
            if (!same_source_entry(s, r))
                continue;
            int rc = s->end_code == 0 ? add_part(parts, &nparts, code_2020_of_open(s->code), 1.0, err)
                                      : resolve_chain(t, s->end_code, s->weight, 1, parts, &nparts, err);
            if (rc != 0)
                return -1;
        }
        for (int p = 0; p < nparts; p++) {
            fprintf(out, "%04d,", r->code);
            write_field(out, r->name);
            if (r->to == OPEN_END)
                fprintf(out, ",%d,,%04d,%.6g\n", r->from, parts[p].code_2020, parts[p].weight);
            else
                fprintf(out, ",%d,%d,%04d,%.6g\n", r->from, r->to, parts[p].code_2020, parts[p].weight);
        }
    }
    fputs("2300,Kontinentalsokkelen,1900,,2300,1\n", out);
    return 0;
}

/* 2020 name of a county as the source spells it, tidied for display. */
static const char *county_display_name(int code, const char *source_name)
{
    if (code == 21)
        return "Svalbard";
    return source_name;
}

static int write_counties(FILE *out, const source_table *t)
{
    fputs("code,name,rhf\n", out);
    for (int code = 1; code <= 99; code++) {
        const char *name = NULL;
        for (size_t i = 0; i < t->n && !name; i++)
            if (t->rows[i].to == OPEN_END && t->rows[i].county == code &&
                code_2020_of_open(t->rows[i].code) == t->rows[i].code)
                name = county_display_name(code, t->rows[i].county_name);
        if (code == 23)
            name = "Kontinentalsokkelen";
        if (!name)
            continue;
        int rhf = klar_rhf_of_county(code);
        fprintf(out, "%02d,", code);
        write_field(out, name);
        fprintf(out, ",%s\n", rhf >= 0 ? klar_rhf_id((klar_rhf)rhf) : "");
    }
    return 0;
}

/* Creates directory path unless it exists. */
static int make_directory(const char *path, klar_error *err)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return 0;
    klar_error_set(err, path, 0, "cannot create directory: %s", strerror(errno));
    return -1;
}

/* out_dir/geo/name into path; 0, or -1 with err set if it does not fit. */
static int output_path(const char *out_dir, const char *name, char *path, size_t size, klar_error *err)
{
    if (snprintf(path, size, "%s/geo/%s", out_dir, name) >= (int)size) {
        klar_error_set(err, out_dir, 0, "path too long");
        return -1;
    }
    return 0;
}

int klar_baseline_build_geo(const char *source_csv, const char *out_dir, klar_error *err)
{
    source_table t = {NULL, 0};
    char dir[4096], path[4096];
    int rc = read_source(source_csv, &t, err);
    if (rc == 0 && snprintf(dir, sizeof dir, "%s/geo", out_dir) >= (int)sizeof dir) {
        klar_error_set(err, out_dir, 0, "path too long");
        rc = -1;
    }
    if (rc == 0)
        rc = make_directory(out_dir, err) == 0 && make_directory(dir, err) == 0 ? 0 : -1;
    if (rc == 0 && output_path(out_dir, "municipalities.csv", path, sizeof path, err) == 0) {
        FILE *fp = klar_file_create(path, err);
        rc = fp ? klar_file_commit(fp, path, write_municipalities(fp, &t, err) == 0, err) : -1;
    } else {
        rc = -1;
    }
    if (rc == 0 && output_path(out_dir, "counties.csv", path, sizeof path, err) == 0) {
        FILE *fp = klar_file_create(path, err);
        rc = fp ? klar_file_commit(fp, path, write_counties(fp, &t) == 0, err) : -1;
    } else {
        rc = -1;
    }
    free_source(&t);
    return rc;
}
