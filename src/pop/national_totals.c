/* national_totals.c - Norway's official population on 1 January by year (SSB table 05803),
 * read from the shipped national_totals.csv: the yardstick for incomplete exports. */
#include "klar/population.h"

#include <stdio.h>
#include <string.h>

#include "klar/csv.h"
#include "klar/file.h"

static int add_total_row(klar_csv *csv, int n, char **f, void *ctx, klar_error *err)
{
    klar_national_totals *t = ctx;
    const char *path = klar_csv_name(csv);
    long line = klar_csv_line(csv);
    long year;
    double persons;
    if (n < 2 || n > 3)
        klar_error_set(err, path, line, "expected 'year,persons,source', found %d fields", n);
    else if (klar_parse_long(f[0], &year) != 0 || year < KLAR_TOTALS_FIRST_YEAR ||
             year >= KLAR_TOTALS_FIRST_YEAR + KLAR_TOTALS_YEARS)
        klar_error_set(err, path, line, "year '%s' is not a year from %d to %d", f[0],
                       KLAR_TOTALS_FIRST_YEAR, KLAR_TOTALS_FIRST_YEAR + KLAR_TOTALS_YEARS - 1);
    else if (klar_parse_double(f[1], &persons) != 0 || !(persons > 0.0))
        klar_error_set(err, path, line, "persons '%s' is not a number above 0", f[1]);
    else if (t->persons[year - KLAR_TOTALS_FIRST_YEAR] != 0.0)
        klar_error_set(err, path, line, "year %ld appears twice", year);
    else {
        t->persons[year - KLAR_TOTALS_FIRST_YEAR] = persons;
        return 0;
    }
    return -1;
}

int klar_national_totals_load(const char *datadir, klar_national_totals *t, klar_error *err)
{
    static const char *const columns[] = {"year", "persons", "source"};
    char path[4096];
    memset(t, 0, sizeof *t);
    if (klar_path_join(path, sizeof path, datadir, "population/national_totals.csv", err) != 0)
        return -1;
    return klar_csv_read_table(path, columns, 3, KLAR_CSV_COMMENTS | KLAR_CSV_OPTIONAL_LAST,
                               add_total_row, t, err);
}

double klar_national_total(const klar_national_totals *t, int year)
{
    if (year < KLAR_TOTALS_FIRST_YEAR || year >= KLAR_TOTALS_FIRST_YEAR + KLAR_TOTALS_YEARS)
        return 0.0;
    return t->persons[year - KLAR_TOTALS_FIRST_YEAR];
}
