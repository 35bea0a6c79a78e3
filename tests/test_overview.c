/* test_overview.c - the registry's roll-ups (klar/overview.h) against hand-computed figures:
 * bed sums per category, months of cover and the six-month rule (a non-compliant institution,
 * the exact boundary, items kept apart by unit), reserves per profession with the armed-forces
 * conflict and the one-year verification, the exercise plan by year, the situation of one day
 * (worst status, sums with how many reported, missing HFs); each also scoped to a subtree so
 * that another RHF's data are not counted. Then the demo dataset (klar/demo.h): added once,
 * every text marked as demo, an overdue learning point, surge parameters that parse, and the
 * demo login. On SQLite and, when KLAR_TEST_PG names a database, on PostgreSQL (*_pg). */
#include "klar/datadir.h"
#include "klar/demo.h"
#include "klar/auth.h"
#include "klar/overview.h"
#include "klar/record.h"
#include "klar/registry.h"
#include "klar/store.h"
#include "klar/surge.h"
#include "store_test_util.h"
#include "test.h"

#include <jansson.h>

static char dir[64];

/* Creates a record of kind k from rec (consumed); 1 on success, else 0 with the reason. */
static int add(klar_store *s, const klar_kind *k, json_t *rec)
{
    klar_error err;
    int rc = rec ? klar_record_create(s, k, 0, rec, NULL, &err) : -9;
    if (rc != 0)
        fprintf(stderr, "  %s: %d %s (%s)\n", k->name, rc, rc == -9 ? "bad pack" : err.message,
                rc == -9 ? "" : err.field);
    json_decref(rec);
    return rc == 0;
}

/* The "value" of the quantity o[key] (NAN when absent or null). */
static double qv(const json_t *o, const char *key)
{
    json_t *v = json_object_get(json_object_get(o, key), "value");
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* The unit of the quantity o[key], or "". */
static const char *qu(const json_t *o, const char *key)
{
    const char *u = json_string_value(json_object_get(json_object_get(o, key), "unit"));
    return u ? u : "";
}

/* The element of array arr whose member name is value (and, if name2, name2 is value2). */
static json_t *find(const json_t *arr, const char *name, const char *value, const char *name2,
                    const char *value2)
{
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *e = json_array_get(arr, i);
        const char *v = json_string_value(json_object_get(e, name));
        const char *v2 = name2 ? json_string_value(json_object_get(e, name2)) : NULL;
        if (v && strcmp(v, value) == 0 && (!name2 || (v2 && strcmp(v2, value2) == 0)))
            return e;
    }
    return NULL;
}

