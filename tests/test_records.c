/* test_records.c - the record engine (klar/record.h) over every kind: the kinds agree with the
 * schema, validation names the field, create/get/list/update/stale update/delete with audit
 * rows, references and conflicts, filters and overdue lists, and the derived values (months of
 * cover, the armed-forces conflict, overdue). On SQLite, and on PostgreSQL with KLAR_TEST_PG. */
#include "klar/datadir.h"
#include "klar/demo.h"
#include "klar/auth.h"
#include "klar/record.h"
#include "klar/registry.h"
#include "klar/store.h"
#include "store_test_util.h"
#include "test.h"

#include <jansson.h>

static char dir[64];

/* The JSON text as an object (aborts the test on a typo in the test itself). */
static json_t *obj(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (!j)
        fprintf(stderr, "test JSON: %s: %s\n", text, e.text);
    return j;
}

/* The field klar_record_validate blames for text as a k, or "" if accepted. */
static const char *blamed(const klar_kind *k, const char *text)
{
    static char field[80];
    klar_error err;
    klar_error_clear(&err);
    json_t *j = obj(text);
    klar_record_validate(k, j, &err);
    json_decref(j);
    snprintf(field, sizeof field, "%s", err.field);
    return field;
}

/* Creates a record of kind k from text; its id, or a negative registry result. */
static int64_t create(klar_store *s, const klar_kind *k, const char *text, const char **field)
{
    static char blame[80];
    klar_error err;
    klar_error_clear(&err);
    json_t *in = obj(text), *out = NULL;
    int rc = klar_record_create(s, k, 7, in, &out, &err);
    snprintf(blame, sizeof blame, "%s", err.field);
    if (field)
        *field = blame;
    json_decref(in);
    int64_t id = rc == 0 ? json_integer_value(json_object_get(out, "id")) : rc;
    json_decref(out);
    return id;
}

static const char *LP = "{\"org_id\": \"helse-bergen\", \"title\": \"Reservestrøm testes\","
                        " \"owner\": \"Teknisk drift\", \"due\": \"2000-01-01\","
                        " \"status\": \"open\"}";

/* ---- the kinds against the schema ---- */

static void test_kinds_consistent(void)
{
    klar_store *s = store_test_open_seeded(dir, "kinds");
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(klar_nkinds == 11 && klar_kinds[0] == &klar_kind_risk);
    for (size_t i = 0; i < klar_nkinds; i++) {
        const klar_kind *k = klar_kinds[i];
        CHECK(klar_kind_find(k->name) == k);
        CHECK(k->nfields <= KLAR_KIND_MAX_FIELDS);
        klar_error err;
        json_t *list = klar_record_list(s, k, NULL, &err);   /* every column exists */
        if (!list)
            fprintf(stderr, "%s: %s\n", k->name, err.message);
        CHECK(list && json_array_size(list) == 0);
        json_decref(list);
        for (size_t j = 0; j < k->nfields; j++) {
            const klar_field *f = &k->fields[j];
            CHECK(klar_kind_field(k, f->name) == f);
            if (f->type == KLAR_FIELD_CHOICE)
                CHECK(f->choices && f->choices[0]);
            if (f->type == KLAR_FIELD_REF || f->type == KLAR_FIELD_REFS)
                CHECK(f->ref != NULL);
        }
        for (const char *const *name = k->filters; name && *name; name++)
            CHECK(klar_kind_field(k, *name) != NULL);
        /* the derived names are what derive writes, neither more nor fewer */
        json_t *d = json_object();
        CHECK(klar_record_derive(k, d, "2026-11-23") == 0);
        for (size_t j = 0; j < k->nderived; j++)
            CHECK(json_object_get(d, k->derived[j].name) != NULL);
        CHECK(json_object_size(d) == k->nderived + (k->due != NULL));
        json_decref(d);
    }
    CHECK(klar_kind_find("risk") == &klar_kind_risk);
    CHECK(klar_kind_find("risks") == NULL);
    klar_store_close(s);
}

/* ---- validation ---- */

