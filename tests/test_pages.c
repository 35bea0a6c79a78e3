/* test_pages.c - lists in pages: klar_risk_each (limit, offset, total, the order by id, the
 * subtree and area filters, an offset past the end, stopping early) and klar_record_list with
 * klar_record_count (limit and offset in the kind's order, total ignoring the page, filters);
 * on SQLite and, when KLAR_TEST_PG names a database, on PostgreSQL too (the *_pg runs). */
#include "test.h"

#include "klar/record.h"
#include "klar/registry.h"
#include "store_test_util.h"

#include <jansson.h>

static char dir[64];

/* Collects the ids klar_risk_each hands over (at most 64). */
typedef struct seen {
    int64_t ids[64];
    size_t n;
    size_t stop_after;           /* 0: never stop */
} seen;

static int collect(const klar_risk *r, void *ctx)
{
    seen *s = ctx;
    if (s->n < 64)
        s->ids[s->n] = r->id;
    s->n++;
    return s->stop_after && s->n == s->stop_after ? 7 : 0;
}

/* Adds a risk of org with area; its id, or 0. */
static int64_t add_risk(klar_store *s, const char *org, const char *area, int i)
{
    klar_risk *r = calloc(1, sizeof *r);
    klar_error err;
    if (!r)
        return 0;
    snprintf(r->org_id, sizeof r->org_id, "%s", org);
    snprintf(r->title, sizeof r->title, "Risiko %d", i);
    snprintf(r->area, sizeof r->area, "%s", area);
    r->probability = i % 5 + 1;
    r->consequence = 3;
    int64_t id = klar_risk_create(s, 0, r, NULL, &err) == 0 ? r->id : 0;
    if (!id)
        fprintf(stderr, "%s\n", err.message);
    free(r);
    return id;
}

static void test_risk_pages(void)
{
    klar_store *s = store_test_open_seeded(dir, "risks");
    CHECK(s != NULL);
    if (!s)
        return;
    klar_error err;
    int64_t ids[12];
    for (int i = 0; i < 12; i++)   /* 8 at Helse Bergen (water, supply), 4 at Helse Nord */
        ids[i] = add_risk(s, i < 8 ? "helse-bergen" : "helse-nord", i % 2 ? "water" : "supply", i);
    seen a = {0};
    int64_t total = -1;
    klar_page all = {0, 0};
    CHECK(klar_risk_each(s, NULL, NULL, all, collect, &a, &total, &err) == 0);
    CHECK(a.n == 12 && total == 12);
    for (size_t i = 0; i < a.n && i < 12; i++)
        CHECK(a.ids[i] == ids[i]);                       /* ordered by id */
    seen b = {0};
    klar_page p = {5, 3};
    CHECK(klar_risk_each(s, NULL, NULL, p, collect, &b, &total, &err) == 0);
    CHECK(b.n == 5 && total == 12);
    for (size_t i = 0; i < b.n; i++)
        CHECK(b.ids[i] == ids[3 + i]);
    seen c = {0};
    p = (klar_page){100, 0};                             /* the subtree of Helse Vest */
    CHECK(klar_risk_each(s, "helse-vest", NULL, p, collect, &c, &total, &err) == 0);
    CHECK(c.n == 8 && total == 8 && c.ids[7] == ids[7]);
    seen d = {0};
    p = (klar_page){2, 1};                               /* and of an area */
    CHECK(klar_risk_each(s, "helse-vest", "water", p, collect, &d, &total, &err) == 0);
    CHECK(d.n == 2 && total == 4 && d.ids[0] == ids[3] && d.ids[1] == ids[5]);
    seen e = {0};
    p = (klar_page){10, 50};                             /* past the end */
    CHECK(klar_risk_each(s, "helse-vest", NULL, p, collect, &e, &total, &err) == 0);
    CHECK(e.n == 0 && total == 8);
    seen f = {0};
    CHECK(klar_risk_each(s, "helse-nord", NULL, all, collect, &f, NULL, &err) == 0);
    CHECK(f.n == 4);
    seen g = {.stop_after = 2};                          /* the callback stops the walk */
    CHECK(klar_risk_each(s, NULL, NULL, all, collect, &g, NULL, &err) == 7);
    CHECK(g.n == 2);
    seen h = {0};
    CHECK(klar_risk_each(s, "nope", NULL, all, collect, &h, &total, &err) == 0);
    CHECK(h.n == 0 && total == 0);
    /* klar_risk_list still gives them all */
    size_t n = 0;
    klar_risk *list = klar_risk_list(s, "helse-vest", "supply", &n, &err);
    CHECK(list && n == 4 && list[0].id == ids[0]);
    free(list);
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
    const char *field = NULL;
    for (int i = 1; i <= 6; i++) {   /* plans ordered by revision_due: P6 first */
        json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "org_id", "helse-bergen",
                               "title", "", "type", "preparedness", "owner", "Beredskapssjef",
                               "status", i % 3 ? "approved" : "draft", "revision_due", "");
        char title[16], due[32];
        snprintf(title, sizeof title, "P%d", i);
        snprintf(due, sizeof due, "2030-%02d-01", 7 - i);
        json_object_set_new(in, "title", json_string(title));
        json_object_set_new(in, "revision_due", json_string(due));
        CHECK(klar_record_create(s, &klar_kind_plan, 0, in, NULL, &field, &err) == 0);
        json_decref(in);
    }
    char buf[128];
    klar_record_filter f = {.within = "helse-vest"};
    json_t *list = klar_record_list(s, &klar_kind_plan, &f, &field, &err);
    CHECK(list && strcmp(titles(list, buf, sizeof buf), "P6 P5 P4 P3 P2 P1") == 0);
    json_decref(list);
    f.limit = 2;
    f.offset = 1;
    list = klar_record_list(s, &klar_kind_plan, &f, &field, &err);
    CHECK(list && strcmp(titles(list, buf, sizeof buf), "P5 P4") == 0);
    json_decref(list);
    CHECK(klar_record_count(s, &klar_kind_plan, &f, &field, &err) == 6);   /* the page ignored */
    f.names[0] = "status";
    f.values[0] = "approved";
    f.n = 1;
    f.offset = 3;
    list = klar_record_list(s, &klar_kind_plan, &f, &field, &err);
    CHECK(list && strcmp(titles(list, buf, sizeof buf), "P1") == 0);
    json_decref(list);
    CHECK(klar_record_count(s, &klar_kind_plan, &f, &field, &err) == 4);
    f.offset = 10;
    list = klar_record_list(s, &klar_kind_plan, &f, &field, &err);
    CHECK(list && json_array_size(list) == 0);
    json_decref(list);
    klar_record_filter nord = {.within = "helse-nord", .limit = 5};
    CHECK(klar_record_count(s, &klar_kind_plan, &nord, &field, &err) == 0);
    CHECK(klar_record_count(s, &klar_kind_plan, NULL, &field, &err) == 6);
    klar_record_filter bad = {.names = {"title"}, .values = {"P1"}, .n = 1};
    field = NULL;
    CHECK(klar_record_count(s, &klar_kind_plan, &bad, &field, &err) == -1);
    CHECK(field && strcmp(field, "title") == 0);
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
