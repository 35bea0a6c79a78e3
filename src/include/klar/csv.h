/* csv.h - a small, strict reader for delimited text: quotes, CRLF, any one-byte separator. */
#ifndef KLAR_CSV_H
#define KLAR_CSV_H

#include <stdio.h>
#include "klar/error.h"

#define KLAR_CSV_MAX_FIELDS 64

/* One reader over one stream. The caller owns the stream; klar_csv_close frees only the reader. */
typedef struct klar_csv klar_csv;

/* Opens path for reading with the given separator (',' ';' '\t'). Returns NULL and sets err. */
klar_csv *klar_csv_open(const char *path, char sep, klar_error *err);

/* Wraps an already open stream; name is used in messages. The stream is not closed by the reader. */
klar_csv *klar_csv_from_stream(FILE *fp, const char *name, char sep);

/* Reads the next record. Returns 1 with fields set, 0 at end of file, -1 on error (err set).
 * Fields point into the reader's buffer and stay valid until the next call. Blank lines are skipped. */
int klar_csv_next(klar_csv *csv, int *nfields, char ***fields, klar_error *err);

/* Line number (1-based) where the last record returned started. */
long klar_csv_line(const klar_csv *csv);

/* The name given at open (the path). */
const char *klar_csv_name(const klar_csv *csv);

/* Frees the reader and closes the stream if klar_csv_open opened it. NULL is allowed. */
void klar_csv_close(klar_csv *csv);

/* How klar_csv_read_table reads a table. */
enum {
    KLAR_CSV_COMMENTS = 1,       /* skip records whose first field starts with '#', and a UTF-8
                                    byte order mark (files meant to be edited in a spreadsheet) */
    KLAR_CSV_OPTIONAL_LAST = 2,  /* the header's last column may be left out */
    KLAR_CSV_ANY_CASE = 4        /* header names match whatever their case */
};

/* Called for each data record of a table; returns 0 to go on, or -1 with err set to stop. */
typedef int (*klar_csv_row_fn)(klar_csv *csv, int nfields, char **fields, void *ctx,
                               klar_error *err);

/* Reads the comma-separated file at path: its header must name columns[0..ncolumns-1] in order,
 * then row(ctx) is called for every record after it. flags: KLAR_CSV_* above. Returns 0, or -1
 * with "file:line: reason" in err. */
int klar_csv_read_table(const char *path, const char *const *columns, int ncolumns, int flags,
                        klar_csv_row_fn row, void *ctx, klar_error *err);

/* What klar_csv_split returns when it cannot split a line. */
enum {
    KLAR_CSV_BAD_QUOTE = -1,   /* a quote not closed, or text after a closing quote */
    KLAR_CSV_TOO_MANY = -2     /* more than max_fields fields */
};

/* Splits one line (no newline) into fields in place; returns the field count, or
 * KLAR_CSV_BAD_QUOTE or KLAR_CSV_TOO_MANY. Used by readers that do their own line handling. */
int klar_csv_split(char *line, char sep, char **fields, int max_fields);

/* Parses a whole decimal number (optional sign, no trailing junk). Returns 0 on success. */
int klar_parse_long(const char *s, long *out);

/* Parses a finite floating-point number (no trailing junk). Returns 0 on success. */
int klar_parse_double(const char *s, double *out);

#endif
