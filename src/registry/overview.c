/* overview.c - the registry's roll-ups (klar/overview.h): capacity per bed category, stock
 * compliance per item, reserves per profession, the exercise plan by year and the situation of
 * one day, each as SQL aggregates over an organisation subtree turned into JSON whose numbers
 * are quantities {"value", "unit"}.
 *
 * The SQL runs unchanged on SQLite and PostgreSQL: sums of INTEGER columns come back as bigint
 * (PostgreSQL) and are read with klar_stmt_column_int64, sums of DOUBLE PRECISION as doubles;
 * ratios (months of cover) are computed here, never by SQL division, whose integer rules
 * differ; a bound number used in arithmetic is CAST so PostgreSQL knows its type; SUM over no
 * rows is NULL, which reads as 0. */
#include "klar/overview.h"
#include "klar/date.h"
#include "klar/record.h"
#include "klar/registry.h"
#include "registry_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SQL_SIZE 4096

/* Every organisation: all roots (parent_id IS NULL) and everything below them. ?1 is bound to
 * NULL so that both scopes take the same parameters. */
#define ALL_ORGS_CTE                                                                         \
    "WITH RECURSIVE sub(id) AS (SELECT id FROM organisations WHERE parent_id IS NULL"         \
    " OR id = ?1 UNION SELECT o.id FROM organisations o JOIN sub ON o.parent_id = sub.id) "

#define IN_SCOPE " org_id IN (SELECT id FROM sub)"

/* ---- JSON helpers ---- */

/* Sets obj[key] = v (a new reference, NULL when allocation failed); 0, or -1. */
static int put(json_t *obj, const char *key, json_t *v)
{
    return v ? json_object_set_new(obj, key, v) : -1;
}

/* {"value": v, "unit": unit}, NULL if out of memory. */
static json_t *count_qty(json_int_t v, const char *unit)
{
    return json_pack("{s:I, s:s}", "value", v, "unit", unit);
}

static json_t *real_qty(double v, const char *unit)
{
    return json_pack("{s:f, s:s}", "value", v, "unit", unit);
}

/* A text or null. */
static json_t *text_or_null(const char *text)
{
    return text ? json_string(text) : json_null();
}

/* A new empty array set as obj[key] (obj owns it), or NULL. */
static json_t *array_in(json_t *obj, const char *key)
{
    json_t *a = json_array();
    return put(obj, key, a) == 0 ? a : NULL;
}

/* Releases a half-built result and reports memory exhaustion. */
static json_t *oom(json_t *obj, klar_error *err)
{
    json_decref(obj);
    klar_error_set(err, NULL, 0, "out of memory");
    return NULL;
}

/* ---- scope ---- */

/* 0 if within is NULL or an existing organisation, else -1 with err naming "within". */
static int check_within(klar_store *s, const char *within, klar_error *err)
{
    if (!within)
        return 0;
    int known = klar_org_exists(s, within, err);
    if (known == 0)
        klar_error_set(err, NULL, 0, "within: no organisation has the id '%.60s'", within);
    return known == 1 ? 0 : -1;
}

/* Prepares the scope CTE of within followed by body (which refers to sub and may use ?2...),
 * with ?1 bound. NULL with err. */
static klar_stmt *prepare_scoped(klar_store *s, const char *within, const char *body,
                                 klar_error *err)
{
    char sql[SQL_SIZE];
    int n = snprintf(sql, sizeof sql, "%s%s", within ? REGISTRY_SUBTREE_CTE : ALL_ORGS_CTE,
                     body);
    if (n < 0 || (size_t)n >= sizeof sql) {
        klar_error_set(err, NULL, 0, "overview query too long");
        return NULL;
    }
    klar_stmt *st = klar_store_prepare(s, sql, err);
    if (st && (within ? klar_stmt_bind_text(st, 1, within) : klar_stmt_bind_null(st, 1)) < 0) {
        klar_error_set(err, NULL, 0, "out of memory");
        klar_stmt_finalize(st);
        return NULL;
    }
    return st;
}

/* A result object starting with "within" (null for every organisation). */
static json_t *result_new(const char *within)
{
    json_t *r = json_object();
    if (r && put(r, "within", text_or_null(within)) < 0) {
        json_decref(r);
        return NULL;
    }
    return r;
}

/* The choices of field name of kind k (NULL-terminated). */
static const char *const *choices_of(const klar_kind *k, const char *name)
{
    return klar_kind_field(k, name)->choices;
}

/* ---- capacity ---- */

static const char *const capacity_sql =
    "SELECT category, COUNT(*), SUM(physical), SUM(staffed), SUM(surge), MAX(as_of)"
    " FROM capacity WHERE" IN_SCOPE " GROUP BY category";

static const char *const capacity_orgs_sql =
    "SELECT COUNT(DISTINCT org_id), MAX(as_of) FROM capacity WHERE" IN_SCOPE;

