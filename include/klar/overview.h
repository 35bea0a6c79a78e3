/* overview.h - the registry's roll-ups over an organisation subtree: bed capacity per
 * category, stock compliance with the six-month rule per item, reserve personnel per
 * profession, the multi-year exercise plan, and the crisis-mode situation of one day (the
 * national roll-up when within is NULL). Each returns a new JSON object whose numbers carry
 * their unit, or NULL with err. They read the tables of klar/record.h.
 *
 * within: an organisation id (that organisation and every one below it), or NULL for every
 * organisation (the tree has several roots: HOD, the statsforvaltere with their
 * municipalities, the jointly owned HFs). An unknown id is an error naming "within".
 *
 * Every number is a quantity {"value": 12, "unit": "beds"}; a value that rests on a judgement
 * rather than a source says so in an "assumption" member, a sourced target in "source". */
#ifndef KLAR_OVERVIEW_H
#define KLAR_OVERVIEW_H

#include "klar/error.h"
#include "klar/store.h"

struct json_t;

/* The six-month rule: Meld. St. 5 (2023–2024) section 4.3 means to require every health and
 * care institution to hold six months of normal consumption of medicines and infection-control
 * equipment (a target, not yet a rule in force). */
#define KLAR_OVERVIEW_STOCK_TARGET_MONTHS 6.0

/* A reserve's entry is due for verification one year after it was last confirmed (an
 * assumption: the white paper asks for an up-to-date overview without a fixed interval). */
#define KLAR_OVERVIEW_RESERVE_VERIFY_DAYS 365

/* The longest exercise plan, in years after the first (to - from). */
#define KLAR_OVERVIEW_MAX_YEARS 20
#define KLAR_OVERVIEW_MAX_DAYS 92       /* days one situation range may span */

/* Sum of physical, staffed and surge beds per category (ward, intermediate, icu; every
 * category listed, zero when nobody reported it) within the subtree, with the number of
 * organisations reporting and the latest as_of date; and the totals over the categories. */
struct json_t *klar_overview_capacity(klar_store *s, const char *within, klar_error *err);

/* Per stocked item within the subtree: on hand and monthly consumption summed (in the item's
 * unit), months of cover of the sum, compliance with the six-month rule (every institution
 * compliant) and the shortfall (what the institutions below six months lack, summed: one
 * institution's surplus does not cover another); the institutions below six months; counts of
 * compliant and non-compliant rows. Items with different units are kept apart (item + unit is
 * the key). */
struct json_t *klar_overview_stocks(klar_store *s, const char *within, klar_error *err);

/* Reserve personnel within the subtree per profession: total, authorised, available within
 * 24 hours (availability immediate or 24h), also assigned to the armed forces (conflict),
 * available within 24 hours without that conflict, and not verified for a year as of today
 * (YYYY-MM-DD; NULL: the current UTC date); totals; and the conflicting entries. */
struct json_t *klar_overview_reserves(klar_store *s, const char *within, const char *today,
                                      klar_error *err);

/* The day KLAR_OVERVIEW_RESERVE_VERIFY_DAYS before today (a valid YYYY-MM-DD) into out: a
 * reserve last verified before it (or never) is due for verification. */
void klar_overview_verify_cutoff(const char *today, char out[11]);

/* The exercises within the subtree from year `from` to year `to` (inclusive), grouped by year
 * of start_date (every year listed), with counts per type and status and the exercises
 * themselves. 0 <= to - from <= KLAR_OVERVIEW_MAX_YEARS, years 1900..9999. */
struct json_t *klar_overview_exercises(klar_store *s, const char *within, int from, int to,
                                       klar_error *err);

/* The situation reports of `date` (YYYY-MM-DD) within the subtree: the reports, counts per
 * level of status, capacity_status, staff_status and stock_status (each with its worst level),
 * sums of beds and ICU occupied/available and staff absent (with how many reports gave each),
 * the worst overall status (null without reports), and the hospital trusts (type hf) within
 * the subtree that sent no report that day. */
struct json_t *klar_overview_situation(klar_store *s, const char *within, const char *date,
                                       klar_error *err);

/* The situation of every day from `from` to `to` (YYYY-MM-DD, inclusive, at most
 * KLAR_OVERVIEW_MAX_DAYS days): {"within", "from", "to", "days": [klar_overview_situation of
 * each day, oldest first]}. A bad or reversed range sets err->field ("from" or "to"). */
struct json_t *klar_overview_situation_days(klar_store *s, const char *within, const char *from,
                                            const char *to, klar_error *err);

/* The indicators an area of the overview's map can be coloured by: "situation" (the worst
 * status of today's situation reports; null without reports), "icu" (staffed ICU beds),
 * "risks" (risks in the ROS register), "stocks" (stock items under six months). */
int klar_overview_indicator_valid(const char *indicator);

/* The figure of indicator within the subtree of area on date `today`: {"value", "unit"}
 * (value a string, a number or null). */
struct json_t *klar_overview_indicator(klar_store *s, const char *area, const char *indicator,
                                       const char *today, klar_error *err);

#endif