static const char *str(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

/* ---- capacity ---- */

static json_t *beds(const char *org, const char *category, int physical, int staffed, int surge,
                    const char *as_of)
{
    return json_pack("{s:s, s:s, s:i, s:i, s:i, s:s}", "org_id", org, "category", category,
                     "physical", physical, "staffed", staffed, "surge", surge, "as_of", as_of);
}

static void test_capacity(void)
{
    klar_error err;
    klar_store *s = store_test_open_seeded(dir, "capacity");
    if (!s) {
        CHECK(0);
        return;
    }
    CHECK(add(s, &klar_kind_capacity, beds("helse-bergen", "ward", 100, 90, 120, "2025-01-10")));
    CHECK(add(s, &klar_kind_capacity, beds("helse-bergen", "icu", 10, 8, 20, "2025-01-10")));
    CHECK(add(s, &klar_kind_capacity, beds("helse-stavanger", "ward", 50, 45, 60, "2025-02-01")));
    CHECK(add(s, &klar_kind_capacity, beds("unn", "ward", 999, 900, 1000, "2025-03-01")));

    json_t *r = klar_overview_capacity(s, "helse-vest", &err);
    CHECK(r != NULL);
    json_t *cats = json_object_get(r, "categories");
    CHECK(json_array_size(cats) == 3);
    CHECK(strcmp(str(json_array_get(cats, 0), "category"), "ward") == 0);
    json_t *ward = find(cats, "category", "ward", NULL, NULL);
    json_t *icu = find(cats, "category", "icu", NULL, NULL);
    json_t *mid = find(cats, "category", "intermediate", NULL, NULL);
    CHECK_NEAR(qv(ward, "physical"), 150, 0);     /* unn's 999 beds are Helse Nord's */
    CHECK_NEAR(qv(ward, "staffed"), 135, 0);
    CHECK_NEAR(qv(ward, "surge"), 180, 0);
    CHECK_NEAR(qv(ward, "surge_increase"), 45, 0);
    CHECK_NEAR(qv(ward, "organisations"), 2, 0);
    CHECK(strcmp(qu(ward, "physical"), "beds") == 0);
    CHECK(strcmp(qu(ward, "organisations"), "organisations") == 0);
    CHECK(strcmp(str(ward, "as_of_latest"), "2025-02-01") == 0);
    CHECK_NEAR(qv(icu, "surge"), 20, 0);
    CHECK_NEAR(qv(mid, "physical"), 0, 0);
    CHECK_NEAR(qv(mid, "organisations"), 0, 0);
    CHECK(json_is_null(json_object_get(mid, "as_of_latest")));
    json_t *total = json_object_get(r, "total");
    CHECK_NEAR(qv(total, "physical"), 160, 0);
    CHECK_NEAR(qv(total, "staffed"), 143, 0);
    CHECK_NEAR(qv(total, "surge"), 200, 0);
    CHECK(strcmp(qu(total, "surge"), "beds") == 0);
    CHECK_NEAR(qv(r, "organisations_reporting"), 2, 0);
    CHECK(strcmp(str(r, "within"), "helse-vest") == 0);
    json_decref(r);

    r = klar_overview_capacity(s, "helse-bergen", &err);
    CHECK_NEAR(qv(find(json_object_get(r, "categories"), "category", "ward", NULL, NULL),
                  "physical"), 100, 0);
    json_decref(r);
    r = klar_overview_capacity(s, NULL, &err);   /* every organisation */
    CHECK_NEAR(qv(find(json_object_get(r, "categories"), "category", "ward", NULL, NULL),
                  "physical"), 1149, 0);
    CHECK_NEAR(qv(r, "organisations_reporting"), 3, 0);
    CHECK(json_is_null(json_object_get(r, "within")));
    json_decref(r);
    r = klar_overview_capacity(s, "helse-sor-ost", &err);
    CHECK_NEAR(qv(json_object_get(r, "total"), "physical"), 0, 0);
    json_decref(r);
    CHECK(klar_overview_capacity(s, "nowhere", &err) == NULL);
    CHECK(test_contains(err.message, "within"));
    klar_store_close(s);
}

/* ---- stocks ---- */

static json_t *stock(const char *org, const char *item, const char *unit, double on_hand,
                     double monthly)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:f, s:f, s:s}", "org_id", org, "item", item,
                     "category", "infection-control", "unit", unit, "on_hand", on_hand,
                     "monthly_consumption", monthly, "as_of", "2025-01-15");
}

