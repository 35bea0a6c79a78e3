/* profile.c - reading an age profile by sex from CSV: "age_from,age_to,male,female", one row
 * per single year or age group (a group's value applies to each year in it). Lines starting
 * with '#' are comments (e.g. the source); a spreadsheet's byte order mark is dropped. Used for stock, graduate and migration age
 * profiles (weights), participation, FTE and exit rates, and service use by age. */
#include "wf_internal.h"

#include <string.h>

#include "klar/csv.h"

/* Parses one data row into ages [lo, hi] and the two values; checks ranges. */
static int parse_row(klar_csv *csv, int n, char **f, double max_value, int *lo, int *hi,
                     double val[2], klar_error *err)
{
    const char *file = klar_csv_name(csv);
    long line = klar_csv_line(csv);
    long a, b;
    if (n != 4) {
        klar_error_set(err, file, line, "expected 4 fields (age_from,age_to,male,female), got %d", n);
        return -1;
    }
    if (klar_parse_long(f[0], &a) || klar_parse_long(f[1], &b) || a < 0 || b > KLAR_MAX_AGE ||
        a > b) {
        klar_error_set(err, file, line, "ages must be whole numbers with 0 <= age_from <= age_to "
                       "<= %d, not '%s'..'%s'", KLAR_MAX_AGE, f[0], f[1]);
        return -1;
    }
    for (int s = 0; s < 2; s++) {
        if (klar_parse_double(f[2 + s], &val[s]) || val[s] < 0 || val[s] > max_value) {
            klar_error_set(err, file, line, "%s value must be a number from 0 to %g, not '%s'",
                           s == 0 ? "male" : "female", max_value, f[2 + s]);
            return -1;
        }
    }
    *lo = (int)a;
    *hi = (int)b;
    return 0;
}

static int check_coverage(const char *path, const unsigned char *seen, wf_profile_kind kind,
                          int need_lo, int need_hi, const double out[2][KLAR_AGES], klar_error *err)
{
    if (kind == WF_PROFILE_RATES) {
        for (int a = need_lo; a <= need_hi; a++)
            if (!seen[a]) {
                int b = a;
                while (b < need_hi && !seen[b + 1])
                    b++;
                klar_error_set(err, path, 0, "ages %d-%d are missing (the profile must cover %d-%d)",
                               a, b, need_lo, need_hi);
                return -1;
            }
        return 0;
    }
    double total = 0;
    for (int s = 0; s < 2; s++)
        for (int a = 0; a < KLAR_AGES; a++) {
            if (out[s][a] > 0 && (a < need_lo || a > need_hi)) {
                klar_error_set(err, path, 0, "weight at age %d lies outside the ages %d-%d the model "
                               "covers", a, need_lo, need_hi);
                return -1;
            }
            total += out[s][a];
        }
    if (total <= 0) {
        klar_error_set(err, path, 0, "every weight is zero");
        return -1;
    }
    return 0;
}

/* What a profile's rows fill. */
typedef struct profile_fill {
    double max_value;
    unsigned char seen[KLAR_AGES];
    double (*out)[KLAR_AGES];
} profile_fill;

static int add_profile_row(klar_csv *csv, int n, char **f, void *ctx, klar_error *err)
{
    profile_fill *p = ctx;
    int lo, hi;
    double val[2];
    if (parse_row(csv, n, f, p->max_value, &lo, &hi, val, err) != 0)
        return -1;
    for (int a = lo; a <= hi; a++) {
        if (p->seen[a]) {
            klar_error_set(err, klar_csv_name(csv), klar_csv_line(csv), "age %d is given twice", a);
            return -1;
        }
        p->seen[a] = 1;
        p->out[0][a] = val[0];
        p->out[1][a] = val[1];
    }
    return 0;
}

int wf_profile_read(const char *path, wf_profile_kind kind, int need_lo, int need_hi,
                    double max_value, double out[2][KLAR_AGES], klar_error *err)
{
    static const char *const columns[] = {"age_from", "age_to", "male", "female"};
    profile_fill fill;
    memset(&fill, 0, sizeof fill);
    fill.max_value = max_value;
    fill.out = out;
    memset(out, 0, sizeof(double) * 2 * KLAR_AGES);
    if (klar_csv_read_table(path, columns, 4, KLAR_CSV_COMMENTS | KLAR_CSV_ANY_CASE,
                            add_profile_row, &fill, err) != 0)
        return -1;
    return check_coverage(path, fill.seen, kind, need_lo, need_hi, (const double(*)[KLAR_AGES])out, err);
}
