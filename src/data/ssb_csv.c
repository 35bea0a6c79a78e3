/* ssb_csv.c - reading SSB statbank CSV exports of table 07459: ';', tab or ',' separated,
 * quoted or not, LF, CRLF or CR line ends, an optional title line (and blank line) before the
 * header, an optional sex column, one column of persons per year ("Persons 2005",
 * "Personer 2005", "2005"), lines that may end with a separator, and optional footnote lines
 * after a blank line at the end.
 * The text arrives as NUL-terminated UTF-8 that this module may modify. */
#include <stdlib.h>
#include <string.h>

#include "klar/csv.h"
#include "klar/array.h"
#include "ssb_internal.h"
#include "klar/text.h"

#define MAX_PREAMBLE_LINES 10 /* non-blank lines searched for the header */

typedef struct layout {
    int ncols;
    int region_col, sex_col, age_col;
    int nyears;
    int year_col[KLAR_CSV_MAX_FIELDS];
    int year[KLAR_CSV_MAX_FIELDS];
    long header_line;
} layout;

typedef struct line_reader {
    char *p, *end;
    long lineno;
} line_reader;

/* One data row's key, to find rows given twice. */
typedef struct row_key {
    int code;
    int sex;
    int age;
    long line;
} row_key;

/* Cuts the next line (LF, CRLF or CR) out of the text; NULL at the end. The text has a NUL
 * at r->end, so cutting the last line writes inside the buffer. */
static char *next_line(line_reader *r)
{
    if (r->p >= r->end)
        return NULL;
    char *line = r->p;
    char *q = line;
    while (q < r->end && *q != '\n' && *q != '\r')
        q++;
    char *next = q;
    if (next < r->end)
        next += (*next == '\r' && next + 1 < r->end && next[1] == '\n') ? 2 : 1;
    *q = '\0';
    r->p = next;
    r->lineno++;
    return line;
}

static int is_blank_line(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return 0;
    return 1;
}

static int is_region_heading(const char *folded)
{
    return strcmp(folded, "region") == 0 || strcmp(folded, "kommune") == 0 ||
           strcmp(folded, "municipality") == 0;
}

static int is_sex_heading(const char *folded)
{
    return strcmp(folded, "sex") == 0 || strcmp(folded, "kjønn") == 0 || strcmp(folded, "kjonn") == 0;
}

static int is_age_heading(const char *folded)
{
    return strcmp(folded, "age") == 0 || strcmp(folded, "alder") == 0;
}

/* 1 if these fields look like the header: both a region and an age column. (A title such as
 * 07459: Population, by region, age, ... split at its commas has an "age" but no "region".) */
static int looks_like_header(char **f, int nf)
{
    int region = 0, age = 0;
    char folded[128];
    for (int i = 0; i < nf; i++) {
        klar_text_fold(f[i], folded, sizeof folded);
        region |= is_region_heading(folded);
        age |= is_age_heading(folded);
    }
    return region && age;
}

/* Sets the column to i unless it is already set; reports a repeated column. */
static int claim_column(int *col, int i, const char *heading, const char *name, long line, klar_error *err)
{
    if (*col >= 0) {
        klar_error_set(err, name, line, "column '%s' appears twice in the header", heading);
        return -1;
    }
    *col = i;
    return 0;
}

/* Reads the header's columns strictly into lay. */
static int classify_header(char **f, int nf, const char *name, long line, layout *lay, klar_error *err)
{
    memset(lay, 0, sizeof *lay);
    lay->ncols = nf;
    lay->region_col = lay->sex_col = lay->age_col = -1;
    lay->header_line = line;
    char folded[128];
    for (int i = 0; i < nf; i++) {
        klar_text_fold(f[i], folded, sizeof folded);
        int year, rc = 0;
        if (is_region_heading(folded))
            rc = claim_column(&lay->region_col, i, f[i], name, line, err);
        else if (is_sex_heading(folded))
            rc = claim_column(&lay->sex_col, i, f[i], name, line, err);
        else if (is_age_heading(folded))
            rc = claim_column(&lay->age_col, i, f[i], name, line, err);
        else if (ssb_year_label(f[i], &year) == 0) {
            for (int k = 0; k < lay->nyears; k++)
                if (lay->year[k] == year) {
                    klar_error_set(err, name, line, "year %d appears twice in the header", year);
                    return -1;
                }
            lay->year_col[lay->nyears] = i;
            lay->year[lay->nyears++] = year;
        } else if (f[i][0] == '\0' && i == nf - 1 && i > 0) {
            /* an empty last column: the lines end with a separator */
        } else {
            klar_error_set(err, name, line,
                           "unknown column '%s' in the header (expected region, sex, age and "
                           "one column per year such as 'Persons 2022')", f[i]);
            return -1;
        }
        if (rc != 0)
            return -1;
    }
    if (lay->region_col < 0 || lay->age_col < 0 || lay->nyears == 0) {
        klar_error_set(err, name, line, "the header needs a region column, an age column and at least one "
                                        "year column such as 'Persons 2022'");
        return -1;
    }
    return 0;
}