static void test_stocks(void)
{
    klar_error err;
    klar_store *s = store_test_open_seeded(dir, "stocks");
    if (!s) {
        CHECK(0);
        return;
    }
    CHECK(add(s, &klar_kind_stock, stock("helse-bergen", "ffp2", "pieces", 480, 60)));   /* 8 */
    CHECK(add(s, &klar_kind_stock, stock("helse-stavanger", "ffp2", "pieces", 150, 40)));
    CHECK(add(s, &klar_kind_stock, stock("helse-fonna", "ffp2", "boxes", 10, 5)));       /* 2 */
    CHECK(add(s, &klar_kind_stock, stock("helse-forde", "masks", "pieces", 60, 10)));    /* 6 */
    CHECK(add(s, &klar_kind_stock, stock("helse-bergen", "gloves", "pairs", 100, 0)));
    CHECK(add(s, &klar_kind_stock, stock("unn", "ffp2", "pieces", 1, 100)));             /* Nord */

    json_t *r = klar_overview_stocks(s, "helse-vest", &err);
    CHECK(r != NULL);
    CHECK_NEAR(qv(r, "target_months"), 6, 0);
    CHECK(strcmp(qu(r, "target_months"), "months") == 0);
    CHECK(test_contains(str(json_object_get(r, "target_months"), "source"), "Meld. St. 5"));
    json_t *items = json_object_get(r, "items");
    CHECK(json_array_size(items) == 4);
    json_t *pieces = find(items, "item", "ffp2", "unit", "pieces");
    CHECK_NEAR(qv(pieces, "on_hand"), 630, 1e-9);   /* 480 + 150, not unn's 1 */
    CHECK(strcmp(qu(pieces, "on_hand"), "pieces") == 0);
    CHECK_NEAR(qv(pieces, "monthly_consumption"), 100, 1e-9);
    CHECK(strcmp(qu(pieces, "monthly_consumption"), "pieces/month") == 0);
    CHECK_NEAR(qv(pieces, "months_of_cover"), 6.3, 1e-9);
    CHECK(strcmp(qu(pieces, "months_of_cover"), "months") == 0);
    CHECK(json_is_false(json_object_get(pieces, "compliant")));   /* Stavanger: 3.75 months */
    CHECK_NEAR(qv(pieces, "shortfall"), 90, 1e-9);                 /* 6 x 40 - 150 */
    CHECK_NEAR(qv(pieces, "institutions"), 2, 0);
    CHECK_NEAR(qv(pieces, "compliant_institutions"), 1, 0);
    CHECK_NEAR(qv(pieces, "non_compliant_institutions"), 1, 0);
    json_t *boxes = find(items, "item", "ffp2", "unit", "boxes");
    CHECK_NEAR(qv(boxes, "months_of_cover"), 2, 1e-9);
    CHECK_NEAR(qv(boxes, "shortfall"), 20, 1e-9);
    json_t *masks = find(items, "item", "masks", NULL, NULL);
    CHECK(json_is_true(json_object_get(masks, "compliant")));    /* exactly six months */
    CHECK_NEAR(qv(masks, "shortfall"), 0, 0);
    json_t *gloves = find(items, "item", "gloves", NULL, NULL);
    CHECK(json_is_null(json_object_get(json_object_get(gloves, "months_of_cover"), "value")));
    CHECK(json_is_true(json_object_get(gloves, "compliant")));
    json_t *below = json_object_get(r, "below_target");
    CHECK(json_array_size(below) == 2);
    CHECK(strcmp(str(json_array_get(below, 0), "org_id"), "helse-fonna") == 0);   /* boxes */
    json_t *stav = json_array_get(below, 1);
    CHECK(strcmp(str(stav, "org_id"), "helse-stavanger") == 0);
    CHECK(strcmp(str(stav, "name"), "Helse Stavanger HF") == 0);
    CHECK_NEAR(qv(stav, "months_of_cover"), 3.75, 1e-9);
    CHECK_NEAR(qv(stav, "shortfall"), 90, 1e-9);
    CHECK_NEAR(qv(r, "compliant_rows"), 3, 0);
    CHECK_NEAR(qv(r, "non_compliant_rows"), 2, 0);
    json_decref(r);

    r = klar_overview_stocks(s, NULL, &err);
    pieces = find(json_object_get(r, "items"), "item", "ffp2", "unit", "pieces");
    CHECK_NEAR(qv(pieces, "on_hand"), 631, 1e-9);
    CHECK_NEAR(qv(pieces, "shortfall"), 689, 1e-9);   /* 90 + 6 x 100 - 1 */
    CHECK(json_array_size(json_object_get(r, "below_target")) == 3);
    json_decref(r);
    r = klar_overview_stocks(s, "helse-bergen", &err);
    CHECK(json_array_size(json_object_get(r, "below_target")) == 0);
    CHECK_NEAR(qv(r, "non_compliant_rows"), 0, 0);
    json_decref(r);
    klar_store_close(s);
}

/* ---- reserves ---- */

static json_t *reserve(const char *org, const char *profession, int authorised,
                       const char *availability, const char *verified, int armed_forces)
{
    return json_pack("{s:s, s:s, s:s, s:b, s:s, s:s?, s:b}", "org_id", org, "name", "N.N.",
                     "profession", profession, "authorised", authorised, "availability",
                     availability, "last_verified", verified, "armed_forces", armed_forces);
}

