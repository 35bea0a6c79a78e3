/* test_risks.c - ROS risks: validation messages naming the field, create/get/list/update/stale
 * update/delete, the 5 x 5 matrix within a subtree, the four-year rule, and audit rows (before
 * and after) that commit and roll back together with the change; on SQLite and, when
 * KLAR_TEST_PG names a database, on PostgreSQL too (the *_pg runs). */
#include "klar/datadir.h"
#include "klar/registry.h"
#include "klar/store.h"
#include "store_test_util.h"
#include "test.h"

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

static klar_risk *sample(const char *org, const char *area, int p, int c)
{
    static klar_risk r;
    memset(&r, 0, sizeof r);
    snprintf(r.org_id, sizeof r.org_id, "%s", org);
    snprintf(r.title, sizeof r.title, "Langvarig strømbrudd på sykehuset");
    snprintf(r.area, sizeof r.area, "%s", area);
    r.probability = p;
    r.consequence = c;
    return &r;
}

/* The field klar_risk_validate blames for r, or "" if it accepts r. */
static const char *blamed(const klar_risk *r)
{
    const char *field = "";
    klar_error err;
    klar_risk_validate(r, &field, &err);
    return field;
}

static void test_validate(void)
{
    klar_risk r = *sample("helse-vest", "digital", 3, 4);
    CHECK(strcmp(blamed(&r), "") == 0);
    klar_risk b = r;
    b.title[0] = '\0';
    CHECK(strcmp(blamed(&b), "title") == 0);
    b = r;
    memset(b.title, 'x', 201);
    b.title[201] = '\0';
    CHECK(strcmp(blamed(&b), "title") == 0);
    b.title[200] = '\0';
    CHECK(strcmp(blamed(&b), "") == 0);
    b = r;
    snprintf(b.area, sizeof b.area, "flood");
    CHECK(strcmp(blamed(&b), "area") == 0);
    b = r;
    b.probability = 7;
    CHECK(strcmp(blamed(&b), "probability") == 0);
    b = r;
    b.consequence = 0;
    CHECK(strcmp(blamed(&b), "consequence") == 0);
    b = r;
    snprintf(b.last_assessed, sizeof b.last_assessed, "2023-02-29");
    CHECK(strcmp(blamed(&b), "last_assessed") == 0);
    snprintf(b.last_assessed, sizeof b.last_assessed, "2024-02-29");
    CHECK(strcmp(blamed(&b), "") == 0);
    klar_error err;
    b.probability = 9;
    CHECK(klar_risk_validate(&b, NULL, &err) == KLAR_REG_INVALID);
    CHECK(strstr(err.message, "probability") != NULL);
}