static void test_validate(void)
{
    const klar_kind *lp = &klar_kind_learning_point;
    CHECK(strcmp(blamed(lp, LP), "") == 0);
    CHECK(strcmp(blamed(lp, "[1]"), "body") == 0);
    CHECK(strcmp(blamed(lp, "{\"title\": \"x\", \"owner\": \"o\", \"due\": \"2026-01-01\","
                            " \"status\": \"open\"}"), "org_id") == 0);
    CHECK(strcmp(blamed(lp, "{\"org_id\": \"fhi\", \"owner\": \"o\", \"due\": \"2026-01-01\","
                            " \"status\": \"open\"}"), "title") == 0);
    CHECK(strcmp(blamed(lp, "{\"org_id\": \"fhi\", \"title\": \"\", \"owner\": \"o\","
                            " \"due\": \"2026-01-01\", \"status\": \"open\"}"), "title") == 0);
    CHECK(strcmp(blamed(lp, "{\"org_id\": \"fhi\", \"title\": \"t\", \"owner\": 5,"
                            " \"due\": \"2026-01-01\", \"status\": \"open\"}"), "owner") == 0);
    CHECK(strcmp(blamed(lp, "{\"org_id\": \"fhi\", \"title\": \"t\", \"owner\": \"o\","
                            " \"due\": \"2026-02-30\", \"status\": \"open\"}"), "due") == 0);
    CHECK(strcmp(blamed(lp, "{\"org_id\": \"fhi\", \"title\": \"t\", \"owner\": \"o\","
                            " \"due\": \"2026-02-03\", \"status\": \"done\"}"), "status") == 0);
    /* closing needs a resolution; closed_on only when closed */
    CHECK(strcmp(blamed(lp, "{\"org_id\": \"fhi\", \"title\": \"t\", \"owner\": \"o\","
                            " \"due\": \"2026-02-03\", \"status\": \"closed\"}"),
                 "resolution") == 0);
    CHECK(strcmp(blamed(lp, "{\"org_id\": \"fhi\", \"title\": \"t\", \"owner\": \"o\","
                            " \"due\": \"2026-02-03\", \"status\": \"closed\","
                            " \"resolution\": \"\"}"), "resolution") == 0);
    CHECK(strcmp(blamed(lp, "{\"org_id\": \"fhi\", \"title\": \"t\", \"owner\": \"o\","
                            " \"due\": \"2026-02-03\", \"status\": \"closed\","
                            " \"resolution\": \"Øvd på nytt\"}"), "") == 0);
    CHECK(strcmp(blamed(lp, "{\"org_id\": \"fhi\", \"title\": \"t\", \"owner\": \"o\","
                            " \"due\": \"2026-02-03\", \"status\": \"open\","
                            " \"closed_on\": \"2026-02-01\"}"), "closed_on") == 0);
    /* 200 characters (not bytes) are allowed, 201 are not */
    char text[1200], title[700] = "";
    for (int i = 0; i < 200; i++)
        strcat(title, "æ");
    snprintf(text, sizeof text, "{\"org_id\": \"fhi\", \"title\": \"%s\", \"owner\": \"o\","
             " \"due\": \"2026-02-03\", \"status\": \"open\"}", title);
    CHECK(strcmp(blamed(lp, text), "") == 0);
    strcat(title, "x");
    snprintf(text, sizeof text, "{\"org_id\": \"fhi\", \"title\": \"%s\", \"owner\": \"o\","
             " \"due\": \"2026-02-03\", \"status\": \"open\"}", title);
    CHECK(strcmp(blamed(lp, text), "title") == 0);

    const char *cap = "{\"org_id\": \"helse-bergen\", \"category\": \"icu\", \"physical\": 20,"
                      " \"staffed\": %d, \"surge\": %d, \"as_of\": \"2026-01-01\"}";
    snprintf(text, sizeof text, cap, 18, 30);
    CHECK(strcmp(blamed(&klar_kind_capacity, text), "") == 0);
    snprintf(text, sizeof text, cap, 21, 30);
    CHECK(strcmp(blamed(&klar_kind_capacity, text), "staffed") == 0);
    snprintf(text, sizeof text, cap, 18, 10);
    CHECK(strcmp(blamed(&klar_kind_capacity, text), "surge") == 0);
    snprintf(text, sizeof text, cap, -1, 10);
    CHECK(strcmp(blamed(&klar_kind_capacity, text), "staffed") == 0);
    CHECK(strcmp(blamed(&klar_kind_capacity,
                        "{\"org_id\": \"helse-bergen\", \"category\": \"icu\", \"physical\": 2.5,"
                        " \"staffed\": 1, \"surge\": 1, \"as_of\": \"2026-01-01\"}"),
                 "physical") == 0);
    CHECK(strcmp(blamed(&klar_kind_planning_assumption,
                        "{\"org_id\": \"fhi\", \"title\": \"Fravær\", \"statement\": \"s\","
                        " \"value\": 30}"), "unit") == 0);
    CHECK(strcmp(blamed(&klar_kind_planning_assumption,
                        "{\"org_id\": \"fhi\", \"title\": \"Fravær\", \"statement\": \"s\","
                        " \"value\": 30, \"unit\": \"%\"}"), "") == 0);
    CHECK(strcmp(blamed(&klar_kind_exercise,
                        "{\"org_id\": \"fhi\", \"title\": \"Øvelse\", \"type\": \"tabletop\","
                        " \"status\": \"planned\", \"start_date\": \"2027-03-02\","
                        " \"end_date\": \"2027-03-01\"}"), "end_date") == 0);
    CHECK(strcmp(blamed(&klar_kind_exercise,
                        "{\"org_id\": \"fhi\", \"title\": \"Øvelse\", \"type\": \"tabletop\","
                        " \"status\": \"planned\", \"start_date\": \"2027-03-02\","
                        " \"participants\": [\"fhi\", 3]}"), "participants[1]") == 0);
    CHECK(strcmp(blamed(&klar_kind_scenario,
                        "{\"org_id\": \"fhi\", \"title\": \"S\", \"area\": \"pandemic\","
                        " \"risk_ids\": [1, -2]}"), "risk_ids[1]") == 0);
    CHECK(strcmp(blamed(&klar_kind_scenario,
                        "{\"org_id\": \"fhi\", \"title\": \"S\", \"area\": \"pandemic\","
                        " \"parameters\": \"[epidemic]\"}"), "engine") == 0);
    /* stored parameters must be runnable: an unknown key is refused with its line */
    CHECK(strcmp(blamed(&klar_kind_scenario,
                        "{\"org_id\": \"fhi\", \"title\": \"S\", \"area\": \"pandemic\","
                        " \"engine\": \"surge\", \"parameters\": \"[epidemic]\\nr0 = 1.4\\n\"}"),
                 "") == 0);
    CHECK(strcmp(blamed(&klar_kind_scenario,
                        "{\"org_id\": \"fhi\", \"title\": \"S\", \"area\": \"pandemic\","
                        " \"engine\": \"surge\", \"parameters\": \"[epidemic]\\nrnull = 1.4\\n\"}"),
                 "parameters") == 0);
    CHECK(strcmp(blamed(&klar_kind_evaluation,
                        "{\"org_id\": \"fhi\", \"title\": \"E\", \"evaluated_on\": \"2026-01-01\","
                        " \"status\": \"draft\"}"), "exercise_id") == 0);
    CHECK(strcmp(blamed(&klar_kind_stock,
                        "{\"org_id\": \"fhi\", \"item\": \"ffp2\", \"category\": \"infection-control\","
                        " \"unit\": \"pieces\", \"on_hand\": -1, \"monthly_consumption\": 10,"
                        " \"as_of\": \"2026-01-01\"}"), "on_hand") == 0);
    CHECK(strcmp(blamed(&klar_kind_reserve,
                        "{\"org_id\": \"fhi\", \"name\": \"N\", \"profession\": \"bioengineer\","
                        " \"authorised\": 1, \"availability\": \"24h\", \"armed_forces\": false}"),
                 "authorised") == 0);
}

