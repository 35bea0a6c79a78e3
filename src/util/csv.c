/* csv.c - reading delimited text records: quoted fields, doubled quotes, CRLF, blank lines.
 *
 * A record is one physical line; a quoted field may not span lines (no klar format needs it,
 * and refusing it keeps line numbers in messages exact). The reader owns one growing line
 * buffer; fields returned by klar_csv_next point into it. */
#include "klar/csv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct klar_csv {
    FILE *fp;
    int owns_fp;
    char sep;
    char *name;
    char *line;
    size_t cap;
    long lineno;
    char *fields[KLAR_CSV_MAX_FIELDS];
};

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static klar_csv *csv_new(FILE *fp, int owns_fp, const char *name, char sep)
{
    klar_csv *csv = calloc(1, sizeof *csv);
    if (!csv)
        return NULL;
    csv->name = dup_string(name ? name : "<stream>");
    if (!csv->name) {
        free(csv);
        return NULL;
    }
    csv->fp = fp;
    csv->owns_fp = owns_fp;
    csv->sep = sep;
    return csv;
}

klar_csv *klar_csv_open(const char *path, char sep, klar_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        klar_error_set(err, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    klar_csv *csv = csv_new(fp, 1, path, sep);
    if (!csv) {
        fclose(fp);
        klar_error_set(err, path, 0, "out of memory");
    }
    return csv;
}

klar_csv *klar_csv_from_stream(FILE *fp, const char *name, char sep)
{
    return csv_new(fp, 0, name, sep);
}

/* Reads one physical line without its line end into csv->line. Returns length, or -1 at EOF. */
static long read_line(klar_csv *csv)
{
    size_t len = 0;
    int c;
    while ((c = getc(csv->fp)) != EOF) {
        if (len + 2 > csv->cap) {
            size_t ncap = csv->cap ? csv->cap * 2 : 256;
            char *n = realloc(csv->line, ncap);
            if (!n)
                return -2;
            csv->line = n;
            csv->cap = ncap;
        }
        if (c == '\n')
            break;
        csv->line[len++] = (char)c;
    }
    if (c == EOF && len == 0)
        return -1;
    if (len > 0 && csv->line[len - 1] == '\r')
        len--;
    if (!csv->line) {
        csv->line = malloc(1);
        if (!csv->line)
            return -2;
        csv->cap = 1;
    }
    csv->line[len] = '\0';
    return (long)len;
}

int klar_csv_split(char *line, char sep, char **fields, int max_fields)
{
    int n = 0;
    char *r = line;
    for (;;) {
        if (n == max_fields)
            return KLAR_CSV_TOO_MANY;
        char *w = r;
        fields[n++] = w;
        if (*r == '"') {
            r++;
            for (;;) {
                if (*r == '\0')
                    return KLAR_CSV_BAD_QUOTE; /* unterminated quote */
                if (*r == '"') {
                    if (r[1] == '"') {
                        *w++ = '"';
                        r += 2;
                        continue;
                    }
                    r++;
                    break;
                }
                *w++ = *r++;
            }
            if (*r != sep && *r != '\0')
                return KLAR_CSV_BAD_QUOTE; /* text after closing quote */
        } else {
            while (*r != sep && *r != '\0')
                *w++ = *r++;
        }
        if (*r == '\0') {
            *w = '\0';
            return n;
        }
        r++; /* skip separator */
        *w = '\0';
    }
}

int klar_csv_next(klar_csv *csv, int *nfields, char ***fields, klar_error *err)
{
    for (;;) {
        long len = read_line(csv);
        if (len == -2) {
            klar_error_set(err, csv->name, csv->lineno + 1, "out of memory");
            return -1;
        }
        if (len == -1)
            return 0;
        csv->lineno++;
        if (len == 0)
            continue;
        if (memchr(csv->line, '\0', (size_t)len)) {
            klar_error_set(err, csv->name, csv->lineno, "NUL byte in text (is this a binary file?)");
            return -1;
        }
        int n = klar_csv_split(csv->line, csv->sep, csv->fields, KLAR_CSV_MAX_FIELDS);
        if (n == KLAR_CSV_BAD_QUOTE) {
            klar_error_set(err, csv->name, csv->lineno,
                           "malformed quoting (a quote not closed, or text after a closing quote)");
            return -1;
        }
        if (n < 0) {
            klar_error_set(err, csv->name, csv->lineno, "more than %d fields", KLAR_CSV_MAX_FIELDS);
            return -1;
        }
        *nfields = n;
        *fields = csv->fields;
        return 1;
    }
}

long klar_csv_line(const klar_csv *csv)
{
    return csv->lineno;
}

const char *klar_csv_name(const klar_csv *csv)
{
    return csv->name;
}

void klar_csv_close(klar_csv *csv)
{
    if (!csv)
        return;
    if (csv->owns_fp && csv->fp)
        fclose(csv->fp);
    free(csv->line);
    free(csv->name);
    free(csv);
}

int klar_parse_long(const char *s, long *out)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end != '\0')
        return -1;
    *out = v;
    return 0;
}

