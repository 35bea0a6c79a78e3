/* fuzz_jsonwriter.c - libFuzzer target for the output-only JSON writer (klar/jsonwriter.h):
 * any bytes become keys, strings and numbers of an object and an array; jansson must read the
 * text back, and where the input was valid UTF-8 the strings must come back unchanged. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "klar/jsonwriter.h"
#include "klar/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';                          /* the writer takes C strings: up to a NUL */
    int64_t n = 0;
    memcpy(&n, data, size < sizeof n ? size : sizeof n);

    klar_jw w = {0};
    klar_jw_begin_object(&w);
    klar_jw_key(&w, s);
    klar_jw_string(&w, s);
    klar_jw_key(&w, "list");
    klar_jw_begin_array(&w);
    klar_jw_int(&w, n);
    klar_jw_string(&w, NULL);
    klar_jw_bool(&w, (int)(n & 1));
    klar_jw_null(&w);
    klar_jw_end_array(&w);
    klar_jw_end_object(&w);
    size_t len;
    char *text = klar_jw_finish(&w, &len);
    if (text) {
        json_error_t e;
        json_t *j = json_loadb(text, len, 0, &e);
        if (!j)
            abort();                          /* the writer wrote something that is not JSON */
        json_t *list = json_object_get(j, "list");
        if (json_array_size(list) != 4 || json_integer_value(json_array_get(list, 0)) != n)
            abort();
        if (klar_text_is_utf8(s, strlen(s)) && strcmp(s, "list") != 0) {
            json_t *v = json_object_get(j, s);
            if (!v || strcmp(json_string_value(v), s) != 0)
                abort();                      /* valid text did not survive the round trip */
        }
        json_decref(j);
        free(text);
    }
    free(s);
    return 0;
}
