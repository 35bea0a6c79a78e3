/* poptable.c - population rows (year, region, sex, age, persons): a growable array, reading and
 * writing the CSV exchange format "year,region,sex,age,persons", and collapsing duplicate keys. */
#include "klar/poptable.h"
#include "klar/array.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "klar/csv.h"

static const char *const sex_names[] = {"male", "female", "all"};

const char *klar_sex_name(klar_sex sex)
{
    return (sex >= KLAR_MALE && sex <= KLAR_SEX_ALL) ? sex_names[sex] : "?";
}

/* The sex named `s` ("male", "female", "all"), or -1. */
static int parse_sex(const char *s)
{
    for (int i = 0; i <= KLAR_SEX_ALL; i++)
        if (strcmp(s, sex_names[i]) == 0)
            return i;
    return -1;
}

int klar_poptable_add(klar_poptable *t, int year, int region, klar_sex sex, int age, double persons)
{
    klar_poprow *n = klar_array_grow(t->rows, &t->capacity, t->count, sizeof *n);
    if (!n)
        return -1;
    t->rows = n;
    klar_poprow *r = &t->rows[t->count++];
    r->year = year;
    r->region = region;
    r->sex = sex;
    r->age = age;
    r->persons = persons;
    return 0;
}

void klar_poptable_free(klar_poptable *t)
{
    free(t->rows);
    t->rows = NULL;
    t->count = 0;
    t->capacity = 0;
}

/* Parses one data record into a row; returns 0 or -1 with err naming the field. */
static int parse_row(const char *file, long line, int nf, char **f, klar_poprow *row, klar_error *err)
{
    long year, region, age;
    double persons;
    if (nf != 5) {
        klar_error_set(err, file, line, "expected 5 fields (year,region,sex,age,persons), found %d", nf);
        return -1;
    }
    if (klar_parse_long(f[0], &year) != 0 || year < 1000 || year > 9999) {
        klar_error_set(err, file, line, "bad year '%s'", f[0]);
        return -1;
    }
    if (klar_parse_long(f[1], &region) != 0 || region < 0 || region > 9999) {
        klar_error_set(err, file, line, "bad region code '%s'", f[1]);
        return -1;
    }
    int sex = parse_sex(f[2]);
    if (sex < 0) {
        klar_error_set(err, file, line, "bad sex '%s' (use male, female or all)", f[2]);
        return -1;
    }
    if (klar_parse_long(f[3], &age) != 0 || age < 0 || age > KLAR_MAX_AGE) {
        klar_error_set(err, file, line, "bad age '%s' (0 to %d)", f[3], KLAR_MAX_AGE);
        return -1;
    }
    if (klar_parse_double(f[4], &persons) != 0 || persons < 0) {
        klar_error_set(err, file, line, "bad persons '%s' (a number >= 0)", f[4]);
        return -1;
    }
    row->year = (int)year;
    row->region = (int)region;
    row->sex = (klar_sex)sex;
    row->age = (int)age;
    row->persons = persons;
    return 0;
}

/* klar_csv_read_table's row callback: one record into the table given as ctx. */
static int add_csv_row(klar_csv *csv, int nf, char **f, void *ctx, klar_error *err)
{
    klar_poprow row;
    if (parse_row(klar_csv_name(csv), klar_csv_line(csv), nf, f, &row, err) != 0)
        return -1;
    if (klar_poptable_add(ctx, row.year, row.region, row.sex, row.age, row.persons) != 0) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv), "out of memory");
        return -1;
    }
    return 0;
}

int klar_poptable_read_csv(const char *path, klar_poptable *t, klar_error *err)
{
    static const char *const columns[] = {"year", "region", "sex", "age", "persons"};
    size_t old_count = t->count;
    int rc = klar_csv_read_table(path, columns, 5, 0, add_csv_row, t, err);
    if (rc != 0)
        t->count = old_count;
    return rc;
}

void klar_format_persons(double v, char *buf, size_t size)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, size, "%.0f", v);
        return;
    }
    snprintf(buf, size, "%.4f", v);
    char *dot = strchr(buf, '.');
    if (!dot)
        return;
    char *end = buf + strlen(buf);
    while (end > dot + 1 && end[-1] == '0')
        *--end = '\0';
    if (end == dot + 1)
        *dot = '\0';
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, size, "0");
}

int klar_poptable_write_csv(FILE *out, const klar_poptable *t)
{
    if (fputs("year,region,sex,age,persons\n", out) == EOF)
        return -1;
    char num[64];
    for (size_t i = 0; i < t->count; i++) {
        const klar_poprow *r = &t->rows[i];
        klar_format_persons(r->persons, num, sizeof num);
        /* municipality codes keep their four digits (0301 Oslo), county codes two (03 Oslo) */
        int digits = r->region < 100 ? 2 : 4;
        if (fprintf(out, "%d,%0*d,%s,%d,%s\n", r->year, digits, r->region, klar_sex_name(r->sex), r->age,
                    num) < 0)
            return -1;
    }
    return ferror(out) ? -1 : 0;
}

static int compare_keys(const void *a, const void *b)
{
    const klar_poprow *x = a, *y = b;
    if (x->year != y->year)
        return x->year < y->year ? -1 : 1;
    if (x->region != y->region)
        return x->region < y->region ? -1 : 1;
    if (x->sex != y->sex)
        return x->sex < y->sex ? -1 : 1;
    return (x->age > y->age) - (x->age < y->age);
}

int klar_poptable_collapse(klar_poptable *t)
{
    if (t->count == 0)
        return 0;
    qsort(t->rows, t->count, sizeof *t->rows, compare_keys);
    size_t w = 0;
    for (size_t i = 1; i < t->count; i++) {
        if (compare_keys(&t->rows[w], &t->rows[i]) == 0)
            t->rows[w].persons += t->rows[i].persons;
        else
            t->rows[++w] = t->rows[i];
    }
    t->count = w + 1;
    return 0;
}
