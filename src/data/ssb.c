/* ssb.c - the SSB table 07459 importer's entry points: reading a file, detecting its format
 * (JSON-stat2 or delimited text) and encoding (UTF-8, else ISO-8859-1), mapping every count
 * to 2020 municipalities through the geo table, and per-year totals for the user's report.
 *
 * Missing-value symbols ('.', '..', '...', ':', '-') are counted as 0 persons and reported
 * in klar_ssb_report.missing so that the caller can tell the user. */
#include "klar/ssb.h"
#include "klar/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssb_internal.h"
#include "klar/text.h"

#define MAX_FILE_BYTES ((size_t)512 * 1024 * 1024)

int ssb_sink_add(ssb_sink *sink, int year, int code, klar_sex sex, int age, double persons, long line,
                 const char *where, klar_error *err)
{
    int codes[KLAR_GEO_MAX_SPLIT];
    double weights[KLAR_GEO_MAX_SPLIT];
    int n = klar_geo_map_2020(sink->geo, code, year, codes, weights, KLAR_GEO_MAX_SPLIT);
    if (n == 0) {
        if (where)
            klar_error_set(err, sink->name, 0, "%s: unknown municipality code %04d (year %d)", where, code, year);
        else
            klar_error_set(err, sink->name, line, "unknown municipality code %04d (year %d)", code, year);
        return -1;
    }
    for (int i = 0; i < n; i++)
        if (klar_poptable_add(&sink->rows, year, codes[i], sex, age, persons * weights[i]) != 0) {
            klar_error_set(err, sink->name, line, "out of memory");
            return -1;
        }
    return 0;
}

/* Skips a UTF-8 byte order mark and leading blanks; returns the first other byte or -1. */
static int first_significant_byte(const char *data, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    return i < len ? (unsigned char)data[i] : -1;
}

/* Line number (1-based) of byte offset pos. */
static long line_of_offset(const char *data, size_t pos)
{
    long line = 1;
    for (size_t i = 0; i < pos; i++)
        if (data[i] == '\n')
            line++;
    return line;
}

/* A NUL-terminated UTF-8 copy of delimited text: as is when valid UTF-8 (without a BOM),
 * else converted from ISO-8859-1. Rejects NUL bytes (binary files). */
static char *text_as_utf8(const char *name, const char *data, size_t len, size_t *outlen, klar_error *err)
{
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        klar_error_set(err, name, line_of_offset(data, (size_t)(nul - data)),
                       "NUL byte in the text; this is not a CSV export (binary file?)");
        return NULL;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    char *text;
    if (klar_text_is_utf8(data, len)) {
        text = malloc(len + 1);
        if (text) {
            memcpy(text, data, len);
            text[len] = '\0';
            *outlen = len;
        }
    } else {
        text = klar_text_latin1_to_utf8(data, len, outlen);
    }
    if (!text)
        klar_error_set(err, name, 0, "out of memory");
    return text;
}

/* Appends all rows of src to dst; on failure dst keeps its old rows. */
static int append_rows(klar_poptable *dst, const klar_poptable *src)
{
    size_t old = dst->count;
    for (size_t i = 0; i < src->count; i++) {
        const klar_poprow *r = &src->rows[i];
        if (klar_poptable_add(dst, r->year, r->region, r->sex, r->age, r->persons) != 0) {
            dst->count = old;
            return -1;
        }
    }
    return 0;
}

int klar_ssb_import_buffer_report(const char *name, const char *data, size_t len, const klar_geo *geo,
                                  klar_poptable *out, klar_ssb_report *report, klar_error *err)
{
    if (!name)
        name = "<buffer>";
    if (report)
        memset(report, 0, sizeof *report);
    int first = len > 0 ? first_significant_byte(data, len) : -1;
    if (first < 0) {
        klar_error_set(err, name, 0, "empty file: no header and no data");
        return -1;
    }
    ssb_sink sink;
    memset(&sink, 0, sizeof sink);
    sink.name = name;
    sink.geo = geo;
    int rc;
    if (first == '{' || first == '[') {
        rc = ssb_import_jsonstat(&sink, data, len, err);
    } else {
        size_t tlen = 0;
        char *text = text_as_utf8(name, data, len, &tlen, err);
        rc = text ? ssb_import_text(&sink, text, tlen, err) : -1;
        free(text);
    }
    if (rc == 0 && append_rows(out, &sink.rows) != 0) {
        klar_error_set(err, name, 0, "out of memory");
        rc = -1;
    }
    if (rc == 0 && report) {
        report->cells = sink.cells;
        report->missing = sink.missing;
    }
    klar_poptable_free(&sink.rows);
    return rc;
}

int klar_ssb_import_buffer(const char *name, const char *data, size_t len, const klar_geo *geo,
                           klar_poptable *out, klar_error *err)
{
    return klar_ssb_import_buffer_report(name, data, len, geo, out, NULL, err);
}

int klar_ssb_import_file_report(const char *path, const klar_geo *geo, klar_poptable *out,
                                klar_ssb_report *report, klar_error *err)
{
    size_t len = 0;
    char *data = klar_file_read(path, MAX_FILE_BYTES, &len, err);
    if (!data)
        return -1;
    int rc = klar_ssb_import_buffer_report(path, data, len, geo, out, report, err);
    free(data);
    return rc;
}

int klar_ssb_import_file(const char *path, const klar_geo *geo, klar_poptable *out, klar_error *err)
{
    return klar_ssb_import_file_report(path, geo, out, NULL, err);
}

/* ---- per-year totals ---------------------------------------------------------------------- */

/* Index of year in totals[0..n), inserting it in order when absent and room is left; -1 if
 * there is no room. */
static int year_slot(klar_ssb_year_total *totals, int *n, int max, int year)
{
    int i = 0;
    while (i < *n && totals[i].year < year)
        i++;
    if (i < *n && totals[i].year == year)
        return i;
    if (*n == max)
        return -1;
    memmove(&totals[i + 1], &totals[i], (size_t)(*n - i) * sizeof *totals);
    memset(&totals[i], 0, sizeof *totals);
    totals[i].year = year;
    (*n)++;
    return i;
}

int ssb_compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Number of distinct regions among the rows of `year`. */
static int count_regions(const klar_poptable *t, int year)
{
    int *codes = malloc((t->count ? t->count : 1) * sizeof *codes);
    if (!codes)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < t->count; i++)
        if (t->rows[i].year == year)
            codes[n++] = t->rows[i].region;
    qsort(codes, n, sizeof *codes, ssb_compare_ints);
    int distinct = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || codes[i] != codes[i - 1])
            distinct++;
    free(codes);
    return distinct;
}

int klar_ssb_year_totals(const klar_poptable *t, klar_ssb_year_total *totals, int max)
{
    int n = 0;
    for (size_t i = 0; i < t->count; i++) {
        const klar_poprow *r = &t->rows[i];
        int k = year_slot(totals, &n, max, r->year);
        if (k < 0)
            continue;
        totals[k].persons += r->persons;
        if (r->sex == KLAR_MALE)
            totals[k].male += r->persons;
        else if (r->sex == KLAR_FEMALE)
            totals[k].female += r->persons;
        if (r->sex != KLAR_SEX_ALL)
            totals[k].has_sex = 1;
    }
    for (int k = 0; k < n; k++)
        totals[k].regions = count_regions(t, totals[k].year);
    return n;
}