static void test_reserves(void)
{
    klar_error err;
    klar_store *s = store_test_open_seeded(dir, "reserves");
    if (!s) {
        CHECK(0);
        return;
    }
    /* as of 2025-06-30 a verification on 2024-06-30 is 365 days old (due), 2024-06-29 is 366 */
    CHECK(add(s, &klar_kind_reserve, reserve("helse-bergen", "nurse", 1, "24h", "2025-01-01", 0)));
    CHECK(add(s, &klar_kind_reserve, reserve("helse-bergen", "nurse", 1, "immediate",
                                             "2024-06-30", 1)));
    CHECK(add(s, &klar_kind_reserve, reserve("helse-stavanger", "nurse", 0, "72h", "2024-06-29",
                                             0)));
    CHECK(add(s, &klar_kind_reserve, reserve("helse-bergen", "physician", 1, "1-week", NULL, 1)));
    CHECK(add(s, &klar_kind_reserve, reserve("unn", "nurse", 1, "immediate", NULL, 1)));

    json_t *r = klar_overview_reserves(s, "helse-vest", "2025-06-30", &err);
    CHECK(r != NULL);
    json_t *profs = json_object_get(r, "professions");
    CHECK(json_array_size(profs) == 2);
    json_t *nurse = find(profs, "profession", "nurse", NULL, NULL);
    CHECK_NEAR(qv(nurse, "total"), 3, 0);
    CHECK(strcmp(qu(nurse, "total"), "persons") == 0);
    CHECK_NEAR(qv(nurse, "authorised"), 2, 0);
    CHECK_NEAR(qv(nurse, "available_24h"), 2, 0);
    CHECK_NEAR(qv(nurse, "armed_forces_conflict"), 1, 0);
    CHECK_NEAR(qv(nurse, "available_24h_without_conflict"), 1, 0);
    CHECK_NEAR(qv(nurse, "verification_overdue"), 1, 0);
    json_t *doc = find(profs, "profession", "physician", NULL, NULL);
    CHECK_NEAR(qv(doc, "available_24h"), 0, 0);
    CHECK_NEAR(qv(doc, "armed_forces_conflict"), 1, 0);
    CHECK_NEAR(qv(doc, "verification_overdue"), 1, 0);   /* never verified */
    json_t *total = json_object_get(r, "total");
    CHECK_NEAR(qv(total, "total"), 4, 0);
    CHECK_NEAR(qv(total, "armed_forces_conflict"), 2, 0);
    CHECK_NEAR(qv(total, "verification_overdue"), 2, 0);
    json_t *conflicts = json_object_get(r, "conflicts");
    CHECK(json_array_size(conflicts) == 2);   /* not unn's */
    for (size_t i = 0; i < json_array_size(conflicts); i++)
        CHECK(strcmp(str(json_array_get(conflicts, i), "org_id"), "unn") != 0);
    CHECK_NEAR(qv(r, "verification_interval"), 365, 0);
    CHECK(json_object_get(json_object_get(r, "verification_interval"), "assumption") != NULL);

    /* the same count as the records' own derived flag */
    klar_record_filter f = {.within = "helse-vest", .today = "2025-06-30"};
    json_t *list = klar_record_list(s, &klar_kind_reserve, &f, &err);
    int overdue = 0;
    for (size_t i = 0; i < json_array_size(list); i++)
        overdue += json_is_true(json_object_get(json_array_get(list, i), "verification_overdue"));
    CHECK(overdue == 2);
    json_decref(list);
    json_decref(r);

    r = klar_overview_reserves(s, NULL, "2025-06-30", &err);
    nurse = find(json_object_get(r, "professions"), "profession", "nurse", NULL, NULL);
    CHECK_NEAR(qv(nurse, "total"), 4, 0);
    CHECK_NEAR(qv(nurse, "armed_forces_conflict"), 2, 0);
    json_decref(r);
    r = klar_overview_reserves(s, "helse-vest", "2026-01-02", &err);   /* a year on */
    CHECK_NEAR(qv(json_object_get(r, "total"), "verification_overdue"), 4, 0);
    json_decref(r);
    CHECK(klar_overview_reserves(s, "helse-vest", "2025-02-30", &err) == NULL);
    CHECK(test_contains(err.message, "today"));
    klar_store_close(s);
}