/* Splits a copy of line with sep; returns the field count (or -1) and the copy in *copy. */
static int split_copy(const char *line, char sep, char **copy, char **f)
{
    *copy = klar_text_dup(line);
    if (!*copy)
        return -1;
    return klar_csv_split(*copy, sep, f, KLAR_CSV_MAX_FIELDS);
}

/* Finds the header among the first lines, choosing the separator that splits it into the
 * most fields. Leaves the reader after the header. */
static int find_header(ssb_sink *sink, line_reader *r, char *sep, layout *lay, klar_error *err)
{
    static const char seps[] = {';', '\t', ','};
    long first_line = 0;
    for (int seen = 0; seen < MAX_PREAMBLE_LINES;) {
        char *line = next_line(r);
        if (!line)
            break;
        if (is_blank_line(line))
            continue;
        if (!first_line)
            first_line = r->lineno;
        seen++;
        int best_n = 0;
        char best_sep = 0;
        for (size_t s = 0; s < sizeof seps; s++) {
            char *copy, *f[KLAR_CSV_MAX_FIELDS];
            int nf = split_copy(line, seps[s], &copy, f);
            if (!copy) {
                klar_error_set(err, sink->name, r->lineno, "out of memory");
                return -1;
            }
            if (nf > best_n && looks_like_header(f, nf)) {
                best_n = nf;
                best_sep = seps[s];
            }
            free(copy);
        }
        if (best_sep) {
            char *f[KLAR_CSV_MAX_FIELDS];
            int nf = klar_csv_split(line, best_sep, f, KLAR_CSV_MAX_FIELDS);
            *sep = best_sep;
            return classify_header(f, nf, sink->name, r->lineno, lay, err);
        }
    }
    if (!first_line)
        klar_error_set(err, sink->name, 0, "empty file: no header and no data");
    else
        klar_error_set(err, sink->name, first_line,
                       "no header line found (expected a line such as \"region\";\"sex\";\"age\";\"Persons 2022\" "
                       "within the first %d lines)", MAX_PREAMBLE_LINES);
    return -1;
}

/* 1 if the line has an odd number of double quotes (an unterminated quoted field). */
static int has_unbalanced_quotes(const char *s)
{
    size_t quotes = 0;
    for (; *s; s++)
        quotes += *s == '"';
    return quotes % 2 == 1;
}

/* Reads the region, sex and age of one data row. */
static int read_row_key(ssb_sink *sink, const layout *lay, char **f, long line, row_key *key, klar_error *err)
{
    int rc = ssb_region_code(f[lay->region_col], &key->code);
    if (rc == SSB_REGION_AGGREGATE) {
        klar_error_set(err, sink->name, line,
                       "region '%s' is a total for the country or a county; klar imports municipalities "
                       "(e.g. 'K-3001 Halden')", f[lay->region_col]);
        return -1;
    }
    if (rc != SSB_REGION_OK) {
        klar_error_set(err, sink->name, line,
                       "cannot read region '%s' (expected a municipality such as 'K-3001 Halden' or "
                       "'0101 Halden')", f[lay->region_col]);
        return -1;
    }
    key->sex = KLAR_SEX_ALL;
    if (lay->sex_col >= 0) {
        key->sex = ssb_sex_label(f[lay->sex_col]);
        if (key->sex != KLAR_MALE && key->sex != KLAR_FEMALE) {
            klar_error_set(err, sink->name, line, "unknown sex '%s' (expected Males or Females, Menn or Kvinner)",
                           f[lay->sex_col]);
            return -1;
        }
    }
    if (ssb_age_label(f[lay->age_col], &key->age) != 0) {
        klar_error_set(err, sink->name, line,
                       "unknown age '%s' (expected e.g. '0 years', '1 year', '105 years or older', "
                       "'0 år' or '105 år eller eldre')", f[lay->age_col]);
        return -1;
    }
    key->line = line;
    return 0;
}

