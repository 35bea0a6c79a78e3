/* test_jsonwriter.c - JSON text written directly (klar/jsonwriter.h): structure and commas,
 * numbers at their limits, escapes, UTF-8 kept and a stray byte replaced, every output read
 * back by jansson; and klar_risk_json_write giving the same object as klar_risk_json. */
#include "test.h"

#include "klar/jsonwriter.h"
#include "klar/registry.h"

#include <jansson.h>
#include <stdint.h>

/* The writer's text read back by jansson (NULL if it is not JSON); frees the text. */
static json_t *read_back(klar_jw *w)
{
    char *text = klar_jw_finish(w, NULL);
    json_error_t e;
    json_t *j = text ? json_loads(text, JSON_DECODE_ANY, &e) : NULL;
    if (text && !j)
        fprintf(stderr, "  not JSON (%s): %s\n", e.text, text);
    free(text);
    return j;
}

static void test_structure(void)
{
    klar_jw w = {0};
    klar_jw_begin_object(&w);
    klar_jw_key(&w, "a");
    klar_jw_begin_array(&w);
    klar_jw_int(&w, 1);
    klar_jw_begin_object(&w);
    klar_jw_end_object(&w);
    klar_jw_begin_array(&w);
    klar_jw_end_array(&w);
    klar_jw_null(&w);
    klar_jw_bool(&w, 1);
    klar_jw_bool(&w, 0);
    klar_jw_string(&w, NULL);
    klar_jw_end_array(&w);
    klar_jw_key(&w, "b");
    klar_jw_string(&w, "x");
    klar_jw_end_object(&w);
    size_t len = 0;
    char *text = klar_jw_finish(&w, &len);
    CHECK(text && strcmp(text, "{\"a\":[1,{},[],null,true,false,null],\"b\":\"x\"}") == 0);
    CHECK(text && len == strlen(text));
    free(text);
    CHECK(w.buf == NULL && w.len == 0);                  /* emptied */
    text = klar_jw_finish(&w, &len);                     /* nothing written: "" */
    CHECK(text && strcmp(text, "") == 0 && len == 0);
    free(text);
    klar_jw_free(&w);
}

static void test_numbers(void)
{
    klar_jw w = {0};
    klar_jw_begin_array(&w);
    klar_jw_int(&w, 0);
    klar_jw_int(&w, -7);
    klar_jw_int(&w, INT64_MAX);
    klar_jw_int(&w, INT64_MIN);
    klar_jw_end_array(&w);
    char *text = klar_jw_finish(&w, NULL);
    CHECK(text && strcmp(text, "[0,-7,9223372036854775807,-9223372036854775808]") == 0);
    free(text);
}

static void test_strings(void)
{
    const char *in = "quote \" backslash \\ slash / nl \n tab \t cr \r bs \b ff \f bell \a "
                     "unit \x1f del \x7f æøå Å € 😀";
    klar_jw w = {0};
    klar_jw_string(&w, in);
    json_t *j = read_back(&w);
    CHECK(j && json_is_string(j) && strcmp(json_string_value(j), in) == 0);
    json_decref(j);
    /* bytes that are not UTF-8 become U+FFFD; the rest stays */
    const char *bad[] = {"a\xff" "b", "\xc3", "x\xc3(", "\xe2\x82", "\xed\xa0\x80",
                         "\xf4\x90\x80\x80", "\xc0\xaf", "ok \xe2\x82\xac"};
    const char *want[] = {"a\xef\xbf\xbd" "b", "\xef\xbf\xbd", "x\xef\xbf\xbd(",
                          "\xef\xbf\xbd\xef\xbf\xbd", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
                          "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
                          "\xef\xbf\xbd\xef\xbf\xbd", "ok \xe2\x82\xac"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        klar_jw_string(&w, bad[i]);
        j = read_back(&w);
        CHECK(j && strcmp(json_string_value(j), want[i]) == 0);
        json_decref(j);
    }
    /* keys are escaped too */
    klar_jw_begin_object(&w);
    klar_jw_key(&w, "a\"b");
    klar_jw_int(&w, 1);
    klar_jw_end_object(&w);
    j = read_back(&w);
    CHECK(j && json_integer_value(json_object_get(j, "a\"b")) == 1);
    json_decref(j);
}

static void test_large(void)
{
    klar_jw w = {0};
    klar_jw_begin_array(&w);
    for (int i = 0; i < 5000; i++)
        klar_jw_string(&w, "a string long enough to make the buffer grow a few times");
    klar_jw_end_array(&w);
    json_t *j = read_back(&w);
    CHECK(j && json_array_size(j) == 5000);
    json_decref(j);
    klar_jw_reserve(&w, 1 << 16);
    CHECK(w.cap > 1 << 16);
    klar_jw_free(&w);
}

/* klar_risk_json_write and klar_risk_json: the same members and values. */
static void test_risk_json(void)
{
    klar_risk *r = calloc(1, sizeof *r);
    if (!r)
        return;
    r->id = 42;
    snprintf(r->org_id, sizeof r->org_id, "helse-bergen");
    snprintf(r->title, sizeof r->title, "Langvarig strømbrudd \"med\" reservekraft\n");
    snprintf(r->area, sizeof r->area, "supply");
    r->probability = 2;
    r->consequence = 4;
    snprintf(r->vulnerabilities, sizeof r->vulnerabilities, "Én linje\tmed tabulator");
    snprintf(r->last_assessed, sizeof r->last_assessed, "2025-03-01");
    r->comprehensive = 1;
    r->version = 3;
    snprintf(r->created_at, sizeof r->created_at, "2025-01-01T10:00:00Z");
    snprintf(r->updated_at, sizeof r->updated_at, "2025-02-01T10:00:00Z");
    for (int pass = 0; pass < 2; pass++) {
        klar_jw w = {0};
        klar_risk_json_write(r, &w);
        json_t *written = read_back(&w), *built = klar_risk_json(r);
        CHECK(written && built && json_equal(written, built));
        CHECK(written && json_object_size(written) == 16);
        CHECK(written && json_is_null(json_object_get(written, "owner")));
        json_decref(written);
        json_decref(built);
        r->comprehensive = 0;                            /* and with the texts empty */
        r->vulnerabilities[0] = r->last_assessed[0] = '\0';
    }
    free(r);
}

int main(void)
{
    RUN(test_structure);
    RUN(test_numbers);
    RUN(test_strings);
    RUN(test_large);
    RUN(test_risk_json);
    return test_finish();
}