/* One category's quantities from the current row (or zeros when st is NULL). */
static json_t *capacity_category(const char *category, klar_stmt *st)
{
    json_int_t phys = st ? klar_stmt_column_int64(st, 2) : 0;
    json_int_t staffed = st ? klar_stmt_column_int64(st, 3) : 0;
    json_int_t surge = st ? klar_stmt_column_int64(st, 4) : 0;
    json_t *c = json_object();
    if (!c || put(c, "category", json_string(category)) ||
        put(c, "organisations", count_qty(st ? klar_stmt_column_int64(st, 1) : 0,
                                          "organisations")) ||
        put(c, "physical", count_qty(phys, "beds")) ||
        put(c, "staffed", count_qty(staffed, "beds")) ||
        put(c, "surge", count_qty(surge, "beds")) ||
        put(c, "surge_increase", count_qty(surge - staffed, "beds")) ||
        put(c, "as_of_latest", text_or_null(st ? klar_stmt_column_text(st, 5) : NULL))) {
        json_decref(c);
        return NULL;
    }
    return c;
}

/* Adds c's "name" value to total[name]. */
static void add_value(json_t *total, const json_t *c, const char *name)
{
    json_t *t = json_object_get(json_object_get(total, name), "value");
    json_int_t v = json_integer_value(json_object_get(json_object_get(c, name), "value"));
    json_integer_set(t, json_integer_value(t) + v);
}

