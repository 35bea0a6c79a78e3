/* popcsv.h - internal to src/pop: reading the population module's own CSV files, which may
 * carry '#' comment lines (each file says its basis) and a spreadsheet's byte order mark. */
#ifndef KLAR_POP_POPCSV_H
#define KLAR_POP_POPCSV_H

#include "klar/csv.h"

/* Reads the next record that is not a '#' comment: 1, 0 at end of file, -1 with err set. */
int pop_csv_next(klar_csv *csv, int *nfields, char ***fields, klar_error *err);

/* Reads the header and checks its names against columns[0..ncolumns-1]; with optional_last the
 * last column may be left out. header_text is quoted in the message. Returns 0 or -1. */
int pop_csv_header(klar_csv *csv, const char *const *columns, int ncolumns, int optional_last,
                   const char *header_text, klar_error *err);

#endif