/* ---- exercises ---- */

static json_t *exercise(const char *org, const char *type, const char *status, const char *start)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "org_id", org, "title", "Øvelse", "type",
                     type, "status", status, "start_date", start);
}

static void test_exercises(void)
{
    klar_error err;
    klar_store *s = store_test_open_seeded(dir, "exercises");
    if (!s) {
        CHECK(0);
        return;
    }
    CHECK(add(s, &klar_kind_exercise, exercise("helse-vest", "tabletop", "evaluated",
                                               "2024-03-01")));
    CHECK(add(s, &klar_kind_exercise, exercise("helse-bergen", "drill", "cancelled",
                                               "2025-11-30")));
    CHECK(add(s, &klar_kind_exercise, exercise("helse-bergen", "alert", "planned",
                                               "2025-02-01")));
    CHECK(add(s, &klar_kind_exercise, exercise("unn", "full-scale", "planned", "2025-05-05")));
    CHECK(add(s, &klar_kind_exercise, exercise("helse-stavanger", "seminar", "planned",
                                               "2027-01-01")));

    json_t *r = klar_overview_exercises(s, "helse-vest", 2024, 2026, &err);
    CHECK(r != NULL);
    json_t *years = json_object_get(r, "years");
    CHECK(json_array_size(years) == 3);
    json_t *y24 = json_array_get(years, 0), *y25 = json_array_get(years, 1);
    json_t *y26 = json_array_get(years, 2);
    CHECK(json_integer_value(json_object_get(y24, "year")) == 2024);
    CHECK_NEAR(qv(y24, "total"), 1, 0);
    CHECK(strcmp(qu(y24, "total"), "exercises") == 0);
    CHECK_NEAR(qv(json_object_get(y24, "by_type"), "tabletop"), 1, 0);
    CHECK_NEAR(qv(json_object_get(y24, "by_status"), "evaluated"), 1, 0);
    CHECK_NEAR(qv(y25, "total"), 2, 0);   /* not unn's full-scale exercise */
    CHECK_NEAR(qv(json_object_get(y25, "by_type"), "full-scale"), 0, 0);
    CHECK_NEAR(qv(json_object_get(y25, "by_type"), "alert"), 1, 0);
    CHECK_NEAR(qv(json_object_get(y25, "by_status"), "planned"), 1, 0);
    CHECK_NEAR(qv(json_object_get(y25, "by_status"), "cancelled"), 1, 0);
    json_t *list = json_object_get(y25, "exercises");
    CHECK(json_array_size(list) == 2);
    CHECK(strcmp(str(json_array_get(list, 0), "type"), "alert") == 0);   /* by start date */
    CHECK(strcmp(str(json_array_get(list, 1), "start_date"), "2025-11-30") == 0);
    CHECK_NEAR(qv(y26, "total"), 0, 0);   /* 2027 lies outside */
    CHECK(json_array_size(json_object_get(y26, "exercises")) == 0);
    CHECK_NEAR(qv(r, "total"), 3, 0);
    json_decref(r);

    r = klar_overview_exercises(s, NULL, 2025, 2025, &err);
    CHECK_NEAR(qv(json_array_get(json_object_get(r, "years"), 0), "total"), 3, 0);
    json_decref(r);
    CHECK(klar_overview_exercises(s, "helse-vest", 2024, 2045, &err) == NULL);
    CHECK(klar_overview_exercises(s, "helse-vest", 2026, 2024, &err) == NULL);
    r = klar_overview_exercises(s, "helse-vest", 2024, 2044, &err);   /* 21 years: the most */
    CHECK(json_array_size(json_object_get(r, "years")) == 21);
    CHECK_NEAR(qv(r, "total"), 4, 0);
    json_decref(r);
    klar_store_close(s);
}