/* ---- the life of a record ---- */

static void test_lifecycle(void)
{
    klar_store *s = store_test_open_seeded(dir, "life");
    if (!s) {
        CHECK(0);
        return;
    }
    const klar_kind *k = &klar_kind_plan;
    const char *field;
    int64_t id = create(s, k, "{\"org_id\": \"helse-bergen\", \"title\": \"Smittevernplan\","
                              " \"type\": \"infection-control\", \"owner\": \"Smittevernlege\","
                              " \"status\": \"approved\", \"revision_due\": \"2027-06-30\"}",
                        &field);
    CHECK(id > 0);
    klar_error err;
    json_t *got = NULL;
    CHECK(klar_record_get(s, k, id, &got, &err) == 1);
    CHECK(strcmp(json_string_value(json_object_get(got, "title")), "Smittevernplan") == 0);
    CHECK(json_integer_value(json_object_get(got, "version")) == 1);
    CHECK(json_is_null(json_object_get(got, "approved_on")));
    CHECK(json_is_boolean(json_object_get(got, "overdue")));
    char org[48];
    CHECK(klar_record_org(s, k, id, org, &err) == 1 && strcmp(org, "helse-bergen") == 0);
    CHECK(klar_record_org(s, k, id + 100, org, &err) == 0);

    /* lists are scoped to a subtree */
    klar_record_filter f = {.within = "helse-vest"};
    json_t *list = klar_record_list(s, k, &f, &err);
    CHECK(list && json_array_size(list) == 1);
    json_decref(list);
    f.within = "helse-nord";
    list = klar_record_list(s, k, &f, &err);
    CHECK(list && json_array_size(list) == 0);
    json_decref(list);

    /* update with the version read; a second update with the same version is stale */
    json_object_set_new(got, "status", json_string("under-revision"));
    json_t *out = NULL;
    CHECK(klar_record_update(s, k, 7, id, NULL, got, &out, &err) == 0);
    CHECK(json_integer_value(json_object_get(out, "version")) == 2);
    CHECK(strcmp(json_string_value(json_object_get(out, "status")), "under-revision") == 0);
    json_decref(out);
    CHECK(klar_record_update(s, k, 7, id, NULL, got, &out, &err) == KLAR_REG_STALE);
    CHECK(strcmp(err.field, "version") == 0);
    CHECK(strstr(err.message, "version 2") != NULL);
    json_object_del(got, "version");
    CHECK(klar_record_update(s, k, 7, id, NULL, got, &out, &err) == KLAR_REG_INVALID);
    CHECK(strcmp(err.field, "version") == 0);
    json_object_set_new(got, "version", json_integer(2));
    CHECK(klar_record_update(s, k, 7, id + 100, NULL, got, &out, &err) == KLAR_REG_NOT_FOUND);
    json_object_set_new(got, "status", json_string("bogus"));
    CHECK(klar_record_update(s, k, 7, id, NULL, got, &out, &err) == KLAR_REG_INVALID);
    CHECK(strcmp(err.field, "status") == 0);

    /* a right checked on another organisation than the record's now: stale, nothing changes */
    json_object_set_new(got, "status", json_string("approved"));
    CHECK(klar_record_update(s, k, 7, id, "helse-nord", got, &out, &err) ==
          KLAR_REG_STALE);
    CHECK(strcmp(err.field, "org_id") == 0 && strstr(err.message, "moved") != NULL);
    CHECK(klar_record_delete(s, k, 7, id, "helse-nord", &err) == KLAR_REG_STALE);
    CHECK(klar_record_org(s, k, id, org, &err) == 1);
    json_decref(got);

    /* delete; then it is gone */
    CHECK(klar_record_delete(s, k, 7, id, NULL, &err) == 0);
    CHECK(klar_record_get(s, k, id, &got, &err) == 0);
    CHECK(klar_record_delete(s, k, 7, id, NULL, &err) == KLAR_REG_NOT_FOUND);

    /* one audit row per change, with before and after */
    char eid[32];
    snprintf(eid, sizeof eid, "%lld", (long long)id);
    size_t n;
    klar_audit_filter af = {.entity = "plan", .entity_id = eid, .limit = 100};
    klar_audit_entry *a = klar_audit_list(s, &af, &n, &err);
    CHECK(a && n == 3);
    CHECK(klar_audit_count(s, &af, &err) == 3);
    if (a && n == 3) {
        CHECK(strcmp(a[0].action, "delete") == 0 && a[0].before_json && !a[0].after_json);
        CHECK(strcmp(a[1].action, "update") == 0 && a[1].before_json && a[1].after_json);
        CHECK(strstr(a[1].before_json, "\"approved\"") && strstr(a[1].after_json,
                                                                   "under-revision"));
        CHECK(strcmp(a[2].action, "create") == 0 && !a[2].before_json && a[2].after_json);
        CHECK(a[2].user_id == 7 && strcmp(a[2].org_id, "helse-bergen") == 0);
    }
    klar_audit_free(a, n);
    /* a page of the same rows: the second and third, then past the end */
    af.limit = 2;
    af.offset = 1;
    klar_audit_entry *p = klar_audit_list(s, &af, &n, &err);
    CHECK(p && n == 2 && strcmp(p[0].action, "update") == 0 && strcmp(p[1].action, "create") == 0);
    klar_audit_free(p, n);
    af.offset = 3;
    p = klar_audit_list(s, &af, &n, &err);
    CHECK(p && n == 0);
    CHECK(klar_audit_count(s, &af, &err) == 3);       /* the total ignores the page */
    klar_audit_free(p, n);
    klar_store_close(s);
}

