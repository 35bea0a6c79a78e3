/* auth_internal.h - what the auth modules share: timestamps as the database stores them. */
#ifndef KLAR_AUTH_INTERNAL_H
#define KLAR_AUTH_INTERNAL_H

#include <stdint.h>

/* "YYYY-MM-DDTHH:MM:SSZ" (UTC): sorts as text in time order. */
#define KLAR_TIMESTAMP_SIZE 24

/* Writes seconds since 1970 (UTC) as a timestamp into out. */
void klar_auth_format_time(int64_t t, char out[KLAR_TIMESTAMP_SIZE]);

/* Parses a timestamp written by klar_auth_format_time into seconds since 1970. 0, or -1. */
int klar_auth_parse_time(const char *text, int64_t *out);

#endif