/* ---- situation ---- */

static json_t *report(const char *org, const char *date, const char *status,
                      const char *capacity, const char *staff, const char *stock_status,
                      int beds_occupied, int icu_occupied, int staff_absent)
{
    json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "org_id", org, "date", date,
                          "status", status, "capacity_status", capacity, "staff_status", staff,
                          "stock_status", stock_status);
    if (r && beds_occupied >= 0)
        json_object_set_new(r, "beds_occupied", json_integer(beds_occupied));
    if (r && icu_occupied >= 0)
        json_object_set_new(r, "icu_occupied", json_integer(icu_occupied));
    if (r && staff_absent >= 0)
        json_object_set_new(r, "staff_absent", json_integer(staff_absent));
    return r;
}

static void test_situation(void)
{
    klar_error err;
    klar_store *s = store_test_open_seeded(dir, "situation");
    if (!s) {
        CHECK(0);
        return;
    }
    const char *d = "2025-03-10";
    CHECK(add(s, &klar_kind_situation_report, report("helse-bergen", d, "strained", "strained",
                                                     "normal", "normal", 100, 10, 30)));
    CHECK(add(s, &klar_kind_situation_report, report("helse-stavanger", d, "critical", "normal",
                                                     "critical", "strained", 50, -1, 20)));
    CHECK(add(s, &klar_kind_situation_report, report("helse-vest", d, "normal", "normal",
                                                     "normal", "normal", -1, -1, -1)));
    CHECK(add(s, &klar_kind_situation_report, report("helse-bergen", "2025-03-09", "critical",
                                                     "critical", "critical", "critical", 999,
                                                     99, 999)));
    CHECK(add(s, &klar_kind_situation_report, report("unn", d, "critical", "critical",
                                                     "critical", "critical", 500, 50, 500)));

    json_t *r = klar_overview_situation(s, "helse-vest", d, &err);
    CHECK(r != NULL);
    CHECK_NEAR(qv(r, "reports_received"), 3, 0);
    CHECK(strcmp(qu(r, "reports_received"), "reports") == 0);
    CHECK(strcmp(str(r, "worst_status"), "critical") == 0);
    json_t *st = json_object_get(r, "status");
    CHECK_NEAR(qv(st, "normal"), 1, 0);
    CHECK_NEAR(qv(st, "strained"), 1, 0);
    CHECK_NEAR(qv(st, "critical"), 1, 0);
    json_t *cap = json_object_get(r, "capacity_status");
    CHECK_NEAR(qv(cap, "normal"), 2, 0);
    CHECK(strcmp(str(cap, "worst"), "strained") == 0);   /* not the day before's critical */
    CHECK(strcmp(str(json_object_get(r, "staff_status"), "worst"), "critical") == 0);
    CHECK(strcmp(str(json_object_get(r, "stock_status"), "worst"), "strained") == 0);
    json_t *beds_occ = json_object_get(r, "beds_occupied");
    CHECK_NEAR(qv(r, "beds_occupied"), 150, 0);
    CHECK(strcmp(qu(r, "beds_occupied"), "beds") == 0);
    CHECK_NEAR(qv(beds_occ, "reported_by"), 2, 0);
    CHECK_NEAR(qv(r, "icu_occupied"), 10, 0);
    CHECK_NEAR(qv(json_object_get(r, "icu_occupied"), "reported_by"), 1, 0);
    CHECK_NEAR(qv(r, "icu_available"), 0, 0);
    CHECK_NEAR(qv(json_object_get(r, "icu_available"), "reported_by"), 0, 0);
    CHECK_NEAR(qv(r, "staff_absent"), 50, 0);
    CHECK(strcmp(qu(r, "staff_absent"), "persons") == 0);
    json_t *missing = json_object_get(r, "missing_hfs");
    CHECK(json_array_size(missing) == 3);
    CHECK(strcmp(str(json_array_get(missing, 0), "id"), "helse-fonna") == 0);
    CHECK(strcmp(str(json_array_get(missing, 1), "id"), "helse-forde") == 0);
    CHECK(strcmp(str(json_array_get(missing, 2), "id"), "sjukehusapoteka-vest") == 0);
    CHECK(strcmp(str(json_array_get(missing, 0), "name"), "Helse Fonna HF") == 0);
    CHECK_NEAR(qv(r, "missing_hf_count"), 3, 0);
    CHECK(json_array_size(json_object_get(r, "reports")) == 3);
    json_decref(r);

    r = klar_overview_situation(s, "helse-bergen", d, &err);
    CHECK_NEAR(qv(r, "reports_received"), 1, 0);
    CHECK(strcmp(str(r, "worst_status"), "strained") == 0);
    CHECK(json_array_size(json_object_get(r, "missing_hfs")) == 0);
    json_decref(r);
    r = klar_overview_situation(s, "helse-vest", "2025-03-11", &err);   /* nobody reported */
    CHECK_NEAR(qv(r, "reports_received"), 0, 0);
    CHECK(json_is_null(json_object_get(r, "worst_status")));
    CHECK_NEAR(qv(r, "beds_occupied"), 0, 0);
    CHECK_NEAR(qv(r, "missing_hf_count"), 5, 0);
    json_decref(r);
    r = klar_overview_situation(s, NULL, d, &err);   /* the national roll-up */
    CHECK_NEAR(qv(r, "reports_received"), 4, 0);
    CHECK_NEAR(qv(r, "beds_occupied"), 650, 0);
    CHECK_NEAR(qv(r, "missing_hf_count"), 31 - 3, 0);
    json_decref(r);
    CHECK(klar_overview_situation(s, "helse-vest", "10.03.2025", &err) == NULL);
    CHECK(test_contains(err.message, "date"));
    klar_store_close(s);
}

