/* export.h - records as spreadsheets: a JSON array of records (as klar_record_list gives
 * them) as CSV text or as an XLSX workbook, one row per record and a column per member, in
 * the order of the first record's members. Numbers stay numbers (a dot for decimals in CSV),
 * booleans are TRUE/FALSE, lists are joined with "; ", a {value, unit} quantity gives its
 * value, null is an empty cell. Knows nothing of HTTP. */
#ifndef KLAR_EXPORT_H
#define KLAR_EXPORT_H

#include <stddef.h>

#include "klar/error.h"

struct json_t;

/* records as CSV (UTF-8 with a byte-order mark, which Excel needs to read it as such; RFC
 * 4180: commas, quotes doubled, CRLF between rows, a header row of the
 * member names; a text that starts like a formula (= + - @) gets a ' in front, so that opening
 * the file in a spreadsheet runs nothing): a malloc'd text of *len bytes, or NULL with err. */
char *klar_export_csv(const struct json_t *records, size_t *len, klar_error *err);

/* records as an XLSX workbook with one sheet named sheet (at most 31 characters; the header
 * row bold and frozen; a text over a cell's 32 767 characters cut, ending " [...]") written
 * to the file path. 0, or -1 with err. */
int klar_export_xlsx(const struct json_t *records, const char *sheet, const char *path,
                     klar_error *err);

/* One sheet of a workbook: its name (at most 31 characters) and its records (as above). */
typedef struct klar_export_sheet {
    const char *name;
    const struct json_t *records;
} klar_export_sheet;

/* The n sheets, in order, as one XLSX workbook written to path (each as klar_export_xlsx
 * writes its one). 0, or -1 with err. */
int klar_export_xlsx_sheets(const klar_export_sheet *sheets, size_t n, const char *path,
                            klar_error *err);

#endif
