/* test_jsonwriter.c - JSON text written directly (klar/jsonwriter.h): structure and commas,
 * numbers at their limits, escapes, UTF-8 kept and a stray byte replaced, every output read
 * back by jansson; numbers in their shortest text that reads back. */
#include "test.h"

#include "klar/jsonwriter.h"

#include <jansson.h>
#include <math.h>
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

/* The text klar_jw_number writes for v, into buf. */
static const char *number_text(double v, char *buf, size_t size)
{
    klar_jw w = {0};
    klar_jw_number(&w, v);
    char *text = klar_jw_finish(&w, NULL);
    snprintf(buf, size, "%s", text ? text : "(oom)");
    free(text);
    return buf;
}

/* klar_jw_number: the shortest text that reads back, ".0" on integral values, null for what
 * JSON cannot hold. */
static void test_number(void)
{
    char buf[64];
    CHECK(strcmp(number_text(0.1, buf, sizeof buf), "0.1") == 0);
    CHECK(strcmp(number_text(6, buf, sizeof buf), "6.0") == 0);
    CHECK(strcmp(number_text(-2.5, buf, sizeof buf), "-2.5") == 0);
    CHECK(strcmp(number_text(1e300, buf, sizeof buf), "1e+300") == 0);
    CHECK(strcmp(number_text(NAN, buf, sizeof buf), "null") == 0);
    CHECK(strcmp(number_text(INFINITY, buf, sizeof buf), "null") == 0);
    CHECK(strcmp(number_text(-INFINITY, buf, sizeof buf), "null") == 0);
    /* every value reads back as the same double */
    uint64_t x = 88172645463325252ULL;
    int same = 1;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        double v = (double)(x >> 11) / (double)(1ULL << 53) * pow(10, (int)(x % 40) - 20);
        klar_jw w = {0};
        klar_jw_begin_array(&w);
        klar_jw_number(&w, v);
        klar_jw_end_array(&w);
        json_t *j = read_back(&w);
        same &= j && json_is_real(json_array_get(j, 0)) &&
                json_real_value(json_array_get(j, 0)) == v;
        json_decref(j);
    }
    CHECK(same);
}

int main(void)
{
    RUN(test_structure);
    RUN(test_numbers);
    RUN(test_strings);
    RUN(test_large);
    RUN(test_number);
    return test_finish();
}
