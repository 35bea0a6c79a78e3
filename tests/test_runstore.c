/* test_runstore.c - kept runs on both backends: saved with klar's version and stamp, listed
 * newest first within the owner's organisation's subtree and by engine, paged with the total,
 * read back with request and result as they went in, compared (series aligned by day with
 * nulls where a run has no day, summary differences from the first run, runs of two engines
 * refused), and deleted with an audit row. */
#include "store_test_util.h"

#include "klar/auth.h"
#include "klar/runs.h"
#include "klar/runstore.h"

#include <jansson.h>

static char dir[64];

/* A surge-like result of n days whose ICU census is scale * day. */
static json_t *result_of(int n, double scale)
{
    json_t *days = json_array();
    for (int d = 0; d < n; d++)
        json_array_append_new(days, json_pack("{s:i, s:f}", "day", d, "census_icu", scale * d));
    return json_pack("{s:s, s:{}, s:{s:f, s:i}, s:{s:s}, s:o}", "engine", "surge", "inputs",
                     "summary", "peak_census_icu", scale * (n - 1), "peak_day_icu", n - 1,
                     "units", "census_icu", "patients", "days", days);
}

static int64_t save(klar_store *s, int64_t user, const char *org, const char *engine,
                    const char *title, json_t *result)
{
    klar_run_meta m = {engine, user, "anna", org, title, "helse-vest", NULL, 0, "abc123"};
    json_t *request = json_pack("{s:s, s:s}", "engine", engine, "parameters", "[epidemic]\n");
    json_t *summary = json_object_get(result, "summary");
    int64_t id = 0;
    klar_error err;
    CHECK(klar_runstore_save(s, &m, request, summary, result, &id, &err) == 0);
    json_decref(request);
    return id;
}

static void test_save_list_get_compare_delete(void)
{
    klar_store *s = store_test_open_seeded(dir, "runs");
    klar_error err;
    klar_user anna, nils;
    if (!s)
        return;
    CHECK(klar_user_add(s, "anna", "helse-bergen", KLAR_ROLE_PLANNER, "anna-password-1", &err) == 0);
    CHECK(klar_user_add(s, "nils", "helse-nord", KLAR_ROLE_PLANNER, "nils-password-1", &err) == 0);
    CHECK(klar_user_find(s, "anna", &anna, &err) == 1);
    CHECK(klar_user_find(s, "nils", &nils, &err) == 1);
    json_t *r1 = result_of(5, 1), *r2 = result_of(7, 2), *r3 = result_of(3, 1);
    json_t *wf = json_pack("{s:s, s:{}, s:{}, s:[]}", "engine", "workforce", "inputs", "summary",
                           "rows");
    int64_t a = save(s, anna.id, "helse-bergen", "surge", "one", r1);
    int64_t b = save(s, anna.id, "helse-bergen", "surge", "two", r2);
    int64_t n = save(s, nils.id, "helse-nord", "surge", "north", r3);
    int64_t w = save(s, anna.id, "helse-bergen", "workforce", "wf", wf);
    CHECK(a > 0 && b > a && n > b && w > n);

    int64_t total = -1;
    json_t *list = klar_runstore_list(s, "helse-vest", NULL, 2, 0, &total, &err);
    CHECK(list && json_array_size(list) == 2 && total == 3);     /* nils's run is not within */
    CHECK(json_integer_value(json_object_get(json_array_get(list, 0), "id")) == w);
    json_decref(list);
    list = klar_runstore_list(s, "helse-vest", "surge", 0, 0, &total, &err);
    CHECK(list && json_array_size(list) == 2 && total == 2);
    CHECK(json_integer_value(json_object_get(json_array_get(list, 0), "id")) == b);
    CHECK(strcmp(json_string_value(json_object_get(json_array_get(list, 0), "klar_version")),
                 klar_version()) == 0);
    json_decref(list);
    list = klar_runstore_list(s, "helse-nord", NULL, 0, 0, &total, &err);
    CHECK(list && total == 1);
    json_decref(list);

    json_t *ra = NULL, *rb = NULL, *rw = NULL;
    CHECK(klar_runstore_get(s, a, &ra, &err) == 1);
    CHECK(klar_runstore_get(s, b, &rb, &err) == 1);
    CHECK(klar_runstore_get(s, w, &rw, &err) == 1);
    json_t *none = NULL;
    CHECK(klar_runstore_get(s, w + 100, &none, &err) == 0 && none == NULL);
    if (ra && rb && rw) {
        CHECK(json_equal(json_object_get(ra, "result"), r1));
        CHECK(strcmp(json_string_value(json_object_get(json_object_get(ra, "request"),
                                                       "parameters")), "[epidemic]\n") == 0);
        json_t *pair[] = {ra, rb};
        json_t *cmp = klar_run_compare(pair, 2, &err);
        CHECK(cmp != NULL);
        if (cmp) {
            json_t *x = json_object_get(cmp, "x");
            CHECK(json_array_size(x) == 7);                     /* days 0..6 of either run */
            json_t *icu = json_object_get(json_object_get(cmp, "series"), "census_icu (patients)");
            CHECK(json_array_size(icu) == 2);
            CHECK(json_is_null(json_array_get(json_array_get(icu, 0), 6)));  /* a has 5 days */
            CHECK(json_number_value(json_array_get(json_array_get(icu, 1), 6)) == 12);
            json_t *peak = json_object_get(json_object_get(cmp, "summary"), "peak_census_icu");
            CHECK(json_number_value(json_array_get(json_object_get(peak, "differences"), 1)) ==
                  12 - 4);
            json_decref(cmp);
        }
        json_t *mixed[] = {ra, rw};
        CHECK(klar_run_compare(mixed, 2, &err) == NULL);
        CHECK(strcmp(err.field, "ids") == 0);
        CHECK(klar_run_compare(pair, 1, &err) == NULL);
    }
    json_decref(ra);
    json_decref(rb);
    json_decref(rw);

    CHECK(klar_runstore_delete(s, anna.id, a, &err) == 1);
    CHECK(klar_runstore_delete(s, anna.id, a, &err) == 0);
    CHECK(query_int(s, "SELECT count(*) FROM audit WHERE entity = 'run' AND action = 'delete'",
                    NULL) == 1);
    list = klar_runstore_list(s, NULL, NULL, 0, 0, &total, &err);
    CHECK(list && total == 3);
    json_decref(list);
    json_decref(r1);
    json_decref(r2);
    json_decref(r3);
    json_decref(wf);
    klar_store_close(s);
}

PG_TEST_VARIANT(test_save_list_get_compare_delete)

int main(void)
{
    if (tmpdir_make(dir, sizeof dir) < 0) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_save_list_get_compare_delete);
    RUN(test_save_list_get_compare_delete_pg);
    tmpdir_remove(dir);
    return test_finish();
}