/* ---- references and conflicts ---- */

static void test_references(void)
{
    klar_store *s = store_test_open_seeded(dir, "refs");
    if (!s) {
        CHECK(0);
        return;
    }
    const char *field;
    CHECK(create(s, &klar_kind_evaluation,
                 "{\"org_id\": \"fhi\", \"title\": \"E\", \"exercise_id\": 999,"
                 " \"evaluated_on\": \"2026-01-01\", \"status\": \"draft\"}",
                 &field) == KLAR_REG_INVALID);
    CHECK(strcmp(field, "exercise_id") == 0);
    CHECK(create(s, &klar_kind_plan, "{\"org_id\": \"nowhere\", \"title\": \"P\","
                 " \"type\": \"other\", \"owner\": \"o\", \"status\": \"draft\","
                 " \"revision_due\": \"2027-01-01\"}", &field) == KLAR_REG_INVALID);
    CHECK(strcmp(field, "org_id") == 0);
    CHECK(create(s, &klar_kind_scenario, "{\"org_id\": \"fhi\", \"title\": \"S\","
                 " \"area\": \"pandemic\", \"risk_ids\": [12345]}", &field) == KLAR_REG_INVALID);
    CHECK(strcmp(field, "risk_ids[0]") == 0);
    int64_t ex = create(s, &klar_kind_exercise,
                        "{\"org_id\": \"helse-vest\", \"title\": \"Øvelse Vest\","
                        " \"type\": \"tabletop\", \"status\": \"held\","
                        " \"start_date\": \"2026-03-02\", \"participants\": [\"helse-bergen\","
                        " \"4601\", \"nowhere\"]}", &field);
    CHECK(ex == KLAR_REG_INVALID && strcmp(field, "participants[2]") == 0);
    ex = create(s, &klar_kind_exercise,
                "{\"org_id\": \"helse-vest\", \"title\": \"Øvelse Vest\", \"type\": \"tabletop\","
                " \"status\": \"held\", \"start_date\": \"2026-03-02\","
                " \"participants\": [\"helse-bergen\", \"4601\"]}", &field);
    CHECK(ex > 0);
    char text[400];
    snprintf(text, sizeof text, "{\"org_id\": \"helse-vest\", \"title\": \"Evaluering\","
             " \"exercise_id\": %lld, \"evaluated_on\": \"2026-04-01\", \"status\": \"final\"}",
             (long long)ex);
    int64_t ev = create(s, &klar_kind_evaluation, text, &field);
    CHECK(ev > 0);
    /* the exercise cannot go while its evaluation refers to it */
    klar_error err;
    CHECK(klar_record_delete(s, &klar_kind_exercise, 7, ex, NULL, &err) == KLAR_REG_CONFLICT);
    json_t *got = NULL;
    CHECK(klar_record_get(s, &klar_kind_exercise, ex, &got, &err) == 1);
    CHECK(json_array_size(json_object_get(got, "participants")) == 2);
    CHECK(json_integer_value(json_object_get(got, "year")) == 2026);
    json_decref(got);
    CHECK(klar_record_delete(s, &klar_kind_evaluation, 7, ev, NULL, &err) == 0);
    CHECK(klar_record_delete(s, &klar_kind_exercise, 7, ex, NULL, &err) == 0);

    /* one situation report per organisation and day; one stock row per item */
    const char *sit = "{\"org_id\": \"helse-bergen\", \"date\": \"%s\", \"status\": \"strained\","
                      " \"capacity_status\": \"critical\", \"staff_status\": \"strained\","
                      " \"stock_status\": \"normal\", \"icu_occupied\": 31}";
    snprintf(text, sizeof text, sit, "2026-11-20");
    CHECK(create(s, &klar_kind_situation_report, text, &field) > 0);
    CHECK(create(s, &klar_kind_situation_report, text, &field) == KLAR_REG_CONFLICT);
    snprintf(text, sizeof text, sit, "2026-11-21");
    int64_t second = create(s, &klar_kind_situation_report, text, &field);
    CHECK(second > 0);
    /* moving the second onto the first day conflicts too, and changes nothing */
    got = NULL;
    CHECK(klar_record_get(s, &klar_kind_situation_report, second, &got, &err) == 1);
    json_object_set_new(got, "date", json_string("2026-11-20"));
    CHECK(klar_record_update(s, &klar_kind_situation_report, 7, second, NULL, got, NULL, &err) == KLAR_REG_CONFLICT);
    CHECK(strstr(err.message, "situation report") != NULL);
    json_decref(got);
    CHECK(query_int(s, "SELECT count(*) FROM situation_reports WHERE date = ?1",
                    "2026-11-21") == 1);
    klar_store_close(s);
}

