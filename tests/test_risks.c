/* test_risks.c - ROS risks, a kind of the record engine: validation naming the field (in
 * klar_error.field), create/get/list/update/stale
 * update/delete, the 5 x 5 matrix within a subtree, the four-year rule, and audit rows (before
 * and after) that commit and roll back together with the change; on SQLite and, when
 * KLAR_TEST_PG names a database, on PostgreSQL too (the *_pg runs). */
#include "klar/datadir.h"
#include "klar/record.h"
#include "klar/registry.h"
#include "klar/store.h"
#include "store_test_util.h"
#include "test.h"

#include <jansson.h>

static char dir[64];

/* Makes every insert into audit fail, the way each backend does it: a SQLite trigger that
 * raises ABORT, or a PL/pgSQL trigger function that raises an exception. 0, or -1. */
static int refuse_audit(klar_store *s)
{
    static const char *const sqlite_sql[] = {
        "CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN"
        " SELECT RAISE(ABORT, 'audit refused'); END"};
    static const char *const pg_sql[] = {
        "CREATE FUNCTION no_audit() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$",
        "CREATE TRIGGER no_audit BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION no_audit()"};
    int pg = klar_store_backend(s) == KLAR_STORE_POSTGRES;
    const char *const *sql = pg ? pg_sql : sqlite_sql;
    size_t n = pg ? 2 : 1;
    klar_error err;
    for (size_t i = 0; i < n; i++) {
        if (klar_store_exec(s, sql[i], NULL, 0, &err) != 0) {
            fprintf(stderr, "%s\n", err.message);
            return -1;
        }
    }
    return 0;
}

/* A risk as the API takes it (a new reference). */
static json_t *sample(const char *org, const char *area, int p, int c)
{
    return json_pack("{s:s, s:s, s:s, s:i, s:i}", "org_id", org, "title",
                     "Langvarig strømbrudd på sykehuset", "area", area, "probability", p,
                     "consequence", c);
}

/* The field klar_record_validate blames for r (consumed), or "" if it accepts r. */
static const char *blamed(json_t *r)
{
    static klar_error err;
    klar_error_clear(&err);
    klar_record_validate(&klar_kind_risk, r, &err);
    json_decref(r);
    return err.field;
}

/* sample() with member name set to v (consumed). */
static json_t *with(const char *name, json_t *v)
{
    json_t *r = sample("helse-vest", "digital", 3, 4);
    json_object_set_new(r, name, v);
    return r;
}

static void test_validate(void)
{
    CHECK(strcmp(blamed(sample("helse-vest", "digital", 3, 4)), "") == 0);
    CHECK(strcmp(blamed(with("title", json_string(""))), "title") == 0);
    char title[202];
    memset(title, 'x', 201);
    title[201] = '\0';
    CHECK(strcmp(blamed(with("title", json_string(title))), "title") == 0);
    title[200] = '\0';
    CHECK(strcmp(blamed(with("title", json_string(title))), "") == 0);
    CHECK(strcmp(blamed(with("title", json_null())), "title") == 0);
    CHECK(strcmp(blamed(sample("helse-vest", "flood", 3, 4)), "area") == 0);
    CHECK(strcmp(blamed(sample("helse-vest", "digital", 7, 4)), "probability") == 0);
    CHECK(strcmp(blamed(with("probability", json_string("high"))), "probability") == 0);
    CHECK(strcmp(blamed(with("probability", json_real(3.0))), "probability") == 0);
    CHECK(strcmp(blamed(sample("helse-vest", "digital", 3, 0)), "consequence") == 0);
    CHECK(strcmp(blamed(with("last_assessed", json_string("2023-02-29"))), "last_assessed") == 0);
    CHECK(strcmp(blamed(with("last_assessed", json_string("2024-02-29"))), "") == 0);
    CHECK(strcmp(blamed(with("comprehensive", json_integer(1))), "comprehensive") == 0);
    CHECK(strcmp(blamed(with("org_id", json_string(""))), "org_id") == 0);
    /* a member it does not know is refused, with the nearest field; answer members pass */
    CHECK(strcmp(blamed(with("exisiting_measures", json_string("x"))), "exisiting_measures") == 0);
    CHECK(strcmp(blamed(with("score", json_integer(12))), "") == 0);
    CHECK(strcmp(blamed(with("", json_string("L"))), "body") == 0);   /* found by fuzz_record */
    CHECK(strcmp(blamed(with("version", json_integer(3))), "") == 0);
    json_t *typo = with("exisiting_measures", json_string("x"));
    klar_error err;
    CHECK(klar_record_validate(&klar_kind_risk, typo, &err) == KLAR_REG_INVALID);
    CHECK(strstr(err.message, "did you mean 'existing_measures'") != NULL);
    json_decref(typo);
    json_t *r = sample("helse-vest", "digital", 9, 4);
    CHECK(klar_record_validate(&klar_kind_risk, r, &err) == KLAR_REG_INVALID);
    CHECK(strstr(err.message, "probability") != NULL && err.code == KLAR_ERR_INVALID);
    json_decref(r);
}