/* Reads the reported categories into found[i] (names[i]); 0, or -1 with err. */
static int capacity_found(klar_store *s, const char *within, const char *const *names,
                          size_t n, json_t **found, klar_error *err)
{
    klar_stmt *st = prepare_scoped(s, within, capacity_sql, err);
    if (!st)
        return -1;
    int rc;
    while ((rc = klar_stmt_step(st, err)) == KLAR_STMT_ROW)
        for (size_t i = 0; i < n; i++)
            if (!found[i] && strcmp(names[i], klar_stmt_column_text(st, 0)) == 0 &&
                !(found[i] = capacity_category(names[i], st))) {
                klar_error_set(err, NULL, 0, "out of memory");
                klar_stmt_finalize(st);
                return -1;
            }
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* Fills the categories array (in the kind's order, zeros for those nobody reported) and the
 * totals. 0, or -1 with err. */
static int capacity_rows(klar_store *s, const char *within, json_t *cats, json_t *total,
                         klar_error *err)
{
    const char *const *names = choices_of(&klar_kind_capacity, "category");
    size_t n = 0;
    while (names[n])
        n++;
    json_t **found = calloc(n, sizeof *found);
    if (!found) {
        klar_error_set(err, NULL, 0, "out of memory");
        return -1;
    }
    int rc = capacity_found(s, within, names, n, found, err);
    for (size_t i = 0; i < n; i++) {
        json_t *c = found[i];
        if (rc == 0 && !c && !(c = capacity_category(names[i], NULL)))
            rc = -2;
        if (rc != 0) {
            json_decref(c);
            continue;
        }
        add_value(total, c, "physical");
        add_value(total, c, "staffed");
        add_value(total, c, "surge");
        add_value(total, c, "surge_increase");
        if (json_array_append_new(cats, c) < 0)
            rc = -2;
    }
    free(found);
    if (rc == -2)
        klar_error_set(err, NULL, 0, "out of memory");
    return rc < 0 ? -1 : 0;
}

json_t *klar_overview_capacity(klar_store *s, const char *within, klar_error *err)
{
    if (check_within(s, within, err) < 0)
        return NULL;
    json_t *r = result_new(within), *cats = r ? array_in(r, "categories") : NULL;
    json_t *total = json_pack("{s:o, s:o, s:o, s:o}", "physical", count_qty(0, "beds"),
                              "staffed", count_qty(0, "beds"), "surge", count_qty(0, "beds"),
                              "surge_increase", count_qty(0, "beds"));
    if (!cats) {
        json_decref(total);
        return oom(r, err);
    }
    if (put(r, "total", total))
        return oom(r, err);
    if (capacity_rows(s, within, cats, total, err) < 0) {
        json_decref(r);
        return NULL;
    }
    klar_stmt *st = prepare_scoped(s, within, capacity_orgs_sql, err);
    int rc = st ? klar_stmt_step(st, err) : -1;
    if (rc == KLAR_STMT_ROW &&
        (put(r, "organisations_reporting",
             count_qty(klar_stmt_column_int64(st, 0), "organisations")) ||
         put(r, "as_of_latest", text_or_null(klar_stmt_column_text(st, 1)))))
        rc = -2;
    klar_stmt_finalize(st);
    if (rc == -2)
        return oom(r, err);
    if (rc != KLAR_STMT_ROW) {
        json_decref(r);
        return NULL;
    }
    return r;
}

/* ---- stocks ---- */

#define TARGET "CAST(?2 AS DOUBLE PRECISION)"

static const char *const stock_items_sql =
    "SELECT item, unit, MIN(category), COUNT(*), SUM(on_hand), SUM(monthly_consumption),"
    " SUM(CASE WHEN on_hand >= " TARGET " * monthly_consumption THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN on_hand < " TARGET " * monthly_consumption"
    " THEN " TARGET " * monthly_consumption - on_hand ELSE 0 END), MAX(as_of)"
    " FROM stocks WHERE" IN_SCOPE " GROUP BY item, unit ORDER BY item, unit";

static const char *const stock_below_sql =
    "SELECT s.org_id, o.name, s.item, s.unit, s.on_hand, s.monthly_consumption, s.as_of"
    " FROM stocks s JOIN organisations o ON o.id = s.org_id"
    " WHERE s.org_id IN (SELECT id FROM sub) AND s.on_hand < " TARGET " * s.monthly_consumption"
    " ORDER BY s.item, s.unit, s.org_id";

/* "<unit>/month" */
static json_t *per_month(double v, const char *unit)
{
    char u[64];
    snprintf(u, sizeof u, "%s/month", unit);
    return real_qty(v, u);
}

/* Months of cover of on_hand at monthly consumption: a quantity, null value without use (or
 * when a vanishing consumption makes the ratio overflow). */
static json_t *months_of_cover(double on_hand, double monthly)
{
    if (monthly > 0 && isfinite(on_hand / monthly))
        return real_qty(on_hand / monthly, "months");
    return json_pack("{s:n, s:s}", "value", "unit", "months");
}

/* One item from the current row of stock_items_sql; *bad_rows gets its non-compliant rows. */
static json_t *stock_item(klar_stmt *st, json_int_t *compliant_rows, json_int_t *bad_rows)
{
    const char *unit = klar_stmt_column_text(st, 1);
    json_int_t rows = klar_stmt_column_int64(st, 3);
    json_int_t ok = klar_stmt_column_int64(st, 6);
    double on_hand = klar_stmt_column_double(st, 4);
    double monthly = klar_stmt_column_double(st, 5);
    *compliant_rows = ok;
    *bad_rows = rows - ok;
    json_t *it = json_object();
    if (!it || put(it, "item", json_string(klar_stmt_column_text(st, 0))) ||
        put(it, "unit", json_string(unit)) ||
        put(it, "category", json_string(klar_stmt_column_text(st, 2))) ||
        put(it, "institutions", count_qty(rows, "institutions")) ||
        put(it, "compliant_institutions", count_qty(ok, "institutions")) ||
        put(it, "non_compliant_institutions", count_qty(rows - ok, "institutions")) ||
        put(it, "on_hand", real_qty(on_hand, unit)) ||
        put(it, "monthly_consumption", per_month(monthly, unit)) ||
        put(it, "months_of_cover", months_of_cover(on_hand, monthly)) ||
        put(it, "compliant", json_boolean(rows == ok)) ||
        put(it, "shortfall", real_qty(klar_stmt_column_double(st, 7), unit)) ||
        put(it, "as_of_latest", text_or_null(klar_stmt_column_text(st, 8)))) {
        json_decref(it);
        return NULL;
    }
    return it;
}

/* One institution below the target from the current row of stock_below_sql. */
static json_t *stock_below(klar_stmt *st)
{
    const char *unit = klar_stmt_column_text(st, 3);
    double on_hand = klar_stmt_column_double(st, 4);
    double monthly = klar_stmt_column_double(st, 5);
    double shortfall = KLAR_OVERVIEW_STOCK_TARGET_MONTHS * monthly - on_hand;
    json_t *b = json_object();
    if (!b || put(b, "org_id", json_string(klar_stmt_column_text(st, 0))) ||
        put(b, "name", json_string(klar_stmt_column_text(st, 1))) ||
        put(b, "item", json_string(klar_stmt_column_text(st, 2))) ||
        put(b, "unit", json_string(unit)) || put(b, "on_hand", real_qty(on_hand, unit)) ||
        put(b, "monthly_consumption", per_month(monthly, unit)) ||
        put(b, "months_of_cover", months_of_cover(on_hand, monthly)) ||
        put(b, "shortfall", real_qty(shortfall > 0 ? shortfall : 0, unit)) ||
        put(b, "as_of", json_string(klar_stmt_column_text(st, 6)))) {
        json_decref(b);
        return NULL;
    }
    return b;
}

/* Runs the scoped body with ?2 = the target, appending make(row) to arr for every row; the
 * row counters of stock_item are summed into sums[0..1] when sums is not NULL. 0 or -1. */
static int stock_rows(klar_store *s, const char *within, const char *body, json_t *arr,
                      json_int_t *sums, klar_error *err)
{
    klar_stmt *st = prepare_scoped(s, within, body, err);
    if (!st)
        return -1;
    klar_stmt_bind_double(st, 2, KLAR_OVERVIEW_STOCK_TARGET_MONTHS);
    int rc;
    while ((rc = klar_stmt_step(st, err)) == KLAR_STMT_ROW) {
        json_int_t ok = 0, bad = 0;
        json_t *e = sums ? stock_item(st, &ok, &bad) : stock_below(st);
        if (!e || json_array_append_new(arr, e) < 0) {
            klar_error_set(err, NULL, 0, "out of memory");
            rc = -1;
            break;
        }
        if (sums) {
            sums[0] += ok;
            sums[1] += bad;
        }
    }
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : 0;
}

json_t *klar_overview_stocks(klar_store *s, const char *within, klar_error *err)
{
    if (check_within(s, within, err) < 0)
        return NULL;
    json_t *r = result_new(within), *items = NULL, *below = NULL;
    json_t *target = json_pack("{s:f, s:s, s:s}", "value", KLAR_OVERVIEW_STOCK_TARGET_MONTHS,
                               "unit", "months", "source",
                               "Meld. St. 5 (2023-2024) section 4.3: every health and care "
                               "institution is to hold six months of normal consumption (a "
                               "target, not yet a rule in force)");
    if (!r) {
        json_decref(target);
        return oom(r, err);
    }
    if (put(r, "target_months", target) || !(items = array_in(r, "items")) ||
        !(below = array_in(r, "below_target")))
        return oom(r, err);
    json_int_t sums[2] = {0, 0};
    if (stock_rows(s, within, stock_items_sql, items, sums, err) < 0 ||
        stock_rows(s, within, stock_below_sql, below, NULL, err) < 0) {
        json_decref(r);
        return NULL;
    }
    if (put(r, "compliant_rows", count_qty(sums[0], "stock rows")) ||
        put(r, "non_compliant_rows", count_qty(sums[1], "stock rows")))
        return oom(r, err);
    return r;
}

/* ---- reserves ---- */

#define WITHIN_24H "availability IN ('immediate', '24h')"

static const char *const reserve_sql =
    "SELECT profession, COUNT(*), SUM(authorised),"
    " SUM(CASE WHEN " WITHIN_24H " THEN 1 ELSE 0 END), SUM(armed_forces),"
    " SUM(CASE WHEN " WITHIN_24H " AND armed_forces = 0 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN last_verified IS NULL OR last_verified < ?2 THEN 1 ELSE 0 END)"
    " FROM reserves WHERE" IN_SCOPE " GROUP BY profession ORDER BY profession";

static const char *const reserve_conflict_sql =
    "SELECT id, org_id, name, profession, availability FROM reserves"
    " WHERE" IN_SCOPE " AND armed_forces = 1 ORDER BY profession, id";

/* The counted members of a reserves row, in column order from 1. */
static const char *const reserve_members[] = {
    "total", "authorised", "available_24h", "armed_forces_conflict",
    "available_24h_without_conflict", "verification_overdue"};
#define NRESERVE (sizeof reserve_members / sizeof reserve_members[0])

/* A profession (or the totals, profession NULL) from counts. */
static json_t *reserve_entry(const char *profession, const json_int_t counts[NRESERVE])
{
    json_t *e = json_object();
    if (!e || (profession && put(e, "profession", json_string(profession)))) {
        json_decref(e);
        return NULL;
    }
    for (size_t i = 0; i < NRESERVE; i++)
        if (put(e, reserve_members[i], count_qty(counts[i], "persons"))) {
            json_decref(e);
            return NULL;
        }
    return e;
}

void klar_overview_verify_cutoff(const char *today, char out[11])
{
    long long y, days = klar_days_from_civil(atoi(today), atoi(today + 5), atoi(today + 8));
    int m, d;
    klar_civil_from_days(days - KLAR_OVERVIEW_RESERVE_VERIFY_DAYS, &y, &m, &d);
    snprintf(out, 11, "%04lld-%02d-%02d", y, m, d);
}

/* Appends the professions to arr and sums them into total. 0, or -1 with err. */
static int reserve_rows(klar_store *s, const char *within, const char *cutoff, json_t *arr,
                        json_int_t total[NRESERVE], klar_error *err)
{
    klar_stmt *st = prepare_scoped(s, within, reserve_sql, err);
    if (!st)
        return -1;
    klar_stmt_bind_text(st, 2, cutoff);
    int rc;
    while ((rc = klar_stmt_step(st, err)) == KLAR_STMT_ROW) {
        json_int_t counts[NRESERVE];
        for (size_t i = 0; i < NRESERVE; i++) {
            counts[i] = klar_stmt_column_int64(st, (int)i + 1);
            total[i] += counts[i];
        }
        json_t *e = reserve_entry(klar_stmt_column_text(st, 0), counts);
        if (!e || json_array_append_new(arr, e) < 0) {
            klar_error_set(err, NULL, 0, "out of memory");
            rc = -1;
            break;
        }
    }
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* Appends the entries also assigned to the armed forces to arr. 0, or -1 with err. */
static int reserve_conflicts(klar_store *s, const char *within, json_t *arr, klar_error *err)
{
    klar_stmt *st = prepare_scoped(s, within, reserve_conflict_sql, err);
    if (!st)
        return -1;
    int rc;
    while ((rc = klar_stmt_step(st, err)) == KLAR_STMT_ROW) {
        json_t *e = json_pack("{s:I, s:s, s:s, s:s, s:s}", "id",
                              (json_int_t)klar_stmt_column_int64(st, 0), "org_id",
                              klar_stmt_column_text(st, 1), "name", klar_stmt_column_text(st, 2),
                              "profession", klar_stmt_column_text(st, 3), "availability",
                              klar_stmt_column_text(st, 4));
        if (!e || json_array_append_new(arr, e) < 0) {
            klar_error_set(err, NULL, 0, "out of memory");
            rc = -1;
            break;
        }
    }
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : 0;
}

json_t *klar_overview_reserves(klar_store *s, const char *within, const char *today,
                               klar_error *err)
{
    char now[11], cutoff[11];
    if (today && !klar_date_valid(today)) {
        klar_error_set(err, NULL, 0, "today: '%.20s' is not a date YYYY-MM-DD", today);
        return NULL;
    }
    if (!today) {
        klar_today(now);
        today = now;
    }
    if (check_within(s, within, err) < 0)
        return NULL;
    klar_overview_verify_cutoff(today, cutoff);
    json_t *r = result_new(within), *profs = NULL, *conflicts = NULL;
    json_t *interval = json_pack(
        "{s:i, s:s, s:s}", "value", KLAR_OVERVIEW_RESERVE_VERIFY_DAYS, "unit", "days",
        "assumption", "an entry not confirmed with the person for a year is due for "
                      "verification; the white paper asks for an up-to-date overview without "
                      "a fixed interval");
    json_int_t total[NRESERVE] = {0};
    if (!r) {
        json_decref(interval);
        return oom(r, err);
    }
    if (put(r, "verification_interval", interval) || put(r, "as_of", json_string(today)) ||
        !(profs = array_in(r, "professions")))
        return oom(r, err);
    if (reserve_rows(s, within, cutoff, profs, total, err) < 0) {
        json_decref(r);
        return NULL;
    }
    if (put(r, "total", reserve_entry(NULL, total)) || !(conflicts = array_in(r, "conflicts")))
        return oom(r, err);
    if (reserve_conflicts(s, within, conflicts, err) < 0) {
        json_decref(r);
        return NULL;
    }
    return r;
}

/* ---- exercises ---- */

static const char *const exercise_counts_sql =
    "SELECT SUBSTR(start_date, 1, 4), type, status, COUNT(*) FROM exercises"
    " WHERE" IN_SCOPE " AND start_date >= ?2 AND start_date < ?3"
    " GROUP BY SUBSTR(start_date, 1, 4), type, status";

static const char *const exercise_list_sql =
    "SELECT id, org_id, title, type, status, start_date, end_date FROM exercises"
    " WHERE" IN_SCOPE " AND start_date >= ?2 AND start_date < ?3 ORDER BY start_date, id";

/* {"choice": {"value": 0, "unit": "exercises"}, ...} for every choice. */
static json_t *zero_counts(const char *const *choices)
{
    json_t *o = json_object();
    for (const char *const *c = choices; o && *c; c++)
        if (put(o, *c, count_qty(0, "exercises"))) {
            json_decref(o);
            return NULL;
        }
    return o;
}

/* An empty year of the plan. */
static json_t *exercise_year(int year)
{
    json_t *y = json_pack("{s:i, s:o, s:o, s:o, s:o}", "year", year, "total",
                          count_qty(0, "exercises"), "by_type",
                          zero_counts(choices_of(&klar_kind_exercise, "type")), "by_status",
                          zero_counts(choices_of(&klar_kind_exercise, "status")),
                          "exercises", json_array());
    return y;
}

/* Adds n to the value of quantity obj[key]. */
static void bump(json_t *obj, const char *key, json_int_t n)
{
    json_t *v = json_object_get(json_object_get(obj, key), "value");
    json_integer_set(v, json_integer_value(v) + n);
}

/* Binds the year bounds of [from, to] as ?2 (first day) and ?3 (the day after the last). */
static void bind_years(klar_stmt *st, int from, int to)
{
    char lo[24], hi[24];
    snprintf(lo, sizeof lo, "%04d-01-01", from);
    snprintf(hi, sizeof hi, "%04d-01-01", to + 1);
    klar_stmt_bind_text(st, 2, lo);
    klar_stmt_bind_text(st, 3, hi);
}

/* The year object of years for the text "YYYY", or NULL. */
static json_t *year_of(json_t *years, int from, const char *text)
{
    return json_array_get(years, (size_t)(atoi(text) - from));
}

static int exercise_counts(klar_store *s, const char *within, int from, int to, json_t *years,
                           klar_error *err)
{
    klar_stmt *st = prepare_scoped(s, within, exercise_counts_sql, err);
    if (!st)
        return -1;
    bind_years(st, from, to);
    int rc;
    while ((rc = klar_stmt_step(st, err)) == KLAR_STMT_ROW) {
        json_t *y = year_of(years, from, klar_stmt_column_text(st, 0));
        json_int_t n = klar_stmt_column_int64(st, 3);
        if (!y)
            continue;
        bump(y, "total", n);
        bump(json_object_get(y, "by_type"), klar_stmt_column_text(st, 1), n);
        bump(json_object_get(y, "by_status"), klar_stmt_column_text(st, 2), n);
    }
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* One exercise of the plan from the current row of exercise_list_sql. */
static json_t *exercise_entry(klar_stmt *st)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "id",
                     (json_int_t)klar_stmt_column_int64(st, 0), "org_id",
                     klar_stmt_column_text(st, 1), "title", klar_stmt_column_text(st, 2), "type",
                     klar_stmt_column_text(st, 3), "status", klar_stmt_column_text(st, 4),
                     "start_date", klar_stmt_column_text(st, 5), "end_date",
                     text_or_null(klar_stmt_column_text(st, 6)));
}

static int exercise_list(klar_store *s, const char *within, int from, int to, json_t *years,
                         klar_error *err)
{
    klar_stmt *st = prepare_scoped(s, within, exercise_list_sql, err);
    if (!st)
        return -1;
    bind_years(st, from, to);
    int rc;
    while ((rc = klar_stmt_step(st, err)) == KLAR_STMT_ROW) {
        json_t *y = year_of(years, from, klar_stmt_column_text(st, 5));
        if (!y)   /* cannot happen: the query keeps to the years */
            continue;
        if (json_array_append_new(json_object_get(y, "exercises"), exercise_entry(st)) < 0) {
            klar_error_set(err, NULL, 0, "out of memory");
            rc = -1;
            break;
        }
    }
    klar_stmt_finalize(st);
    return rc < 0 ? -1 : 0;
}

json_t *klar_overview_exercises(klar_store *s, const char *within, int from, int to,
                                klar_error *err)
{
    if (from < 1900 || to > 9999 || to < from || to - from > KLAR_OVERVIEW_MAX_YEARS) {
        klar_error_set(err, NULL, 0, "years: %d to %d is not a plan of 1 to %d years within "
                       "1900..9999", from, to, KLAR_OVERVIEW_MAX_YEARS + 1);
        return NULL;
    }
    if (check_within(s, within, err) < 0)
        return NULL;
    json_t *r = result_new(within), *years = NULL;
    if (!r || put(r, "from", json_integer(from)) || put(r, "to", json_integer(to)) ||
        !(years = array_in(r, "years")))
        return oom(r, err);
    for (int y = from; y <= to; y++)
        if (json_array_append_new(years, exercise_year(y)) < 0)
            return oom(r, err);
    if (exercise_counts(s, within, from, to, years, err) < 0 ||
        exercise_list(s, within, from, to, years, err) < 0) {
        json_decref(r);
        return NULL;
    }
    json_int_t total = 0;
    for (size_t i = 0; i < json_array_size(years); i++)
        total += json_integer_value(
            json_object_get(json_object_get(json_array_get(years, i), "total"), "value"));
    if (put(r, "total", count_qty(total, "exercises")))
        return oom(r, err);
    return r;
}

/* ---- situation ---- */

/* The status dimensions of a report and the numbers summed, with their units. */
static const char *const dimensions[] = {"status", "capacity_status", "staff_status",
                                         "stock_status"};
#define NDIM (sizeof dimensions / sizeof dimensions[0])
static const struct {
    const char *name, *unit;
} sums[] = {{"beds_occupied", "beds"}, {"beds_available", "beds"}, {"icu_occupied", "beds"},
            {"icu_available", "beds"}, {"staff_absent", "persons"}};
#define NSUMS (sizeof sums / sizeof sums[0])

/* The levels from best to worst (the kind's order: normal, strained, critical). */
static const char *const *levels(void)
{
    return choices_of(&klar_kind_situation_report, "status");
}

static size_t nlevels(void)
{
    size_t n = 0;
    while (levels()[n])
        n++;
    return n;
}

/* The aggregate query over the reports of ?2: COUNT(*), then one count per dimension and level,
 * then SUM and COUNT of every number. The names come from the tables above, not from input. */
static int situation_sql(char *sql, size_t size)
{
    size_t used = (size_t)snprintf(sql, size, "SELECT COUNT(*)");
    for (size_t d = 0; d < NDIM; d++)
        for (size_t l = 0; levels()[l] && used < size; l++)
            used += (size_t)snprintf(sql + used, size - used,
                                     ", SUM(CASE WHEN %s = '%s' THEN 1 ELSE 0 END)",
                                     dimensions[d], levels()[l]);
    for (size_t i = 0; i < NSUMS && used < size; i++)
        used += (size_t)snprintf(sql + used, size - used, ", SUM(%s), COUNT(%s)", sums[i].name,
                                 sums[i].name);
    if (used < size)
        used += (size_t)snprintf(sql + used, size - used,
                                 " FROM situation_reports WHERE" IN_SCOPE " AND date = ?2");
    return used < size ? 0 : -1;
}

/* One dimension's counts per level from column col on, with its worst level. */
static json_t *dimension_counts(klar_stmt *st, int col)
{
    json_t *o = json_object();
    const char *worst = NULL;
    for (size_t l = 0; o && levels()[l]; l++) {
        json_int_t n = klar_stmt_column_int64(st, col + (int)l);
        if (n > 0)
            worst = levels()[l];
        if (put(o, levels()[l], count_qty(n, "reports"))) {
            json_decref(o);
            return NULL;
        }
    }
    if (o && put(o, "worst", text_or_null(worst))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Fills r from the aggregate row. 0, or -1 out of memory. */
static int situation_fill(json_t *r, klar_stmt *st)
{
    if (put(r, "reports_received", count_qty(klar_stmt_column_int64(st, 0), "reports")))
        return -1;
    int col = 1, nl = (int)nlevels();
    for (size_t d = 0; d < NDIM; d++, col += nl) {
        json_t *o = dimension_counts(st, col);
        if (put(r, dimensions[d], o))
            return -1;
        if (d == 0 && put(r, "worst_status", json_incref(json_object_get(o, "worst"))))
            return -1;
    }
    for (size_t i = 0; i < NSUMS; i++, col += 2) {
        json_t *q = count_qty(klar_stmt_column_int64(st, col), sums[i].unit);
        if (put(r, sums[i].name, q) ||   /* r owns q from here */
            put(q, "reported_by", count_qty(klar_stmt_column_int64(st, col + 1), "reports")))
            return -1;
    }
    return 0;
}

static const char *const missing_hf_sql =
    "SELECT o.id, o.name FROM organisations o WHERE o.type = 'hf'"
    " AND o.id IN (SELECT id FROM sub) AND NOT EXISTS (SELECT 1 FROM situation_reports r"
    " WHERE r.org_id = o.id AND r.date = ?2) ORDER BY o.id";

/* Adds "missing_hfs" and its count. 0, or -1 with err. */
static int situation_missing(klar_store *s, const char *within, const char *date, json_t *r,
                             klar_error *err)
{
    json_t *missing = json_array();
    klar_stmt *st = missing ? prepare_scoped(s, within, missing_hf_sql, err) : NULL;
    int rc = st ? 0 : -1;
    if (st)
        klar_stmt_bind_text(st, 2, date);
    while (st && (rc = klar_stmt_step(st, err)) == KLAR_STMT_ROW)
        if (json_array_append_new(missing, json_pack("{s:s, s:s}", "id",
                                                     klar_stmt_column_text(st, 0), "name",
                                                     klar_stmt_column_text(st, 1))) < 0) {
            rc = -2;
            break;
        }
    klar_stmt_finalize(st);
    if (rc >= 0 && (put(r, "missing_hf_count",
                        count_qty((json_int_t)json_array_size(missing), "hospital trusts")) ||
                    put(r, "missing_hfs", json_incref(missing))))
        rc = -2;
    json_decref(missing);
    if (!missing || rc == -2)
        klar_error_set(err, NULL, 0, "out of memory");
    return rc < 0 ? -1 : 0;
}

/* Adds the aggregate members of the reports of date. 0, or -1 with err. */
static int situation_aggregate(klar_store *s, const char *within, const char *date, json_t *r,
                               klar_error *err)
{
    char sql[SQL_SIZE];
    if (situation_sql(sql, sizeof sql) < 0) {
        klar_error_set(err, NULL, 0, "overview query too long");
        return -1;
    }
    klar_stmt *st = prepare_scoped(s, within, sql, err);
    if (!st)
        return -1;
    klar_stmt_bind_text(st, 2, date);
    int rc = klar_stmt_step(st, err);
    if (rc == KLAR_STMT_ROW && situation_fill(r, st) < 0) {
        klar_error_set(err, NULL, 0, "out of memory");
        rc = -1;
    }
    klar_stmt_finalize(st);
    return rc == KLAR_STMT_ROW ? 0 : -1;
}

json_t *klar_overview_situation(klar_store *s, const char *within, const char *date,
                                klar_error *err)
{
    if (!date || !klar_date_valid(date)) {
        klar_error_set(err, NULL, 0, "date: '%.20s' is not a date YYYY-MM-DD",
                       date ? date : "");
        return NULL;
    }
    if (check_within(s, within, err) < 0)
        return NULL;
    json_t *r = result_new(within);
    if (!r || put(r, "date", json_string(date)))
        return oom(r, err);
    klar_record_filter f = {.within = within, .names = {"date"}, .values = {date}, .n = 1};
    json_t *reports = klar_record_list(s, &klar_kind_situation_report, &f, err);
    if (!reports || situation_aggregate(s, within, date, r, err) < 0 ||
        situation_missing(s, within, date, r, err) < 0) {
        json_decref(reports);
        json_decref(r);
        return NULL;
    }
    if (put(r, "reports", reports))
        return oom(r, err);
    return r;
}

/* ---- the situation over a range of days ------------------------------------------------------ */

/* The day number of a valid date. */
static long long day_number(const char *date)
{
    return klar_days_from_civil(atoi(date), atoi(date + 5), atoi(date + 8));
}

json_t *klar_overview_situation_days(klar_store *s, const char *within, const char *from,
                                     const char *to, klar_error *err)
{
    const char *bad = !from || !klar_date_valid(from) ? "from" : !to || !klar_date_valid(to) ? "to" : NULL;
    if (bad) {
        klar_error_field(err, KLAR_ERR_INVALID, bad, "%s must be a date YYYY-MM-DD", bad);
        return NULL;
    }
    long long first = day_number(from), last = day_number(to);
    if (last < first || last - first >= KLAR_OVERVIEW_MAX_DAYS) {
        klar_error_field(err, KLAR_ERR_INVALID, "to", "to must be from 'from' to %d days after it",
                         KLAR_OVERVIEW_MAX_DAYS - 1);
        return NULL;
    }
    json_t *days = json_array();
    for (long long d = first; days && d <= last; d++) {
        long long y;
        int m, dd;
        char date[16];
        klar_civil_from_days(d, &y, &m, &dd);
        snprintf(date, sizeof date, "%04lld-%02d-%02d", y, m, dd);
        json_t *one = klar_overview_situation(s, within, date, err);
        if (!one || json_array_append_new(days, one) != 0) {
            json_decref(days);
            return NULL;
        }
    }
    json_t *r = days ? json_pack("{s:s, s:s, s:s, s:o}", "within", within, "from", from, "to", to,
                                 "days", days) : NULL;
    if (!r)
        klar_error_set(err, NULL, 0, "out of memory");
    return r;
}

/* ---- one figure of an area, for the map -------------------------------------------------------- */

static const char *const indicators[] = {"situation", "icu", "risks", "stocks"};

int klar_overview_indicator_valid(const char *indicator)
{
    for (size_t i = 0; indicator && i < sizeof indicators / sizeof indicators[0]; i++)
        if (strcmp(indicator, indicators[i]) == 0)
            return 1;
    return 0;
}

/* The worst status of the day's reports, or null when none came. */
static json_t *situation_figure(klar_store *s, const char *area, const char *today,
                                klar_error *err)
{
    json_t *d = klar_overview_situation(s, area, today, err);
    if (!d)
        return NULL;
    json_t *worst = json_object_get(d, "worst_status");
    json_t *v = json_is_string(worst) ? json_string(json_string_value(worst)) : json_null();
    json_decref(d);
    return json_pack("{s:o, s:s}", "value", v, "unit", "status");
}

/* The staffed beds of the ICU category, or null when no organisation gave ICU figures. */
static json_t *icu_figure(klar_store *s, const char *area, klar_error *err)
{
    json_t *d = klar_overview_capacity(s, area, err), *c;
    size_t i;
    if (!d)
        return NULL;
    json_t *staffed = json_null();
    json_array_foreach(json_object_get(d, "categories"), i, c) {
        const char *category = json_string_value(json_object_get(c, "category"));
        json_t *counted = json_object_get(json_object_get(c, "organisations"), "value");
        if (category && strcmp(category, "icu") == 0 && json_integer_value(counted) > 0) {
            staffed = json_copy(json_object_get(json_object_get(c, "staffed"), "value"));
            break;
        }
    }
    json_decref(d);
    return json_pack("{s:o, s:s}", "value", staffed ? staffed : json_null(), "unit", "beds");
}

/* The stock items short of the target, or null when the area has no stocks. */
static json_t *stocks_figure(klar_store *s, const char *area, klar_error *err)
{
    json_t *d = klar_overview_stocks(s, area, err), *it;
    size_t i, shortfall = 0;
    if (!d)
        return NULL;
    json_t *items = json_object_get(d, "items");
    json_array_foreach(items, i, it)
        shortfall += json_is_false(json_object_get(it, "compliant"));
    json_t *v = json_array_size(items) ? json_integer((json_int_t)shortfall) : json_null();
    json_decref(d);
    return json_pack("{s:o, s:s}", "value", v, "unit", "items");   /* null: no stocks */
}

json_t *klar_overview_indicator(klar_store *s, const char *area, const char *indicator,
                                const char *today, klar_error *err)
{
    if (!klar_overview_indicator_valid(indicator)) {
        klar_error_field(err, KLAR_ERR_INVALID, "indicator",
                         "indicator must be situation, icu, risks or stocks");
        return NULL;
    }
    json_t *r;
    klar_error_clear(err);
    if (strcmp(indicator, "situation") == 0) {
        r = situation_figure(s, area, today, err);
    } else if (strcmp(indicator, "icu") == 0) {
        r = icu_figure(s, area, err);
    } else if (strcmp(indicator, "stocks") == 0) {
        r = stocks_figure(s, area, err);
    } else {
        long counts[5][5];
        long total = klar_risk_matrix(s, area, counts, err);
        r = total < 0 ? NULL : json_pack("{s:I, s:s}", "value", (json_int_t)total, "unit", "risks");
    }
    if (!r && !err->message[0])
        klar_error_set(err, NULL, 0, "out of memory");
    return r;
}
