/* date.c - calendar arithmetic on day numbers (proleptic Gregorian, Howard Hinnant's
 * algorithms), shared by database timestamps, the CHIME mode and registry date fields. */
#include "klar/date.h"

#include <stdio.h>

long long klar_days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void klar_civil_from_days(long long z, long long *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int klar_days_in_month(long long y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : len[m - 1];
}

/* Reads exactly n digits at *s into *out, moving *s past them; 0, or -1. */
static int read_digits(const char **s, int n, long long *out)
{
    long long v = 0;
    for (int i = 0; i < n; i++, (*s)++) {
        if (**s < '0' || **s > '9')
            return -1;
        v = v * 10 + (**s - '0');
    }
    *out = v;
    return 0;
}

int klar_date_parse(const char *s, long long *days)
{
    long long y, m, d;
    if (read_digits(&s, 4, &y) != 0 || *s++ != '-' || read_digits(&s, 2, &m) != 0 ||
        *s++ != '-' || read_digits(&s, 2, &d) != 0 || *s != '\0')
        return -1;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > klar_days_in_month(y, (int)m))
        return -1;
    *days = klar_days_from_civil(y, (int)m, (int)d);
    return 0;
}

void klar_date_format(long long days, char *buf, unsigned long size)
{
    long long y;
    int m, d;
    klar_civil_from_days(days, &y, &m, &d);
    snprintf(buf, size, "%04lld-%02d-%02d", y, m, d);
}
