/* params_internal.h - the table of surge parameters as scenario files name them: section, key,
 * kind, place in klar_surge_params and valid range. The scenario reader (scenario.c) parses
 * by it and the check (params.c) checks by it, so the two cannot disagree. Not installed; the
 * public contract is include/klar/surge.h. */
#ifndef KLAR_SURGE_PARAMS_INTERNAL_H
#define KLAR_SURGE_PARAMS_INTERNAL_H

#include <stddef.h>
#include "klar/surge.h"

typedef enum {
    SK_DOUBLE,   /* one double; a scenario may declare it uncertain */
    SK_INT,      /* one int */
    SK_AGES,     /* KLAR_SURGE_GROUPS doubles, written as 1 or 9 values */
    SK_SPECIAL   /* text, lists and the like: handled by scenario.c itself */
} sk_kind;

typedef struct surge_key {
    const char *section;   /* "epidemic"; "staff" and "item" for the tables of those sections */
    const char *name;
    sk_kind kind;
    size_t offset;         /* in klar_surge_params, klar_surge_staff or klar_surge_item */
    double lo, hi;         /* valid range */
    int open_lo;           /* SK_LO_* below */
    const char *unit;      /* "days", "share", ...; "none" for pure numbers and texts */
} surge_key;

enum {
    SK_LO_CLOSED,      /* lo itself is valid */
    SK_LO_OPEN,        /* must be greater than lo */
    SK_LO_OPEN_DRAWS   /* lo is valid when set (r0 with a doubling time), not when drawn */
};

/* Keys of the fixed sections ([scenario], [epidemic], [care], [capacity], [vaccination],
 * [supply]); offsets in klar_surge_params. */
extern const surge_key surge_keys[];
extern const size_t surge_nkeys;

/* Keys of each [staff.<id>] section (offsets in klar_surge_staff) and each [item.<id>]
 * section (offsets in klar_surge_item). */
extern const surge_key surge_staff_keys[];
extern const size_t surge_staff_nkeys;
extern const surge_key surge_item_keys[];
extern const size_t surge_item_nkeys;

/* The stays, each written as <prefix>_days and <prefix>_stages in its section. */
typedef struct surge_stay_key {
    const char *section, *prefix;
    size_t offset;         /* of the klar_surge_stay in klar_surge_params */
} surge_stay_key;

extern const surge_stay_key surge_stay_keys[];
extern const size_t surge_nstay_keys;

/* Range of a relative contact in [measures]. */
#define SURGE_CONTACT_MAX 10.0

/* Most daily contacts of one age group with another in a contact matrix. */
#define SURGE_CONTACTS_MAX 1e4

/* Index of the fixed-section key section.name in surge_keys, or -1. */
int surge_key_find(const surge_key *table, size_t n, const char *section, const char *name);

/* 0 if v lies in key k's valid range, else -1 with why saying so after the value ("lies
 * outside 0..50", "must be greater than 0 and at most 365", "is not a finite number"). */
int surge_key_in_range(const surge_key *k, double v, char *why, size_t whysize);

/* 0 if a, b, c are finite parameters that distribution kind can take (uniform: low <= high;
 * triangular: low <= mode <= high; normal: sd >= 0; lognormal: median > 0, sdlog >= 0), else
 * -1 with the reason in why. */
int surge_dist_check(klar_dist_kind kind, double a, double b, double c, char *why,
                     size_t whysize);

/* The check behind klar_surge_params_check; when it fails and key is not NULL, key gets the
 * parameter at fault as a scenario file writes it ("care.ward_stages"). */
int surge_params_check_key(const klar_surge_params *p, klar_error *err, char *key,
                           size_t keysize);

/* ---- values as scenario files write them (scenario_values.c) ----------------------------- */

/* A number, possibly with a distribution: "1.3" or "1.3 ~ triangular(1.1, 1.3, 1.6)". */
typedef struct surge_scalar {
    double point;          /* the value of deterministic runs */
    int uncertain;         /* 1 if a distribution follows '~' */
    klar_dist_kind kind;
    double a, b, c;
} surge_scalar;

/* Each of these returns 0, or -1 with the reason in why (no file, line or key). */

/* Parses a number with an optional "~ distribution(...)". */
int surge_parse_scalar(const char *text, surge_scalar *out, char *why, size_t whysize);

/* Checks a parsed scalar against key k's range: the point, the distribution's parameters and
 * that its support lies in the range (and holds the point, for uniform and triangular). */
int surge_check_scalar(const surge_scalar *s, const surge_key *k, char *why, size_t whysize);

/* Parses a whole number in k's range (no distribution). */
int surge_parse_int(const char *text, const surge_key *k, int *out, char *why, size_t whysize);

/* Parses one value for all age groups or KLAR_SURGE_GROUPS comma-separated values, each in
 * k's range, into out. */
int surge_parse_ages(const char *text, const surge_key *k, double *out, char *why,
                     size_t whysize);

/* Parses a list of distinct age-group labels ("80+, 70-79") into groups; *n gets the count. */
int surge_parse_groups(const char *text, int groups[KLAR_SURGE_GROUPS], int *n, char *why,
                       size_t whysize);

/* The lowest value a draw of key k may take (lo, or just above it for open ranges). */
double surge_draw_lo(const surge_key *k);

#endif
