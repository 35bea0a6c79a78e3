/* test_pages.c - lists in pages: risks through klar_record_write_list (limit, offset, total,
 * the order by id, the subtree and area filters, an offset past the end) and klar_record_list with
 * klar_record_count (limit and offset in the kind's order, total ignoring the page, filters);
 * on SQLite and, when KLAR_TEST_PG names a database, on PostgreSQL too (the *_pg runs). */
#include "test.h"

#include "klar/jsonwriter.h"
#include "klar/record.h"
#include "klar/registry.h"
#include "store_test_util.h"

#include <jansson.h>

static char dir[64];

/* A page of risks written by klar_record_write_list, as its ids (at most 64). */
typedef struct seen {
    int64_t ids[64];
    size_t n;                    /* the count klar_record_write_list gives */
    int64_t total;               /* klar_record_count's */
} seen;

/* The risks within (NULL: all) of area (NULL: any) on the page limit/offset into *out; 0, or
 * the failing call's result. */
static int risk_page(klar_store *s, const char *within, const char *area, size_t limit,
                     size_t offset, seen *out)
{
    klar_record_filter f = {.within = within, .limit = limit, .offset = offset};
    if (area) {
        f.names[0] = "area";
        f.values[0] = area;
        f.n = 1;
    }
    klar_error err;
    klar_jw w = {0};
    memset(out, 0, sizeof *out);
    klar_jw_begin_array(&w);
    int rc = klar_record_write_list(s, &klar_kind_risk, &f, &w, &out->n, &err);
    klar_jw_end_array(&w);
    char *text = klar_jw_finish(&w, NULL);
    json_t *list = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    if (rc == 0 && json_array_size(list) != out->n)
        rc = -100;                                       /* count and elements disagree */
    for (size_t i = 0; i < json_array_size(list) && i < 64; i++)
        out->ids[i] = json_integer_value(json_object_get(json_array_get(list, i), "id"));
    json_decref(list);
    out->total = klar_record_count(s, &klar_kind_risk, &f, &err);
    return rc;
}

/* Adds a risk of org with area; its id, or 0. */
static int64_t add_risk(klar_store *s, const char *org, const char *area, int i)
{
    char title[32];
    snprintf(title, sizeof title, "Risiko %d", i);
    json_t *in = json_pack("{s:s, s:s, s:s, s:i, s:i}", "org_id", org, "title", title, "area",
                           area, "probability", i % 5 + 1, "consequence", 3), *out = NULL;
    klar_error err;
    int64_t id = klar_record_create(s, &klar_kind_risk, 0, in, &out, &err) == 0
                     ? json_integer_value(json_object_get(out, "id")) : 0;
    if (!id)
        fprintf(stderr, "%s\n", err.message);
    json_decref(in);
    json_decref(out);
    return id;
}

static void test_risk_pages(void)
{
    klar_store *s = store_test_open_seeded(dir, "risks");
    CHECK(s != NULL);
    if (!s)
        return;
    int64_t ids[12];
    for (int i = 0; i < 12; i++)   /* 8 at Helse Bergen (water, supply), 4 at Helse Nord */
        ids[i] = add_risk(s, i < 8 ? "helse-bergen" : "helse-nord", i % 2 ? "water" : "supply", i);
    seen a;
    CHECK(risk_page(s, NULL, NULL, 0, 0, &a) == 0);
    CHECK(a.n == 12 && a.total == 12);
    for (size_t i = 0; i < a.n && i < 12; i++)
        CHECK(a.ids[i] == ids[i]);                       /* ordered by id */
    seen b;
    CHECK(risk_page(s, NULL, NULL, 5, 3, &b) == 0);
    CHECK(b.n == 5 && b.total == 12);
    for (size_t i = 0; i < b.n; i++)
        CHECK(b.ids[i] == ids[3 + i]);
    seen c;                                              /* the subtree of Helse Vest */
    CHECK(risk_page(s, "helse-vest", NULL, 100, 0, &c) == 0);
    CHECK(c.n == 8 && c.total == 8 && c.ids[7] == ids[7]);
    seen d;                                              /* and of an area */
    CHECK(risk_page(s, "helse-vest", "water", 2, 1, &d) == 0);
    CHECK(d.n == 2 && d.total == 4 && d.ids[0] == ids[3] && d.ids[1] == ids[5]);
    seen e;                                              /* past the end */
    CHECK(risk_page(s, "helse-vest", NULL, 10, 50, &e) == 0);
    CHECK(e.n == 0 && e.total == 8);
    seen f;
    CHECK(risk_page(s, "helse-nord", NULL, 0, 0, &f) == 0 && f.n == 4);
    seen h;
    CHECK(risk_page(s, "nope", NULL, 0, 0, &h) == 0 && h.n == 0 && h.total == 0);
    seen bad;                                            /* not an area: refused, named */
    CHECK(risk_page(s, NULL, "flood", 0, 0, &bad) == KLAR_REG_INVALID && bad.total == -1);
    klar_store_close(s);
}

