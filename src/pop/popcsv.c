/* popcsv.c - the population module's CSV conventions on top of klar_csv: '#' comment lines,
 * a byte order mark before the header, and a header checked column by column. */
#include "popcsv.h"

#include <string.h>

static int is_comment(int nfields, char **fields)
{
    return nfields >= 1 && fields[0][0] == '#';
}

/* Drops a UTF-8 byte order mark (spreadsheets write one) from the first field of a file. */
static void strip_bom(char *field)
{
    if ((unsigned char)field[0] == 0xEF && (unsigned char)field[1] == 0xBB &&
        (unsigned char)field[2] == 0xBF)
        memmove(field, field + 3, strlen(field + 3) + 1);
}

int pop_csv_next(klar_csv *csv, int *nfields, char ***fields, klar_error *err)
{
    int rc;
    while ((rc = klar_csv_next(csv, nfields, fields, err)) == 1) {
        strip_bom((*fields)[0]);
        if (!is_comment(*nfields, *fields))
            return 1;
    }
    return rc;
}

int pop_csv_header(klar_csv *csv, const char *const *columns, int ncolumns, int optional_last,
                   const char *header_text, klar_error *err)
{
    int n;
    char **f;
    int rc = pop_csv_next(csv, &n, &f, err);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        klar_error_set(err, klar_csv_name(csv), 0, "empty file; expected the header '%s'",
                       header_text);
        return -1;
    }
    int ok = n == ncolumns || (optional_last && n == ncolumns - 1);
    for (int i = 0; ok && i < n; i++)
        ok = strcmp(f[i], columns[i]) == 0;
    if (!ok) {
        klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv), "expected the header '%s'",
                       header_text);
        return -1;
    }
    return 0;
}
