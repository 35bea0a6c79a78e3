/* run_census.c - the census a nowcast fits, from the situation reports of an organisation's
 * subtree: for every day, the epidemic patients in hospital (patients_in_hospital) and in ICU
 * (patients_in_icu) summed over the organisations that reported them.
 *
 * Rule: when an organisation and one below it both report a figure for a day (an RHF's own
 * total beside its trusts' reports), the finer reports are summed and the coarser one is left
 * out, so that no patient is counted twice. A day no organisation reported is not reported
 * (NAN), never zero. */
#include "klar/runs.h"
#include "klar/date.h"
#include "klar/record.h"
#include "klar/registry.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One report of one figure: who and how many. */
typedef struct report {
    const char *org;
    double value;
} report;

/* 1 if org `above` is a strict ancestor of `org` in t. */
static int is_above(const klar_org_tree *t, const char *above, const char *org)
{
    const klar_org *o = klar_org_tree_get(t, org);
    for (int depth = 0; o && o->parent_id[0] && depth < 64; depth++) {
        if (strcmp(o->parent_id, above) == 0)
            return 1;
        o = klar_org_tree_get(t, o->parent_id);
    }
    return 0;
}

/* The sum of the day's reports r[0..n-1] without those that a report below them covers;
 * *used gets how many were summed. */
static double finest_sum(const klar_org_tree *t, const report *r, int n, int *used)
{
    double sum = 0;
    *used = 0;
    for (int i = 0; i < n; i++) {
        int covered = 0;
        for (int j = 0; j < n && !covered; j++)
            covered = j != i && is_above(t, r[i].org, r[j].org);
        if (!covered) {
            sum += r[i].value;
            ++*used;
        }
    }
    return sum;
}

typedef struct day_reports {
    report hospital[512], icu[512];
    int nh, nu;
} day_reports;

static void add_report(report *list, int *n, const char *org, const json_t *v)
{
    if (json_is_number(v) && *n < 512)
        list[(*n)++] = (report){org, json_number_value(v)};
}

/* Sums the reports of day (records[from..to)) into c at index i. */
static void sum_day(const klar_org_tree *t, const json_t *records, size_t from, size_t to,
                    klar_census *c, long long i, day_reports *d, int *reports_used)
{
    d->nh = d->nu = 0;
    for (size_t k = from; k < to; k++) {
        const json_t *r = json_array_get(records, k);
        const char *org = json_string_value(json_object_get(r, "org_id"));
        add_report(d->hospital, &d->nh, org, json_object_get(r, "patients_in_hospital"));
        add_report(d->icu, &d->nu, org, json_object_get(r, "patients_in_icu"));
    }
    int used;
    if (d->nh) {
        c->hospital[i] = finest_sum(t, d->hospital, d->nh, &used);
        *reports_used += used;
    }
    if (d->nu) {
        c->icu[i] = finest_sum(t, d->icu, d->nu, &used);
        *reports_used += used;
    }
}

/* The records' date of k as a day number, or -1 when it has none. */
static long long record_day(const json_t *records, size_t k)
{
    long long day;
    const char *date = json_string_value(json_object_get(json_array_get(records, k), "date"));
    return date && klar_date_parse(date, &day) == 0 ? day : -1;
}

static int fill(klar_store *s, long long from, long long to, klar_census *c,
                json_t *records, int *used, klar_error *err)
{
    klar_org_tree *t = klar_org_tree_load(s, err);
    day_reports *d = malloc(sizeof *d);
    int rc = t && d ? klar_census_init(c, from, (int)(to - from + 1), err) : -1;
    if (rc == 0) {
        size_t n = json_array_size(records), k = 0;
        while (k < n) {
            long long day = record_day(records, k);
            size_t end = k + 1;
            while (end < n && record_day(records, end) == day)
                end++;
            if (day >= from && day <= to)
                sum_day(t, records, k, end, c, day - from, d, used);
            k = end;
        }
    } else if (t && !d) {
        klar_error_set(err, NULL, 0, "out of memory");
    }
    free(d);
    klar_org_tree_free(t);
    return rc;
}

static int compare_dates(const void *a, const void *b)
{
    const char *x = json_string_value(json_object_get(*(json_t *const *)a, "date"));
    const char *y = json_string_value(json_object_get(*(json_t *const *)b, "date"));
    return strcmp(x ? x : "", y ? y : "");
}

/* The records as an array sorted by date (a new reference). */
static json_t *sorted_by_date(json_t *records)
{
    size_t n = json_array_size(records);
    json_t **items = malloc((n ? n : 1) * sizeof *items);
    json_t *out = json_array();
    if (!items || !out) {
        free(items);
        json_decref(out);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        items[i] = json_array_get(records, i);
    qsort(items, n, sizeof *items, compare_dates);
    for (size_t i = 0; i < n; i++)
        json_array_append(out, items[i]);
    free(items);
    return out;
}

int klar_run_census_from_reports(klar_store *s, const char *org, long long from, long long to,
                                 klar_census *out, int *reports_used, klar_error *err)
{
    memset(out, 0, sizeof *out);
    *reports_used = 0;
    if (to < from || to - from >= KLAR_NOWCAST_MAX_DAYS) {
        klar_error_field(err, KLAR_ERR_INVALID, "to", "to must be on or after from, and within "
                         "%d days of it", KLAR_NOWCAST_MAX_DAYS);
        return -1;
    }
    klar_record_filter f = {0};
    f.within = org;
    json_t *records = klar_record_list(s, &klar_kind_situation_report, &f, err);
    if (!records)
        return -1;
    json_t *sorted = sorted_by_date(records);
    int rc = sorted ? fill(s, from, to, out, sorted, reports_used, err) : -1;
    if (!sorted)
        klar_error_set(err, NULL, 0, "out of memory");
    json_decref(sorted);
    json_decref(records);
    if (rc != 0)
        klar_census_free(out);
    return rc;
}
