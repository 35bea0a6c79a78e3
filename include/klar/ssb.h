/* ssb.h - importing Statistics Norway table 07459 (population by region, sex and age) from the
 * CSV variants SSB's statbank exports and from PxWebApi JSON-stat2. */
#ifndef KLAR_SSB_H
#define KLAR_SSB_H

#include <stddef.h>
#include "klar/error.h"
#include "klar/geo.h"
#include "klar/poptable.h"

/* Totals of one imported year, for the per-year report a user reads to spot gaps. */
typedef struct klar_ssb_year_total {
    int year;
    double persons;
    double male;
    double female;
    int has_sex;          /* 1 if the file split persons by sex */
    int regions;          /* distinct regions (2020 municipality codes) with rows that year */
} klar_ssb_year_total;

/* Imports one file (format detected from its content), mapping municipality codes of the time
 * to 2020 borders, and appends rows (region = 2020 municipality code) to out.
 * Returns 0, or -1 with "file:line: reason" in err and out unchanged. */
int klar_ssb_import_file(const char *path, const klar_geo *geo, klar_poptable *out, klar_error *err);

/* The same on a buffer in memory; name is used in messages. Never reads past len. */
int klar_ssb_import_buffer(const char *name, const char *data, size_t len, const klar_geo *geo,
                           klar_poptable *out, klar_error *err);

/* What one import read, for notes to the user. */
typedef struct klar_ssb_report {
    long cells;      /* values read */
    long missing;    /* values given as '.', '..', '...', ':', '-' (or null / absent in JSON-stat),
                        counted as 0 persons */
} klar_ssb_report;

/* klar_ssb_import_file that also fills *report (may be NULL). */
int klar_ssb_import_file_report(const char *path, const klar_geo *geo, klar_poptable *out,
                                klar_ssb_report *report, klar_error *err);

/* klar_ssb_import_buffer that also fills *report (may be NULL). */
int klar_ssb_import_buffer_report(const char *name, const char *data, size_t len, const klar_geo *geo,
                                  klar_poptable *out, klar_ssb_report *report, klar_error *err);

/* Per-year totals of a table: fills up to max entries sorted by year, returns their number. */
int klar_ssb_year_totals(const klar_poptable *t, klar_ssb_year_total *totals, int max);

#endif
