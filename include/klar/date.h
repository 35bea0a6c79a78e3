/* date.h - the proleptic Gregorian calendar as day numbers from 1970-01-01, for timestamps,
 * CHIME's dates and the registry's YYYY-MM-DD fields. */
#ifndef KLAR_DATE_H
#define KLAR_DATE_H

/* Days from 1970-01-01 to year-month-day (Howard Hinnant's days_from_civil); m 1..12. */
long long klar_days_from_civil(long long y, int m, int d);

/* The year, month (1..12) and day of day number z from 1970-01-01 (the inverse). */
void klar_civil_from_days(long long z, long long *y, int *m, int *d);

/* Days in month m (1..12) of year y, leap years counted. */
int klar_days_in_month(long long y, int m);

/* Parses "YYYY-MM-DD" (a real day of years 0001-9999) into *days from 1970-01-01. 0, or -1. */
int klar_date_parse(const char *s, long long *days);

/* Writes day number days as "YYYY-MM-DD" into buf (at least 11 bytes). */
void klar_date_format(long long days, char *buf, unsigned long size);

#endif
