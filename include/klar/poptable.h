/* poptable.h - population counts as rows of (year, region, sex, age, persons), the exchange
 * format between the SSB importer, the shipped baseline and the projection. */
#ifndef KLAR_POPTABLE_H
#define KLAR_POPTABLE_H

#include <stddef.h>
#include <stdio.h>
#include "klar/error.h"

#define KLAR_MAX_AGE 105          /* the last age group is "105 years or older" */
#define KLAR_AGES (KLAR_MAX_AGE + 1)

typedef enum { KLAR_MALE = 0, KLAR_FEMALE = 1, KLAR_SEX_ALL = 2 } klar_sex;

/* "male", "female" or "all". */
const char *klar_sex_name(klar_sex sex);

typedef struct klar_poprow {
    int year;         /* 1 January of this year */
    int region;       /* 2020-border municipality code, or county code in the county baseline */
    klar_sex sex;
    int age;          /* 0 .. KLAR_MAX_AGE */
    double persons;   /* may be fractional where a split municipality was apportioned */
} klar_poprow;

/* A growable array of rows; the table owns rows. Zero-initialised is a valid empty table. */
typedef struct klar_poptable {
    klar_poprow *rows;
    size_t count;
    size_t capacity;
} klar_poptable;

/* Appends one row; returns 0, or -1 when out of memory. */
int klar_poptable_add(klar_poptable *t, int year, int region, klar_sex sex, int age, double persons);

/* Frees the rows and leaves an empty table. */
void klar_poptable_free(klar_poptable *t);

/* Reads CSV with the header "year,region,sex,age,persons", appending to t. Returns 0, or -1
 * with file, line and reason in err. */
int klar_poptable_read_csv(const char *path, klar_poptable *t, klar_error *err);

/* Writes the header and one line per row (persons without decimals when whole). */
int klar_poptable_write_csv(FILE *out, const klar_poptable *t);

/* Formats a number of persons as the CSV files hold it: no decimals when whole, else up to 4
 * decimals with trailing zeros trimmed. */
void klar_format_persons(double v, char *buf, size_t size);

/* Sums rows with the same (year, region, sex, age) so each key appears once, sorted by them. */
int klar_poptable_collapse(klar_poptable *t);

#endif