/* ---- filters, overdue lists and derived values ---- */

static void test_overdue_and_filters(void)
{
    klar_store *s = store_test_open_seeded(dir, "overdue");
    if (!s) {
        CHECK(0);
        return;
    }
    const klar_kind *k = &klar_kind_learning_point;
    CHECK(create(s, k, LP, NULL) > 0);                      /* overdue */
    CHECK(create(s, k, "{\"org_id\": \"helse-bergen\", \"title\": \"Lukket\", \"owner\": \"o\","
                       " \"due\": \"2000-01-01\", \"status\": \"closed\","
                       " \"resolution\": \"Gjort\"}", NULL) > 0);
    CHECK(create(s, k, "{\"org_id\": \"helse-bergen\", \"title\": \"Senere\", \"owner\": \"o\","
                       " \"due\": \"2999-01-01\", \"status\": \"in-progress\"}", NULL) > 0);
    CHECK(create(s, k, "{\"org_id\": \"helse-nord\", \"title\": \"Nord\", \"owner\": \"o\","
                       " \"due\": \"2000-01-01\", \"status\": \"open\"}", NULL) > 0);
    klar_error err;
    klar_record_filter f = {.within = "helse-vest", .overdue = 1, .today = "2026-11-23"};
    json_t *list = klar_record_list(s, k, &f, &err);
    CHECK(list && json_array_size(list) == 1);
    if (list && json_array_size(list) == 1) {
        json_t *lp = json_array_get(list, 0);
        CHECK(strcmp(json_string_value(json_object_get(lp, "title")),
                     "Reservestrøm testes") == 0);
        CHECK(json_is_true(json_object_get(lp, "overdue")));
    }
    json_decref(list);
    f.within = NULL;                               /* the whole country: two overdue */
    list = klar_record_list(s, k, &f, &err);
    CHECK(list && json_array_size(list) == 2);
    json_decref(list);

    klar_record_filter g = {.n = 1, .names = {"status"}, .values = {"closed"}};
    list = klar_record_list(s, k, &g, &err);
    CHECK(list && json_array_size(list) == 1);
    if (list && json_array_size(list) == 1)
        CHECK(json_is_false(json_object_get(json_array_get(list, 0), "overdue")));
    json_decref(list);
    g.values[0] = "bogus";
    CHECK(klar_record_list(s, k, &g, &err) == NULL && strcmp(err.field, "status") == 0);
    g.names[0] = "description";                    /* not a filter */
    CHECK(klar_record_list(s, k, &g, &err) == NULL && strcmp(err.field, "description") == 0);
    g.names[0] = "evaluation_id";
    g.values[0] = "abc";
    CHECK(klar_record_list(s, k, &g, &err) == NULL &&
          strcmp(err.field, "evaluation_id") == 0);
    klar_record_filter h = {.overdue = 1};
    CHECK(klar_record_list(s, &klar_kind_stock, &h, &err) == NULL &&
          strcmp(err.field, "overdue") == 0);
    klar_store_close(s);
}

