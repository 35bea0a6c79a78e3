/* ssb_internal.h - what the SSB importer's modules share: reading labels (region, sex, age,
 * year), and the sink that maps each imported count to 2020 borders and collects rows. */
#ifndef KLAR_SSB_INTERNAL_H
#define KLAR_SSB_INTERNAL_H

#include <stddef.h>

#include "klar/error.h"
#include "klar/geo.h"
#include "klar/poptable.h"
#include "klar/ssb.h"

/* ---- labels (ssb_labels.c) ---- */

/* Results of ssb_region_code. */
enum { SSB_REGION_OK = 0, SSB_REGION_UNREADABLE = -1, SSB_REGION_AGGREGATE = -2 };

/* Reads the municipality code at the start of an SSB region label or code: "K-3001 Halden",
 * "0101 Halden", "3001", "K-21-22 Svalbard and Jan Mayen" (2100), "K-23 ..." (2300),
 * "K-Rest ..." (9999). SSB_REGION_AGGREGATE for the country ("0") or a county ("F-46", "46"). */
int ssb_region_code(const char *text, int *code);

/* KLAR_MALE / KLAR_FEMALE for "Males"/"Females"/"Menn"/"Kvinner" (and singulars), KLAR_SEX_ALL
 * for "Both sexes"/"Begge kjønn", else -1. */
int ssb_sex_label(const char *text);

/* Reads an age label or code: "0 years", "1 year", "105 years or older", "0 år",
 * "105 år eller eldre", "000", "105+", "17". Returns 0 with *age in 0..105, or -1. */
int ssb_age_label(const char *text, int *age);

/* Reads a year column heading or time code: "Persons 2005", "Personer 2005", "2005".
 * Returns 0 with *year, or -1. */
int ssb_year_label(const char *text, int *year);

/* 1 if text is one of SSB's symbols for a missing or confidential value (".", "..", "...",
 * ":", "-"). */
int ssb_is_missing_symbol(const char *text);

/* Reads a count of persons: a whole number 0..999999999 (blanks around it allowed).
 * Returns 0 or -1. */
int ssb_parse_count(const char *text, double *persons);

/* ---- sink (ssb.c) ---- */

/* qsort order of ints, ascending. */
int ssb_compare_ints(const void *a, const void *b);

/* Collects the rows of one import; on success they are appended to the caller's table. */
typedef struct ssb_sink {
    const char *name;        /* file name for messages */
    const klar_geo *geo;
    klar_poptable rows;      /* region = 2020 municipality code */
    long missing;            /* values given as a missing symbol (counted as 0) */
    long cells;              /* values read */
} ssb_sink;

/* Adds `persons` of municipality `code` (as valid in `year`) split onto 2020 municipalities.
 * `line` (CSV) or `where` (a JSON path) locates the value in messages. Returns 0 or -1 with
 * err naming an unknown municipality code. */
int ssb_sink_add(ssb_sink *sink, int year, int code, klar_sex sex, int age, double persons, long line,
                 const char *where, klar_error *err);

/* ---- formats ---- */

/* Imports delimited text (already UTF-8, NUL-terminated, len bytes) into sink. */
int ssb_import_text(ssb_sink *sink, char *text, size_t len, klar_error *err);

/* Imports a JSON-stat2 dataset (len bytes, need not be NUL-terminated) into sink. */
int ssb_import_jsonstat(ssb_sink *sink, const char *data, size_t len, klar_error *err);

#endif
