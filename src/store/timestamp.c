/* timestamp.c - UTC timestamps as the database stores them ("2024-05-01T12:00:00Z"), which
 * both SQLite and PostgreSQL store and compare alike, converted without the local time zone. */
#include "klar/store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Days from 1970-01-01 to year-month-day (proleptic Gregorian; Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The date of a day number from 1970-01-01 (inverse of days_from_civil). */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

void klar_store_format_time(int64_t t, char out[KLAR_TIMESTAMP_SIZE])
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    int64_t y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    char buf[64];   /* room for any int64 year; real years take 20 characters */
    snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d,
             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    size_t n = strnlen(buf, KLAR_TIMESTAMP_SIZE - 1);
    memcpy(out, buf, n);
    out[n] = '\0';
}

int klar_store_parse_time(const char *text, int64_t *out)
{
    int y, m, d, hh, mm, ss, n = 0;
    if (!text || sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &m, &d, &hh, &mm, &ss, &n) != 6 ||
        n != 20 || text[n] != '\0' || m < 1 || m > 12 || d < 1 || d > 31 || hh < 0 || hh > 23 || mm < 0 ||
        mm > 59 || ss < 0 || ss > 60)
        return -1;
    *out = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
    return 0;
}

void klar_store_now(char out[KLAR_TIMESTAMP_SIZE])
{
    klar_store_format_time((int64_t)time(NULL), out);
}