static void test_derived(void)
{
    json_t *stock = obj("{\"org_id\": \"x\", \"on_hand\": 300, \"monthly_consumption\": 100}");
    CHECK(klar_record_derive(&klar_kind_stock, stock, "2026-11-23") == 0);
    CHECK_NEAR(json_number_value(json_object_get(stock, "months_of_cover")), 3.0, 1e-12);
    CHECK(json_is_false(json_object_get(stock, "compliant")));
    CHECK_NEAR(json_number_value(json_object_get(stock, "shortfall")), 300.0, 1e-9);
    json_object_set_new(stock, "on_hand", json_integer(600));
    CHECK(klar_record_derive(&klar_kind_stock, stock, "2026-11-23") == 0);
    CHECK(json_is_true(json_object_get(stock, "compliant")));
    CHECK_NEAR(json_number_value(json_object_get(stock, "shortfall")), 0.0, 1e-12);
    /* a vanishing consumption: no cover figure rather than an infinity JSON cannot hold */
    json_object_set_new(stock, "on_hand", json_real(1e12));
    json_object_set_new(stock, "monthly_consumption", json_real(1e-300));
    CHECK(klar_record_derive(&klar_kind_stock, stock, "2026-11-23") == 0);
    CHECK(json_is_null(json_object_get(stock, "months_of_cover")));
    json_object_set_new(stock, "monthly_consumption", json_integer(0));
    CHECK(klar_record_derive(&klar_kind_stock, stock, "2026-11-23") == 0);
    CHECK(json_is_null(json_object_get(stock, "months_of_cover")));
    json_decref(stock);

    json_t *r = obj("{\"armed_forces\": true, \"last_verified\": \"2025-12-01\"}");
    CHECK(klar_record_derive(&klar_kind_reserve, r, "2026-11-23") == 0);
    CHECK(json_is_true(json_object_get(r, "conflict")));
    CHECK(json_is_false(json_object_get(r, "verification_overdue")));
    CHECK(klar_record_derive(&klar_kind_reserve, r, "2026-12-02") == 0);   /* 366 days */
    CHECK(json_is_true(json_object_get(r, "verification_overdue")));
    json_object_set_new(r, "last_verified", json_string("2"));         /* not a date: never */
    CHECK(klar_record_derive(&klar_kind_reserve, r, "2026-11-23") == 0);
    CHECK(json_is_true(json_object_get(r, "verification_overdue")));
    json_object_set_new(r, "armed_forces", json_false());
    json_object_set_new(r, "last_verified", json_null());
    CHECK(klar_record_derive(&klar_kind_reserve, r, "2026-11-23") == 0);
    CHECK(json_is_false(json_object_get(r, "conflict")));
    CHECK(json_is_true(json_object_get(r, "verification_overdue")));
    json_decref(r);

    json_t *p = obj("{\"revision_due\": \"2026-11-22\", \"status\": \"approved\"}");
    CHECK(klar_record_derive(&klar_kind_plan, p, "2026-11-23") == 0);
    CHECK(json_is_true(json_object_get(p, "overdue")));
    CHECK(klar_record_derive(&klar_kind_plan, p, "2026-11-22") == 0);     /* due today: not yet */
    CHECK(json_is_false(json_object_get(p, "overdue")));
    json_object_set_new(p, "status", json_string("retired"));
    CHECK(klar_record_derive(&klar_kind_plan, p, "2027-01-01") == 0);
    CHECK(json_is_false(json_object_get(p, "overdue")));
    json_decref(p);
}

/* ---- one JSON shape: a list element is the record klar_record_get reads ---- */

static void test_one_shape(void)
{
    klar_store *s = store_test_open_seeded(dir, "shape");
    klar_error err;
    if (!s || klar_registry_demo(s, &err) < 0) {
        CHECK(0);
        klar_store_close(s);
        return;
    }
    for (size_t i = 0; i < klar_nkinds; i++) {
        const klar_kind *k = klar_kinds[i];
        json_t *list = klar_record_list(s, k, NULL, &err);
        CHECK(list && json_array_size(list) > 0);
        int same = 1;
        for (size_t j = 0; list && j < json_array_size(list); j++) {
            json_t *e = json_array_get(list, j), *got = NULL;
            int64_t id = json_integer_value(json_object_get(e, "id"));
            same &= klar_record_get(s, k, id, &got, &err) == 1 && json_equal(e, got);
            /* every field is a member, and nothing but fields and the known members */
            same &= json_object_size(e) >= k->nfields + 5;
            for (size_t f = 0; f < k->nfields; f++)
                same &= json_object_get(e, k->fields[f].name) != NULL;
            json_decref(got);
        }
        if (!same)
            fprintf(stderr, "  %s: a list element differs from the record read alone\n",
                    k->name);
        CHECK(same);
        json_decref(list);
    }
    klar_store_close(s);
}

/* A record created as user u (its id, or the KLAR_REG_* code with err). */
static int64_t create_as(klar_store *s, const klar_kind *k, const klar_user *u, const char *text,
                         klar_error *err)
{
    json_t *in = obj(text), *out = NULL;
    int rc = klar_record_create(s, k, u->id, in, &out, err);
    json_decref(in);
    int64_t id = rc == 0 ? json_integer_value(json_object_get(out, "id")) : rc;
    json_decref(out);
    return id;
}

/* The reading rule: shared kinds from above, participants, references only to readable
 * records (worded as missing ones), inherited lists, and who refers to a record. */