/* ---- the demo dataset and login ---- */

/* 1 if every record of every kind says it is demo data. */
static int all_marked(klar_store *s)
{
    klar_error err;
    int ok = 1;
    for (size_t k = 0; k < klar_nkinds; k++) {
        json_t *list = klar_record_list(s, klar_kinds[k], NULL, &err);
        ok = ok && list && json_array_size(list) > 0;
        for (size_t i = 0; ok && i < json_array_size(list); i++) {
            char *text = json_dumps(json_array_get(list, i), 0);
            if (!test_contains(text, "demo") && !test_contains(text, "Demo")) {
                fprintf(stderr, "  not marked as demo: %s\n", text);
                ok = 0;
            }
            free(text);
        }
        json_decref(list);
    }
    return ok;
}

static void test_demo_data(void)
{
    klar_error err;
    klar_store *s = store_test_open_seeded(dir, "demo");
    if (!s) {
        CHECK(0);
        return;
    }
    int n = klar_registry_demo(s, &err);
    if (n < 0)
        fprintf(stderr, "  %s\n", err.message);
    CHECK(n >= 40);
    CHECK(klar_registry_demo(s, &err) == 0);   /* only into an empty registry */
    CHECK(all_marked(s));

    json_t *risks = klar_record_list(s, &klar_kind_risk, NULL, &err);
    for (int a = 0; a < KLAR_RISK_NAREAS; a++) {
        int found = 0;
        for (size_t i = 0; i < json_array_size(risks); i++)
            found |= strcmp(json_string_value(json_object_get(json_array_get(risks, i), "area")),
                            klar_risk_areas[a]) == 0;
        CHECK(found);
    }
    json_decref(risks);

    klar_record_filter overdue = {.within = "hod", .overdue = 1};
    json_t *lp = klar_record_list(s, &klar_kind_learning_point, &overdue, &err);
    CHECK(json_array_size(lp) == 1);
    CHECK(test_contains(str(json_array_get(lp, 0), "title"), "Varslingslistene"));
    json_decref(lp);
    klar_record_filter closed = {.names = {"status"}, .values = {"closed"}, .n = 1};
    lp = klar_record_list(s, &klar_kind_learning_point, &closed, &err);
    CHECK(json_array_size(lp) == 1);
    CHECK(*str(json_array_get(lp, 0), "resolution") != '\0');
    json_decref(lp);
    json_t *plans = klar_record_list(s, &klar_kind_plan, &overdue, &err);
    CHECK(json_array_size(plans) == 1);
    json_decref(plans);

    /* the surge scenario's parameters read without any file, for Helse Vest */
    klar_record_filter surge = {.names = {"engine"}, .values = {"surge"}, .n = 1};
    json_t *sc = klar_record_list(s, &klar_kind_scenario, &surge, &err);
    CHECK(json_array_size(sc) == 1);
    const char *ini = str(json_array_get(sc, 0), "parameters");
    static klar_surge_params p;
    klar_surge_params_defaults(&p);
    int parsed = klar_surge_scenario_parse(ini, strlen(ini), "demo", &p, &err);
    if (parsed != 0)
        fprintf(stderr, "  %s\n", err.message);
    CHECK(parsed == 0);
    char region[64];
    klar_surge_scenario_region(ini, strlen(ini), region, sizeof region);
    CHECK(strcmp(region, "helse-vest") == 0);
    CHECK(strcmp(str(json_array_get(sc, 0), "region"), "helse-vest") == 0);
    json_decref(sc);

    /* the overviews have something to show */
    char today[11];
    klar_today(today);
    json_t *r = klar_overview_stocks(s, "helse-vest", &err);
    CHECK(qv(r, "non_compliant_rows") >= 2);
    json_decref(r);
    r = klar_overview_reserves(s, "helse-vest", NULL, &err);
    CHECK(json_array_size(json_object_get(r, "conflicts")) == 1);
    json_decref(r);
    r = klar_overview_situation(s, "helse-vest", today, &err);
    CHECK(strcmp(str(r, "worst_status"), "critical") == 0);
    CHECK(find(json_object_get(r, "missing_hfs"), "id", "helse-forde", NULL, NULL) != NULL);
    json_decref(r);
    klar_store_close(s);
}

