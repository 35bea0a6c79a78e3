/* ssb_labels.c - reading the labels and codes SSB uses in table 07459 (regions, sex, single-
 * year ages, year headings, missing-value symbols), in English and Norwegian exports and in
 * PxWebApi JSON-stat codes. */
#include "ssb_internal.h"

#include <string.h>

#include "klar/text.h"

/* Number of decimal digits at the start of s. */
static size_t count_digits(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        n++;
    return n;
}

/* 1 if s ends at a label boundary: end of string or a blank before the name. */
static int at_boundary(const char *s)
{
    return *s == '\0' || *s == ' ' || *s == '\t';
}

/* Reads a number of n decimal digits. */
static int digits_value(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int ssb_region_code(const char *text, int *code)
{
    const char *s = text;
    while (*s == ' ')
        s++;
    if (strncmp(s, "F-", 2) == 0 || strncmp(s, "f-", 2) == 0)
        return SSB_REGION_AGGREGATE;
    if (strncmp(s, "K-", 2) == 0 || strncmp(s, "k-", 2) == 0)
        s += 2;
    if (strncmp(s, "21-22", 5) == 0 && at_boundary(s + 5)) {
        *code = 2100;
        return SSB_REGION_OK;
    }
    if ((strncmp(s, "Rest", 4) == 0 || strncmp(s, "rest", 4) == 0) && at_boundary(s + 4)) {
        *code = 9999;
        return SSB_REGION_OK;
    }
    size_t n = count_digits(s);
    if (n == 0 || !at_boundary(s + n))
        return SSB_REGION_UNREADABLE;
    int v = digits_value(s, n < 5 ? n : 5);
    if (n == 4) {
        *code = v;
        return SSB_REGION_OK;
    }
    if (n == 2 && (v == 21 || v == 23)) { /* Svalbard, continental shelf */
        *code = v * 100;
        return SSB_REGION_OK;
    }
    if (n <= 2)
        return SSB_REGION_AGGREGATE; /* "0" the whole country, "46" a county */
    return SSB_REGION_UNREADABLE;
}

int ssb_sex_label(const char *text)
{
    static const char *const male[] = {"males", "male", "menn", "mann"};
    static const char *const female[] = {"females", "female", "kvinner", "kvinne"};
    static const char *const both[] = {"both sexes", "begge kjønn"};
    char f[64];
    klar_text_fold(text, f, sizeof f);
    for (size_t i = 0; i < sizeof male / sizeof male[0]; i++)
        if (strcmp(f, male[i]) == 0)
            return KLAR_MALE;
    for (size_t i = 0; i < sizeof female / sizeof female[0]; i++)
        if (strcmp(f, female[i]) == 0)
            return KLAR_FEMALE;
    for (size_t i = 0; i < sizeof both / sizeof both[0]; i++)
        if (strcmp(f, both[i]) == 0)
            return KLAR_SEX_ALL;
    return -1;
}

int ssb_age_label(const char *text, int *age)
{
    static const char *const single[] = {"", " year", " years", " år"};
    static const char *const open_end[] = {"+", " years or older", " år eller eldre", " years and over",
                                           " år og eldre", " år og over"};
    char f[64];
    klar_text_fold(text, f, sizeof f);
    size_t n = count_digits(f);
    if (n == 0 || n > 3)
        return -1;
    int v = digits_value(f, n);
    const char *rest = f + n;
    if (v > KLAR_MAX_AGE)
        return -1;
    for (size_t i = 0; i < sizeof single / sizeof single[0]; i++)
        if (strcmp(rest, single[i]) == 0) {
            *age = v;
            return 0;
        }
    for (size_t i = 0; i < sizeof open_end / sizeof open_end[0]; i++)
        if (v == KLAR_MAX_AGE && strcmp(rest, open_end[i]) == 0) {
            *age = v;
            return 0;
        }
    return -1;
}

int ssb_year_label(const char *text, int *year)
{
    char f[128];
    klar_text_fold(text, f, sizeof f);
    size_t len = strlen(f);
    if (len < 4)
        return -1;
    const char *y = f + len - 4;
    if (count_digits(y) != 4 || (y > f && y[-1] != ' '))
        return -1;
    for (const char *p = f; p < y; p++)
        if (*p >= '0' && *p <= '9')
            return -1;
    int v = digits_value(y, 4);
    if (v < 1800 || v > 2200)
        return -1;
    *year = v;
    return 0;
}

int ssb_is_missing_symbol(const char *text)
{
    return strcmp(text, ".") == 0 || strcmp(text, "..") == 0 || strcmp(text, "...") == 0 ||
           strcmp(text, ":") == 0 || strcmp(text, "-") == 0;
}

int ssb_parse_count(const char *text, double *persons)
{
    while (*text == ' ')
        text++;
    size_t n = count_digits(text);
    size_t end = n;
    while (text[end] == ' ')
        end++;
    if (n == 0 || n > 9 || text[end] != '\0')
        return -1;
    *persons = (double)digits_value(text, n);
    return 0;
}