/* The titles of a record list, joined by spaces, into buf. */
static const char *titles(json_t *list, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < json_array_size(list) && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? " " : "",
                                 json_string_value(json_object_get(json_array_get(list, i),
                                                                   "title")));
    return buf;
}

static void test_record_pages(void)
{
    klar_store *s = store_test_open_seeded(dir, "records");
    CHECK(s != NULL);
    if (!s)
        return;
    klar_error err;
    for (int i = 1; i <= 6; i++) {   /* plans ordered by revision_due: P6 first */
        json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "org_id", "helse-bergen",
                               "title", "", "type", "preparedness", "owner", "Beredskapssjef",
                               "status", i % 3 ? "approved" : "draft", "revision_due", "");
        char title[16], due[32];
        snprintf(title, sizeof title, "P%d", i);
        snprintf(due, sizeof due, "2030-%02d-01", 7 - i);
        json_object_set_new(in, "title", json_string(title));
        json_object_set_new(in, "revision_due", json_string(due));
        CHECK(klar_record_create(s, &klar_kind_plan, 0, in, NULL, &err) == 0);
        json_decref(in);
    }
    char buf[128];
    klar_record_filter f = {.within = "helse-vest"};
    json_t *list = klar_record_list(s, &klar_kind_plan, &f, &err);
    CHECK(list && strcmp(titles(list, buf, sizeof buf), "P6 P5 P4 P3 P2 P1") == 0);
    json_decref(list);
    f.limit = 2;
    f.offset = 1;
    list = klar_record_list(s, &klar_kind_plan, &f, &err);
    CHECK(list && strcmp(titles(list, buf, sizeof buf), "P5 P4") == 0);
    json_decref(list);
    CHECK(klar_record_count(s, &klar_kind_plan, &f, &err) == 6);   /* the page ignored */
    f.names[0] = "status";
    f.values[0] = "approved";
    f.n = 1;
    f.offset = 3;
    list = klar_record_list(s, &klar_kind_plan, &f, &err);
    CHECK(list && strcmp(titles(list, buf, sizeof buf), "P1") == 0);
    json_decref(list);
    CHECK(klar_record_count(s, &klar_kind_plan, &f, &err) == 4);
    f.offset = 10;
    list = klar_record_list(s, &klar_kind_plan, &f, &err);
    CHECK(list && json_array_size(list) == 0);
    json_decref(list);
    klar_record_filter nord = {.within = "helse-nord", .limit = 5};
    CHECK(klar_record_count(s, &klar_kind_plan, &nord, &err) == 0);
    CHECK(klar_record_count(s, &klar_kind_plan, NULL, &err) == 6);
    klar_record_filter bad = {.names = {"title"}, .values = {"P1"}, .n = 1};
    CHECK(klar_record_count(s, &klar_kind_plan, &bad, &err) == -1);
    CHECK(strcmp(err.field, "title") == 0 && err.code == KLAR_ERR_INVALID);
    klar_store_close(s);
}

PG_TEST_VARIANT(test_risk_pages)
PG_TEST_VARIANT(test_record_pages)

int main(void)
{
    if (tmpdir_make(dir, sizeof dir) < 0) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_risk_pages);
    RUN(test_record_pages);
    RUN(test_risk_pages_pg);
    RUN(test_record_pages_pg);
    tmpdir_remove(dir);
    return test_finish();
}