static void test_demo_user(void)
{
    klar_error err;
    klar_store *s = store_test_open_seeded(dir, "demo-user");
    if (!s) {
        CHECK(0);
        return;
    }
    char first[KLAR_DEMO_PASSWORD_LEN + 1], second[KLAR_DEMO_PASSWORD_LEN + 1];
    klar_user u;
    CHECK(klar_registry_demo_user(s, first, &err) == 1);
    CHECK(strlen(first) == KLAR_DEMO_PASSWORD_LEN);
    CHECK(klar_user_authenticate(s, KLAR_DEMO_USER, first, &u, &err) == 1);
    CHECK(strcmp(u.org_id, KLAR_DEMO_ORG) == 0 && u.role == KLAR_ROLE_PLANNER);
    CHECK(klar_registry_demo_user(s, second, &err) == 0);   /* a new password */
    CHECK(strcmp(first, second) != 0);
    CHECK(klar_user_authenticate(s, KLAR_DEMO_USER, first, &u, &err) == 0);
    CHECK(klar_user_authenticate(s, KLAR_DEMO_USER, second, &u, &err) == 1);
    klar_store_close(s);
}

PG_TEST_VARIANT(test_capacity)
PG_TEST_VARIANT(test_stocks)
PG_TEST_VARIANT(test_reserves)
PG_TEST_VARIANT(test_exercises)
PG_TEST_VARIANT(test_situation)
PG_TEST_VARIANT(test_demo_data)
PG_TEST_VARIANT(test_demo_user)

int main(void)
{
    if (tmpdir_make(dir, sizeof dir) < 0) {
        fprintf(stderr, "cannot make a temporary directory\n");
        return 1;
    }
    RUN(test_capacity);
    RUN(test_stocks);
    RUN(test_reserves);
    RUN(test_exercises);
    RUN(test_situation);
    RUN(test_demo_data);
    RUN(test_demo_user);
    RUN(test_capacity_pg);
    RUN(test_stocks_pg);
    RUN(test_reserves_pg);
    RUN(test_exercises_pg);
    RUN(test_situation_pg);
    RUN(test_demo_data_pg);
    RUN(test_demo_user_pg);
    tmpdir_remove(dir);
    return test_finish();
}