static void test_sharing(void)
{
    klar_store *s = store_test_open_seeded(dir, "sharing");
    if (!s) {
        CHECK(0);
        return;
    }
    klar_error err;
    klar_user bergen, nord;
    CHECK(klar_user_create(s, 0, "pia", "helse-bergen", KLAR_ROLE_PLANNER, "pw-pia-123456",
                           &bergen, &err) == 0);
    CHECK(klar_user_create(s, 0, "nils", "helse-nord", KLAR_ROLE_PLANNER, "pw-nils-123456", &nord,
                           &err) == 0);
    int64_t national = create(s, &klar_kind_scenario, "{\"org_id\": \"hod\", \"title\": \"N\","
                              " \"area\": \"pandemic\"}", NULL);
    int64_t risk = create(s, &klar_kind_risk, "{\"org_id\": \"helse-nord\", \"title\": \"R\","
                          " \"area\": \"supply\", \"probability\": 1, \"consequence\": 1}", NULL);
    CHECK(national > 0 && risk > 0);
    json_t *rec = NULL;
    CHECK(klar_record_get(s, &klar_kind_scenario, national, &rec, &err) == 1);
    CHECK(klar_record_readable(s, &klar_kind_scenario, &bergen, rec, &err) == 1);
    json_decref(rec);
    CHECK(klar_record_get(s, &klar_kind_risk, risk, &rec, &err) == 1);
    CHECK(klar_record_readable(s, &klar_kind_risk, &bergen, rec, &err) == 0);
    CHECK(klar_record_readable(s, &klar_kind_risk, &nord, rec, &err) == 1);
    json_decref(rec);
    /* references: the national scenario yes, Helse Nord's risk no - in a missing one's words */
    char text[400];
    snprintf(text, sizeof text, "{\"org_id\": \"helse-bergen\", \"title\": \"E\", \"type\":"
             " \"tabletop\", \"status\": \"planned\", \"start_date\": \"2027-01-05\","
             " \"scenario_id\": %lld}", (long long)national);
    int64_t ex = create_as(s, &klar_kind_exercise, &bergen, text, &err);
    CHECK(ex > 0);
    snprintf(text, sizeof text, "{\"org_id\": \"helse-bergen\", \"title\": \"S\", \"area\":"
             " \"pandemic\", \"risk_ids\": [%lld]}", (long long)risk);
    CHECK(create_as(s, &klar_kind_scenario, &bergen, text, &err) == KLAR_REG_INVALID);
    CHECK(strcmp(err.field, "risk_ids[0]") == 0);
    char hidden[sizeof err.message], missing[sizeof err.message];
    snprintf(hidden, sizeof hidden, "%s", err.message);
    char nords[300];
    snprintf(nords, sizeof nords, "{\"org_id\": \"helse-nord\", \"title\": \"S\", \"area\":"
             " \"pandemic\", \"risk_ids\": [%lld]}", (long long)risk);
    CHECK(create_as(s, &klar_kind_scenario, &nord, nords, &err) > 0);    /* Nord may */
    snprintf(text, sizeof text, "{\"org_id\": \"helse-bergen\", \"title\": \"S\", \"area\":"
             " \"pandemic\", \"risk_ids\": [%lld]}", (long long)risk + 1000);
    CHECK(create_as(s, &klar_kind_scenario, &bergen, text, &err) == KLAR_REG_INVALID);
    snprintf(missing, sizeof missing, "%s", err.message);
    char id[32], other[32];
    snprintf(id, sizeof id, "%lld", (long long)risk);
    snprintf(other, sizeof other, "%lld", (long long)risk + 1000);
    CHECK(strstr(hidden, id) && strstr(missing, other));
    CHECK(strncmp(hidden, missing, (size_t)(strstr(hidden, id) - hidden)) == 0);
    /* inherited lists */
    klar_record_filter f = {.within = "helse-bergen"};
    CHECK(klar_record_count(s, &klar_kind_scenario, &f, &err) == 0);
    f.inherited = 1;
    CHECK(klar_record_count(s, &klar_kind_scenario, &f, &err) == 1);
    /* participants read an exercise owned elsewhere */
    int64_t joint = create(s, &klar_kind_exercise, "{\"org_id\": \"helse-nord\", \"title\": \"J\","
                           " \"type\": \"tabletop\", \"status\": \"planned\", \"start_date\":"
                           " \"2027-02-01\", \"participants\": [\"helse-bergen\"]}", NULL);
    CHECK(klar_record_get(s, &klar_kind_exercise, joint, &rec, &err) == 1);
    CHECK(klar_record_readable(s, &klar_kind_exercise, &bergen, rec, &err) == 1);
    json_decref(rec);
    /* deleting the national scenario: refused, naming who refers to it */
    CHECK(klar_record_delete(s, &klar_kind_scenario, 0, national, NULL, &err) == KLAR_REG_CONFLICT);
    CHECK(test_contains(err.message, "1 of Helse Bergen HF"));
    CHECK(klar_record_delete(s, &klar_kind_exercise, 0, ex, NULL, &err) == 0);
    CHECK(klar_record_delete(s, &klar_kind_scenario, 0, national, NULL, &err) == 0);
    /* a risk in an id array holds it too */
    CHECK(klar_record_delete(s, &klar_kind_risk, 0, risk, NULL, &err) == KLAR_REG_CONFLICT);
    CHECK(test_contains(err.message, "1 of Helse Nord RHF"));
    klar_store_close(s);
}

PG_TEST_VARIANT(test_sharing)
PG_TEST_VARIANT(test_kinds_consistent)
PG_TEST_VARIANT(test_one_shape)
PG_TEST_VARIANT(test_lifecycle)
PG_TEST_VARIANT(test_references)
PG_TEST_VARIANT(test_overdue_and_filters)

/* The audit log's entity filter takes every kind's name and URL name, and users. */
static void test_audit_entities(void)
{
    char names[512];
    klar_audit_entity_names(names, sizeof names);
    for (size_t ki = 0; ki < klar_nkinds; ki++) {
        const klar_kind *const *k = &klar_kinds[ki];
        char url[64];
        size_t i = 0;
        for (; (*k)->table[i] && i + 1 < sizeof url; i++)
            url[i] = (*k)->table[i] == '_' ? '-' : (*k)->table[i];
        url[i] = '\0';
        CHECK(klar_audit_entity((*k)->name) == (*k)->name);
        CHECK(klar_audit_entity(url) == (*k)->name);
        CHECK(test_contains(names, url));
    }
    CHECK(strcmp(klar_audit_entity("learning-points"), "learning-point") == 0);
    CHECK(strcmp(klar_audit_entity("users"), "user") == 0);
    CHECK(strcmp(klar_audit_entity("user"), "user") == 0);
    CHECK(klar_audit_entity("learning_points") == NULL);
    CHECK(klar_audit_entity("risk ") == NULL);
    CHECK(klar_audit_entity("") == NULL);
    CHECK(klar_audit_entity(NULL) == NULL);
    CHECK(test_starts_with(names, "risks, "));
    CHECK(test_contains(names, "situation-reports, users"));
    klar_audit_entity_names(names, 10);               /* a short buffer stays a string */
    CHECK(strlen(names) < 10);
}