/* Creates r (consumed) as a risk: its id, or 0. */
static int64_t create(klar_store *s, json_t *r, klar_error *err)
{
    json_t *out = NULL;
    int rc = klar_record_create(s, &klar_kind_risk, 0, r, &out, err);
    json_decref(r);
    int64_t id = rc == 0 ? json_integer_value(json_object_get(out, "id")) : 0;
    json_decref(out);
    return id;
}

/* Integer member name of risk id as stored, or -1 if it cannot be read. */
static int64_t member(klar_store *s, int64_t id, const char *name)
{
    klar_error err;
    json_t *got = NULL;
    int64_t v = -1;
    if (klar_record_get(s, &klar_kind_risk, id, &got, &err) == 1 &&
        json_is_integer(json_object_get(got, name)))
        v = json_integer_value(json_object_get(got, name));
    json_decref(got);
    return v;
}

static size_t list_size(klar_store *s, const char *within, const char *area, int64_t *first)
{
    klar_record_filter f = {.within = within};
    if (area) {
        f.names[0] = "area";
        f.values[0] = area;
        f.n = 1;
    }
    klar_error err;
    json_t *list = klar_record_list(s, &klar_kind_risk, &f, &err);
    size_t n = list ? json_array_size(list) : (size_t)-1;
    if (first && n > 0 && n != (size_t)-1)
        *first = json_integer_value(json_object_get(json_array_get(list, 0), "id"));
    json_decref(list);
    return n;
}

static void test_crud_and_audit(void)
{
    klar_store *s = store_test_open_seeded(dir, "crud");
    CHECK(s != NULL);
    if (!s)
        return;
    klar_error err;
    json_t *out = NULL;
    json_t *in = sample("helse-bergen", "supply", 2, 5);
    CHECK(klar_record_create(s, &klar_kind_risk, 0, in, &out, &err) == 0);
    int64_t id = json_integer_value(json_object_get(out, "id"));
    CHECK(id > 0 && json_integer_value(json_object_get(out, "version")) == 1);
    CHECK(json_integer_value(json_object_get(out, "score")) == 10);
    CHECK(json_is_false(json_object_get(out, "comprehensive")));        /* absent: false */
    CHECK(json_is_null(json_object_get(out, "owner")));
    json_decref(out);
    json_t *got = NULL;
    CHECK(klar_record_get(s, &klar_kind_risk, id, &got, &err) == 1);
    CHECK(got && json_equal(json_object_get(got, "title"), json_object_get(in, "title")));
    CHECK(json_integer_value(json_object_get(got, "consequence")) == 5);
    CHECK(json_integer_value(json_object_get(got, "score")) == 10);
    json_decref(got);
    json_decref(in);
    CHECK(klar_record_get(s, &klar_kind_risk, 9999, &got, &err) == 0);

    /* an unknown organisation names org_id */
    CHECK(create(s, sample("nowhere", "supply", 2, 5), &err) == 0);
    CHECK(strcmp(err.field, "org_id") == 0);

    /* list by subtree and area */
    int64_t other = create(s, sample("unn", "pandemic", 4, 4), &err), first = 0;
    CHECK(other > 0);
    CHECK(list_size(s, "helse-vest", NULL, &first) == 1 && first == id);
    CHECK(list_size(s, NULL, "pandemic", &first) == 1 && first == other);
    CHECK(list_size(s, "hod", NULL, NULL) == 2);
    CHECK(list_size(s, NULL, "flood", NULL) == (size_t)-1);

    /* update, then a stale update */
    json_t *up = sample("helse-bergen", "supply", 3, 5);
    json_object_set_new(up, "version", json_integer(1));
    CHECK(klar_record_update(s, &klar_kind_risk, 0, id, NULL, up, &out, &err) == 0);
    CHECK(json_integer_value(json_object_get(out, "version")) == 2);
    CHECK(json_integer_value(json_object_get(out, "probability")) == 3);
    json_decref(out);
    json_object_set_new(up, "probability", json_integer(4));
    CHECK(klar_record_update(s, &klar_kind_risk, 0, id, NULL, up, NULL, &err) == KLAR_REG_STALE);
    CHECK(strcmp(err.field, "version") == 0 && err.code == KLAR_ERR_STALE);
    CHECK(member(s, id, "probability") == 3 && member(s, id, "version") == 2);
    CHECK(klar_record_update(s, &klar_kind_risk, 0, 9999, NULL, up, NULL, &err) ==
          KLAR_REG_NOT_FOUND);
    json_decref(up);

    /* audit: create, create, update; stale and invalid changes wrote nothing */
    CHECK(query_int(s, "SELECT count(*) FROM audit WHERE entity = 'risk'", NULL) == 3);
    size_t na;
    klar_audit_entry *a = klar_audit_list(s, &(klar_audit_filter){.within = "helse-vest",
                                                                   .entity = "risk"},
                                          &na, &err);
    CHECK(a && na == 2);
    if (a && na == 2) {
        CHECK(strcmp(a[0].action, "update") == 0);
        CHECK(a[0].before_json && strstr(a[0].before_json, "\"probability\":2"));
        CHECK(a[0].after_json && strstr(a[0].after_json, "\"probability\":3"));
        CHECK(a[0].after_json && !strstr(a[0].after_json, "score"));   /* stored, not derived */
        CHECK(strcmp(a[1].action, "create") == 0 && !a[1].before_json && a[1].after_json);
    }
    klar_audit_free(a, na);

    /* delete */
    CHECK(klar_record_delete(s, &klar_kind_risk, 0, id, NULL, &err) == 0);
    CHECK(klar_record_get(s, &klar_kind_risk, id, &got, &err) == 0);
    CHECK(klar_record_delete(s, &klar_kind_risk, 0, id, NULL, &err) == KLAR_REG_NOT_FOUND);
    CHECK(query_int(s, "SELECT count(*) FROM audit WHERE action = 'delete' AND after_json IS NULL"
                       " AND before_json IS NOT NULL", NULL) == 1);

    /* a failing audit write rolls the change back with it */
    CHECK(refuse_audit(s) == 0);
    int64_t risks_before = query_int(s, "SELECT count(*) FROM risks", NULL);
    CHECK(create(s, sample("helse-vest", "water", 1, 1), &err) == 0);
    CHECK(test_contains(err.message, "audit refused"));
    CHECK(query_int(s, "SELECT count(*) FROM risks", NULL) == risks_before);
    up = sample("unn", "pandemic", 5, 4);
    json_object_set_new(up, "version", json_integer(1));
    CHECK(klar_record_update(s, &klar_kind_risk, 0, other, NULL, up, NULL, &err) ==
          KLAR_REG_FAILED);
    json_decref(up);
    CHECK(member(s, other, "version") == 1 && member(s, other, "probability") == 4);
    CHECK(klar_record_delete(s, &klar_kind_risk, 0, other, NULL, &err) == KLAR_REG_FAILED);
    CHECK(member(s, other, "version") == 1);
    CHECK(!klar_store_in_transaction(s));
    klar_store_close(s);
}