/* Reads the persons of every year column of one data row into the sink. */
static int read_row_values(ssb_sink *sink, const layout *lay, char **f, const row_key *key, klar_error *err)
{
    for (int k = 0; k < lay->nyears; k++) {
        const char *v = f[lay->year_col[k]];
        double persons;
        sink->cells++;
        if (ssb_is_missing_symbol(v)) {
            sink->missing++;
            persons = 0;
        } else if (ssb_parse_count(v, &persons) != 0) {
            klar_error_set(err, sink->name, key->line,
                           "persons '%s' for %d is not a whole number (or a missing-value symbol such as '..')",
                           v, lay->year[k]);
            return -1;
        }
        if (ssb_sink_add(sink, lay->year[k], key->code, (klar_sex)key->sex, key->age, persons, key->line, NULL,
                         err) != 0)
            return -1;
    }
    return 0;
}

static int compare_row_keys(const void *a, const void *b)
{
    const row_key *x = a, *y = b;
    if (x->code != y->code)
        return x->code < y->code ? -1 : 1;
    if (x->sex != y->sex)
        return x->sex < y->sex ? -1 : 1;
    if (x->age != y->age)
        return x->age < y->age ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Reports the first region, sex and age given on two lines. */
static int check_duplicates(ssb_sink *sink, row_key *keys, size_t n, klar_error *err)
{
    qsort(keys, n, sizeof *keys, compare_row_keys);
    long worst_line = 0;
    size_t worst = 0;
    for (size_t i = 1; i < n; i++)
        if (keys[i].code == keys[i - 1].code && keys[i].sex == keys[i - 1].sex && keys[i].age == keys[i - 1].age &&
            (worst_line == 0 || keys[i].line < worst_line)) {
            worst_line = keys[i].line;
            worst = i;
        }
    if (worst_line == 0)
        return 0;
    klar_error_set(err, sink->name, worst_line, "region %04d, sex %s, age %d is given twice (first on line %ld)",
                   keys[worst].code, klar_sex_name((klar_sex)keys[worst].sex), keys[worst].age,
                   keys[worst - 1].line);
    return -1;
}

/* Remembers one row's key, growing the array as needed. */
static int push_key(row_key **keys, size_t *n, size_t *cap, const row_key *key)
{
    row_key *nk = klar_array_grow(*keys, cap, *n, sizeof *nk);
    if (!nk)
        return -1;
    *keys = nk;
    (*keys)[(*n)++] = *key;
    return 0;
}

/* Reads the data lines after the header. Footnotes (one field per line) may follow a blank
 * line at the end. */
static int read_data(ssb_sink *sink, line_reader *r, char sep, const layout *lay, klar_error *err)
{
    row_key *keys = NULL;
    size_t nkeys = 0, cap = 0;
    int blank_after_data = 0, in_footnotes = 0, rc = 0;
    char *line;
    while (rc == 0 && (line = next_line(r)) != NULL) {
        if (is_blank_line(line)) {
            blank_after_data = nkeys > 0;
            continue;
        }
        char *f[KLAR_CSV_MAX_FIELDS];
        int unbalanced = has_unbalanced_quotes(line);
        int nf = klar_csv_split(line, sep, f, KLAR_CSV_MAX_FIELDS);
        if (nf < 0) {
            if (unbalanced)
                klar_error_set(err, sink->name, r->lineno, "unterminated quote");
            else
                klar_error_set(err, sink->name, r->lineno,
                               "malformed quoting (text after a closing quote) or more than %d fields",
                               KLAR_CSV_MAX_FIELDS);
            rc = -1;
            break;
        }
        if (nf == 1 && (blank_after_data || in_footnotes)) {
            in_footnotes = 1;
            continue;
        }
        if (nf != lay->ncols) {
            klar_error_set(err, sink->name, r->lineno,
                           "expected %d fields as in the header on line %ld, found %d (truncated line?)",
                           lay->ncols, lay->header_line, nf);
            rc = -1;
            break;
        }
        if (in_footnotes) {
            klar_error_set(err, sink->name, r->lineno, "data after the footnotes at the end of the file");
            rc = -1;
            break;
        }
        row_key key;
        rc = read_row_key(sink, lay, f, r->lineno, &key, err);
        if (rc == 0)
            rc = read_row_values(sink, lay, f, &key, err);
        if (rc == 0 && push_key(&keys, &nkeys, &cap, &key) != 0) {
            klar_error_set(err, sink->name, r->lineno, "out of memory");
            rc = -1;
        }
    }
    if (rc == 0 && nkeys == 0) {
        klar_error_set(err, sink->name, lay->header_line, "a header but no data lines");
        rc = -1;
    }
    if (rc == 0)
        rc = check_duplicates(sink, keys, nkeys, err);
    free(keys);
    return rc;
}

int ssb_import_text(ssb_sink *sink, char *text, size_t len, klar_error *err)
{
    line_reader r = {text, text + len, 0};
    layout lay;
    char sep = 0;
    if (find_header(sink, &r, &sep, &lay, err) != 0)
        return -1;
    return read_data(sink, &r, sep, &lay, err);
}
