/* timestamp.c - UTC timestamps as the database stores them ("2024-05-01T12:00:00Z"), which
 * both SQLite and PostgreSQL store and compare alike, converted without the local time zone. */
#include "klar/store.h"
#include "klar/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void klar_store_format_time(int64_t t, char out[KLAR_TIMESTAMP_SIZE])
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    long long y;
    int m, d;
    klar_civil_from_days(days, &y, &m, &d);
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
    *out = klar_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
    return 0;
}

void klar_store_now(char out[KLAR_TIMESTAMP_SIZE])
{
    klar_store_format_time((int64_t)time(NULL), out);
}