/* ---- import: all rows or none ---- */

static int64_t count_of(klar_store *s, const char *table)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    return query_int(s, sql, NULL);
}

static void test_import(void)
{
    klar_store *s = store_test_open_seeded(dir, "import");
    if (!s) {
        CHECK(0);
        return;
    }
    klar_error err;
    json_t *errors = NULL;
    const char *stock = "{\"org_id\": \"helse-bergen\", \"item\": \"%s\", \"category\": \"medicine\","
                        " \"unit\": \"packs\", \"on_hand\": %s, \"monthly_consumption\": 10,"
                        " \"as_of\": \"2026-11-01\"}";
    char a[300], b[300], c[300], bad[300];
    snprintf(a, sizeof a, stock, "paracetamol", "120");
    snprintf(b, sizeof b, stock, "ibuprofen", "80");
    snprintf(c, sizeof c, stock, "paracetamol", "5");          /* the same item again */
    snprintf(bad, sizeof bad, stock, "morfin", "\"many\"");
    char text[1400];
    /* a dry run of good rows writes nothing */
    snprintf(text, sizeof text, "[%s, %s]", a, b);
    json_t *rows = obj(text);
    CHECK(klar_record_import(s, &klar_kind_stock, 7, rows, 1, &errors, &err) == 0);
    CHECK(json_array_size(errors) == 0);
    CHECK(count_of(s, "stocks") == 0);
    json_decref(errors);
    /* a bad value: its row and field, and nothing written */
    json_decref(rows);
    snprintf(text, sizeof text, "[%s, %s, %s]", a, bad, b);
    rows = obj(text);
    CHECK(klar_record_import(s, &klar_kind_stock, 7, rows, 0, &errors, &err) == KLAR_REG_INVALID);
    CHECK(json_array_size(errors) == 1);
    json_t *e = json_array_get(errors, 0);
    CHECK(json_integer_value(json_object_get(e, "row")) == 2);
    CHECK(strcmp(json_string_value(json_object_get(e, "field")), "on_hand") == 0);
    CHECK(count_of(s, "stocks") == 0);
    json_decref(errors);
    /* a uniqueness conflict between two rows of the file: the second is named, nothing written */
    json_decref(rows);
    snprintf(text, sizeof text, "[%s, %s, %s]", a, b, c);
    rows = obj(text);
    CHECK(klar_record_import(s, &klar_kind_stock, 7, rows, 0, &errors, &err) == KLAR_REG_INVALID);
    CHECK(json_array_size(errors) == 1);
    CHECK(json_integer_value(json_object_get(json_array_get(errors, 0), "row")) == 3);
    CHECK(count_of(s, "stocks") == 0);
    CHECK(count_of(s, "audit") == 0);
    json_decref(errors);
    /* a conflict before the last row: the transaction goes on (on PostgreSQL too) and the row
     * after it is checked; a dry run reports the conflict the same way */
    json_decref(rows);
    snprintf(text, sizeof text, "[%s, %s, %s, %s]", a, c, b, c);
    rows = obj(text);
    CHECK(klar_record_import(s, &klar_kind_stock, 7, rows, 1, &errors, &err) == KLAR_REG_INVALID);
    CHECK(json_array_size(errors) == 2);
    CHECK(json_integer_value(json_object_get(json_array_get(errors, 0), "row")) == 2);
    CHECK(json_integer_value(json_object_get(json_array_get(errors, 1), "row")) == 4);
    CHECK(count_of(s, "stocks") == 0);
    json_decref(errors);
    /* all good: all in, each with its audit row */
    json_decref(rows);
    snprintf(text, sizeof text, "[%s, %s]", a, b);
    rows = obj(text);
    CHECK(klar_record_import(s, &klar_kind_stock, 7, rows, 0, &errors, &err) == 0);
    CHECK(count_of(s, "stocks") == 2);
    CHECK(count_of(s, "audit") == 2);
    json_decref(errors);
    json_decref(rows);
    /* not an array */
    rows = obj("{}");
    CHECK(klar_record_import(s, &klar_kind_stock, 7, rows, 0, &errors, &err) == KLAR_REG_FAILED);
    json_decref(errors);
    json_decref(rows);
    klar_store_close(s);
}
PG_TEST_VARIANT(test_import)

int main(void)
{
    if (tmpdir_make(dir, sizeof dir) < 0) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_kinds_consistent);
    RUN(test_validate);
    RUN(test_lifecycle);
    RUN(test_references);
    RUN(test_overdue_and_filters);
    RUN(test_derived);
    RUN(test_one_shape);
    RUN(test_audit_entities);
    RUN(test_sharing);
    RUN(test_import);
    RUN(test_import_pg);
    RUN(test_sharing_pg);
    RUN(test_kinds_consistent_pg);
    RUN(test_one_shape_pg);
    RUN(test_lifecycle_pg);
    RUN(test_references_pg);
    RUN(test_overdue_and_filters_pg);
    tmpdir_remove(dir);
    return test_finish();
}
