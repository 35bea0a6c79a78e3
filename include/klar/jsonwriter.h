/* jsonwriter.h - JSON text written straight into a growing buffer, for answers too large or
 * too frequent to build as jansson trees first (a page of 100 risks: about 1.2 ms through
 * json_t objects and json_dumps, a tenth of that written directly). Output only: JSON is
 * always read with jansson. Strings are escaped as RFC 8259 requires and kept valid UTF-8
 * (a byte that does not belong to a well-formed sequence becomes U+FFFD); commas between
 * members and elements are written by the writer. Out of memory is remembered and reported
 * once, by klar_jw_finish.
 *
 *   klar_jw w = {0};
 *   klar_jw_begin_object(&w); klar_jw_key(&w, "count"); klar_jw_int(&w, 3);
 *   klar_jw_end_object(&w); char *text = klar_jw_finish(&w, &len);   (free(text)) */
#ifndef KLAR_JSONWRITER_H
#define KLAR_JSONWRITER_H

#include <stddef.h>
#include <stdint.h>

typedef struct klar_jw {
    char *buf;                   /* owned until klar_jw_finish */
    size_t len, cap;
    int failed;                  /* an allocation failed */
} klar_jw;

/* Reserves room for about n bytes more (optional; avoids regrowing). */
void klar_jw_reserve(klar_jw *w, size_t n);

void klar_jw_begin_object(klar_jw *w);
void klar_jw_end_object(klar_jw *w);
void klar_jw_begin_array(klar_jw *w);
void klar_jw_end_array(klar_jw *w);

/* A member name in an object; the value follows with one of the calls below. */
void klar_jw_key(klar_jw *w, const char *name);

/* Values (as array elements or after klar_jw_key). klar_jw_string writes null for NULL. */
void klar_jw_string(klar_jw *w, const char *s);
void klar_jw_int(klar_jw *w, int64_t v);
void klar_jw_bool(klar_jw *w, int b);
/* A number in its shortest text that reads back as the same double, with ".0" when it would
 * look like an integer (as jansson writes reals); null when it is not finite. */
void klar_jw_number(klar_jw *w, double v);
void klar_jw_null(klar_jw *w);

/* The text written (malloc'd, NUL-terminated, its length in *len if len is not NULL), and w
 * emptied; NULL if an allocation failed on the way (w is emptied all the same). */
char *klar_jw_finish(klar_jw *w, size_t *len);

/* Frees what w holds (after an error, instead of klar_jw_finish). */
void klar_jw_free(klar_jw *w);

#endif