int klar_parse_double(const char *s, double *out)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* ---- tables with a known header ---------------------------------------------------------- */

/* The next record, skipping '#' comments and a leading byte order mark when flags ask. */
static int next_table_record(klar_csv *csv, int flags, int *n, char ***f, klar_error *err)
{
    int rc;
    while ((rc = klar_csv_next(csv, n, f, err)) == 1) {
        if (!(flags & KLAR_CSV_COMMENTS))
            return 1;
        char *first = (*f)[0];
        if (csv->lineno == 1 && strncmp(first, "\xEF\xBB\xBF", 3) == 0)
            memmove(first, first + 3, strlen(first + 3) + 1);
        if (first[0] != '#')
            return 1;
    }
    return rc;
}

/* "a,b,c" from the column names, for messages. */
static void header_text(const char *const *columns, int ncolumns, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < ncolumns; i++) {
        strncat(buf, columns[i], size - strlen(buf) - 1);
        if (i + 1 < ncolumns)
            strncat(buf, ",", size - strlen(buf) - 1);
    }
}

static int check_table_header(klar_csv *csv, const char *const *columns, int ncolumns, int flags,
                              klar_error *err)
{
    char want[512];
    header_text(columns, ncolumns, want, sizeof want);
    int n;
    char **f;
    int rc = next_table_record(csv, flags, &n, &f, err);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        klar_error_set(err, csv->name, 0, "empty file; expected the header '%s'", want);
        return -1;
    }
    int count_ok = n == ncolumns || ((flags & KLAR_CSV_OPTIONAL_LAST) && n == ncolumns - 1);
    for (int i = 0; count_ok && i < n; i++) {
        int same = (flags & KLAR_CSV_ANY_CASE) ? strcasecmp(f[i], columns[i]) == 0
                                               : strcmp(f[i], columns[i]) == 0;
        if (!same) {
            klar_error_set(err, csv->name, csv->lineno, "expected the header '%s', not '%s' in "
                           "column %d", want, f[i], i + 1);
            return -1;
        }
    }
    if (!count_ok) {
        klar_error_set(err, csv->name, csv->lineno, "expected the header '%s' (%d columns, not %d)",
                       want, ncolumns, n);
        return -1;
    }
    return 0;
}

int klar_csv_read_table(const char *path, const char *const *columns, int ncolumns, int flags,
                        klar_csv_row_fn row, void *ctx, klar_error *err)
{
    klar_csv *csv = klar_csv_open(path, ',', err);
    if (!csv)
        return -1;
    int rc = check_table_header(csv, columns, ncolumns, flags, err);
    while (rc == 0) {
        int n;
        char **f;
        int got = next_table_record(csv, flags, &n, &f, err);
        if (got <= 0) {
            rc = got;
            break;
        }
        rc = row(csv, n, f, ctx, err);
    }
    klar_csv_close(csv);
    return rc;
}