static void test_crud_and_audit(void)
{
    klar_store *s = store_test_open_seeded(dir, "crud");
    CHECK(s != NULL);
    if (!s)
        return;
    klar_error err;
    const char *field = NULL;
    klar_risk *r = malloc(sizeof *r), *got = malloc(sizeof *got);
    *r = *sample("helse-bergen", "supply", 2, 5);
    CHECK(klar_risk_create(s, 0, r, &field, &err) == 0);
    CHECK(r->id > 0 && r->version == 1);
    CHECK(klar_risk_get(s, r->id, got, &err) == 1);
    CHECK(strcmp(got->title, r->title) == 0 && got->consequence == 5);
    CHECK(klar_risk_get(s, 9999, got, &err) == 0);

    /* an unknown organisation names org_id */
    *got = *sample("nowhere", "supply", 2, 5);
    CHECK(klar_risk_create(s, 0, got, &field, &err) == KLAR_REG_INVALID);
    CHECK(strcmp(field, "org_id") == 0);

    /* list by subtree and area */
    klar_risk *other = malloc(sizeof *other);
    *other = *sample("unn", "pandemic", 4, 4);
    CHECK(klar_risk_create(s, 0, other, &field, &err) == 0);
    size_t n;
    klar_risk *list = klar_risk_list(s, "helse-vest", NULL, &n, &err);
    CHECK(list && n == 1 && list[0].id == r->id);
    free(list);
    list = klar_risk_list(s, NULL, "pandemic", &n, &err);
    CHECK(list && n == 1 && list[0].id == other->id);
    free(list);
    list = klar_risk_list(s, "hod", NULL, &n, &err);
    CHECK(list && n == 2);
    free(list);

    /* update, then a stale update */
    r->probability = 3;
    CHECK(klar_risk_update(s, 0, r, &field, &err) == 0);
    CHECK(r->version == 2 && r->probability == 3);
    r->version = 1;
    r->probability = 4;
    CHECK(klar_risk_update(s, 0, r, &field, &err) == KLAR_REG_STALE);
    CHECK(klar_risk_get(s, r->id, got, &err) == 1 && got->probability == 3 && got->version == 2);
    got->id = 9999;
    CHECK(klar_risk_update(s, 0, got, &field, &err) == KLAR_REG_NOT_FOUND);

    /* audit: create, create, update; stale and invalid changes wrote nothing */
    CHECK(query_int(s, "SELECT count(*) FROM audit WHERE entity = 'risk'", NULL) == 3);
    size_t na;
    klar_audit_entry *a = klar_audit_list(s, "helse-vest", "risk", NULL, 100, &na, &err);
    CHECK(a && na == 2);
    if (a && na == 2) {
        CHECK(strcmp(a[0].action, "update") == 0);
        CHECK(a[0].before_json && strstr(a[0].before_json, "\"probability\":2"));
        CHECK(a[0].after_json && strstr(a[0].after_json, "\"probability\":3"));
        CHECK(strcmp(a[1].action, "create") == 0 && !a[1].before_json && a[1].after_json);
    }
    klar_audit_free(a, na);

    /* delete */
    CHECK(klar_risk_delete(s, 0, r->id, &err) == 0);
    CHECK(klar_risk_get(s, r->id, got, &err) == 0);
    CHECK(klar_risk_delete(s, 0, r->id, &err) == KLAR_REG_NOT_FOUND);
    CHECK(query_int(s, "SELECT count(*) FROM audit WHERE action = 'delete' AND after_json IS NULL"
                       " AND before_json IS NOT NULL", NULL) == 1);

    /* a failing audit write rolls the change back with it */
    CHECK(refuse_audit(s) == 0);
    int64_t risks_before = query_int(s, "SELECT count(*) FROM risks", NULL);
    *got = *sample("helse-vest", "water", 1, 1);
    CHECK(klar_risk_create(s, 0, got, &field, &err) == KLAR_REG_FAILED);
    CHECK(test_contains(err.message, "audit refused"));
    CHECK(query_int(s, "SELECT count(*) FROM risks", NULL) == risks_before);
    other->title[0] = 'X';
    CHECK(klar_risk_update(s, 0, other, &field, &err) == KLAR_REG_FAILED);
    CHECK(klar_risk_get(s, other->id, got, &err) == 1 && got->version == 1 && got->title[0] != 'X');
    CHECK(klar_risk_delete(s, 0, other->id, &err) == KLAR_REG_FAILED);
    CHECK(klar_risk_get(s, other->id, got, &err) == 1);
    CHECK(!klar_store_in_transaction(s));
    free(r);
    free(got);
    free(other);
    klar_store_close(s);
}

static void test_matrix_and_four_years(void)
{
    klar_store *s = store_test_open_seeded(dir, "matrix");
    CHECK(s != NULL);
    if (!s)
        return;
    klar_error err;
    const char *field;
    static const struct { const char *org; int p, c; } rows[] = {
        {"helse-vest", 1, 1}, {"helse-bergen", 1, 1}, {"helse-bergen", 5, 3}, {"unn", 5, 3}};
    klar_risk *r = malloc(sizeof *r);
    for (size_t i = 0; i < 4; i++) {
        *r = *sample(rows[i].org, "nuclear", rows[i].p, rows[i].c);
        CHECK(klar_risk_create(s, 0, r, &field, &err) == 0);
    }
    long m[5][5];
    CHECK(klar_risk_matrix(s, "helse-vest", m, &err) == 3);
    CHECK(m[0][0] == 2 && m[4][2] == 1 && m[2][4] == 0);
    CHECK(klar_risk_matrix(s, NULL, m, &err) == 4);
    CHECK(m[4][2] == 2);

    char last[11];
    CHECK(klar_risk_ros_outdated(s, "helse-vest", "2026-06-01", last, &err) == 1);
    CHECK(last[0] == '\0');
    *r = *sample("helse-vest", "digital", 2, 2);
    r->comprehensive = 1;
    snprintf(r->last_assessed, sizeof r->last_assessed, "2022-06-01");
    CHECK(klar_risk_create(s, 0, r, &field, &err) == 0);
    CHECK(klar_risk_ros_outdated(s, "helse-vest", "2026-06-01", last, &err) == 0);
    CHECK(strcmp(last, "2022-06-01") == 0);
    CHECK(klar_risk_ros_outdated(s, "helse-vest", "2026-06-02", last, &err) == 1);
    /* a newer entry that is not part of the comprehensive ROS does not count */
    *r = *sample("helse-vest", "digital", 2, 2);
    snprintf(r->last_assessed, sizeof r->last_assessed, "2026-01-01");
    CHECK(klar_risk_create(s, 0, r, &field, &err) == 0);
    CHECK(klar_risk_ros_outdated(s, "helse-vest", "2026-06-02", last, &err) == 1);
    CHECK(klar_risk_ros_outdated(s, "helse-vest", "bad", last, &err) == -1);
    free(r);
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