static void test_matrix_and_four_years(void)
{
    klar_store *s = store_test_open_seeded(dir, "matrix");
    CHECK(s != NULL);
    if (!s)
        return;
    klar_error err;
    static const struct { const char *org; int p, c; } rows[] = {
        {"helse-vest", 1, 1}, {"helse-bergen", 1, 1}, {"helse-bergen", 5, 3}, {"unn", 5, 3}};
    for (size_t i = 0; i < 4; i++)
        CHECK(create(s, sample(rows[i].org, "nuclear", rows[i].p, rows[i].c), &err) > 0);
    long m[5][5];
    CHECK(klar_risk_matrix(s, "helse-vest", m, &err) == 3);
    CHECK(m[0][0] == 2 && m[4][2] == 1 && m[2][4] == 0);
    CHECK(klar_risk_matrix(s, NULL, m, &err) == 4);
    CHECK(m[4][2] == 2);

    char last[11];
    CHECK(klar_risk_ros_outdated(s, "helse-vest", "2026-06-01", last, &err) == 1);
    CHECK(last[0] == '\0');
    json_t *r = sample("helse-vest", "digital", 2, 2);
    json_object_set_new(r, "comprehensive", json_true());
    json_object_set_new(r, "last_assessed", json_string("2022-06-01"));
    CHECK(create(s, r, &err) > 0);
    CHECK(klar_risk_ros_outdated(s, "helse-vest", "2026-06-01", last, &err) == 0);
    CHECK(strcmp(last, "2022-06-01") == 0);
    CHECK(klar_risk_ros_outdated(s, "helse-vest", "2026-06-02", last, &err) == 1);
    /* a newer entry that is not part of the comprehensive ROS does not count */
    r = sample("helse-vest", "digital", 2, 2);
    json_object_set_new(r, "last_assessed", json_string("2026-01-01"));
    CHECK(create(s, r, &err) > 0);
    CHECK(klar_risk_ros_outdated(s, "helse-vest", "2026-06-02", last, &err) == 1);
    CHECK(klar_risk_ros_outdated(s, "helse-vest", "bad", last, &err) == -1);
    klar_store_close(s);
}

PG_TEST_VARIANT(test_crud_and_audit)
PG_TEST_VARIANT(test_matrix_and_four_years)

int main(void)
{
    if (tmpdir_make(dir, sizeof dir) < 0) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_validate);
    RUN(test_crud_and_audit);
    RUN(test_matrix_and_four_years);
    RUN(test_crud_and_audit_pg);
    RUN(test_matrix_and_four_years_pg);
    tmpdir_remove(dir);
    return test_finish();
}
