/* jsonwriter.c - JSON text into a growing buffer (klar/jsonwriter.h). Whether a comma goes
 * before a key or value follows from the last byte written: none after '{', '[' or ':' (or at
 * the start), one after anything else (the end of a value). */
#include "klar/jsonwriter.h"
#include "klar/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CAPACITY 256

/* Grows the buffer to hold n more bytes and a NUL; 0, or -1 (w->failed set). */
static int grow(klar_jw *w, size_t n)
{
    if (w->failed)
        return -1;
    size_t cap = w->cap ? w->cap : FIRST_CAPACITY;
    while (cap < w->len + n + 1) {
        if (cap > (size_t)-1 / 2) {
            w->failed = 1;
            return -1;
        }
        cap *= 2;
    }
    char *buf = realloc(w->buf, cap);
    if (!buf) {
        w->failed = 1;
        return -1;
    }
    w->buf = buf;
    w->cap = cap;
    return 0;
}

/* Room for n more bytes and a NUL: 0, or -1 (w->failed set). The common case (there is
 * room) stays inline in the callers; every value of a page of risks passes here. */
static inline int room(klar_jw *w, size_t n)
{
    return w->len + n + 1 <= w->cap ? 0 : grow(w, n);
}

static inline void put(klar_jw *w, const char *bytes, size_t n)
{
    if (room(w, n) == 0) {
        memcpy(w->buf + w->len, bytes, n);
        w->len += n;
    }
}

static inline void put_char(klar_jw *w, char c)
{
    if (room(w, 1) == 0)
        w->buf[w->len++] = c;
}

/* The comma before a key or value, where one is due. */
static inline void separate(klar_jw *w)
{
    if (w->len == 0)
        return;
    char last = w->buf[w->len - 1];
    if (last != '{' && last != '[' && last != ':')
        put_char(w, ',');
}

void klar_jw_reserve(klar_jw *w, size_t n)
{
    room(w, n);
}

void klar_jw_begin_object(klar_jw *w)
{
    separate(w);
    put_char(w, '{');
}

void klar_jw_end_object(klar_jw *w)
{
    put_char(w, '}');
}

void klar_jw_begin_array(klar_jw *w)
{
    separate(w);
    put_char(w, '[');
}

void klar_jw_end_array(klar_jw *w)
{
    put_char(w, ']');
}

/* The escape of ASCII byte c into out (NUL-terminated), or 0 if c goes as it is. */
static size_t escape(unsigned char c, char out[8])
{
    static const char hex[] = "0123456789abcdef";
    const char *named = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n"
                      : c == '\r' ? "\\r" : c == '\t' ? "\\t" : c == '\b' ? "\\b"
                      : c == '\f' ? "\\f" : NULL;
    if (named) {
        memcpy(out, named, 3);
        return 2;
    }
    if (c >= 0x20)
        return 0;
    memcpy(out, "\\u00", 4);
    out[4] = hex[c >> 4];
    out[5] = hex[c & 15];
    out[6] = '\0';
    return 6;
}

/* 1 for the bytes a string cannot hold as they are: control characters, '"' and '\\'
 * (escaped), and those above 0x7f (checked as UTF-8). */
static int special(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
}

/* s quoted and escaped; runs of bytes that need no escape are copied at once. */
static void put_quoted(klar_jw *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *run = p;
    put_char(w, '"');
    while (*p) {
        char esc[8];
        size_t n = 1, e = 0;
        if (!special(*p)) {
            p++;
            continue;
        }
        if (*p >= 0x80)
            n = klar_text_utf8_sequence(p, 4);
        else
            e = escape(*p, esc);
        if (n && !e) {
            p += n;
            continue;
        }
        put(w, (const char *)run, (size_t)(p - run));
        if (e)
            put(w, esc, e);
        else
            put(w, "\xef\xbf\xbd", 3);   /* U+FFFD for a stray byte */
        run = ++p;
    }
    put(w, (const char *)run, (size_t)(p - run));
    put_char(w, '"');
}

void klar_jw_key(klar_jw *w, const char *name)
{
    separate(w);
    put_quoted(w, name);
    put_char(w, ':');
}

void klar_jw_string(klar_jw *w, const char *s)
{
    separate(w);
    if (s)
        put_quoted(w, s);
    else
        put(w, "null", 4);
}

void klar_jw_int(klar_jw *w, int64_t v)
{
    char digits[24];
    char *p = digits + sizeof digits;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;   /* INT64_MIN too */
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        *--p = '-';
    separate(w);
    put(w, p, (size_t)(digits + sizeof digits - p));
}

void klar_jw_number(klar_jw *w, double v)
{
    if (!isfinite(v)) {
        klar_jw_null(w);
        return;
    }
    char text[40];
    int n = 0;
    for (int digits = 15; digits <= 17; digits++) {     /* the shortest that reads back */
        n = snprintf(text, sizeof text - 2, "%.*g", digits, v);
        if (strtod(text, NULL) == v)
            break;
    }
    if (n > 0 && !strpbrk(text, ".eE")) {
        text[n++] = '.';
        text[n++] = '0';
        text[n] = '\0';
    }
    separate(w);
    put(w, text, (size_t)n);
}

void klar_jw_bool(klar_jw *w, int b)
{
    separate(w);
    if (b)
        put(w, "true", 4);
    else
        put(w, "false", 5);
}

void klar_jw_null(klar_jw *w)
{
    separate(w);
    put(w, "null", 4);
}

char *klar_jw_finish(klar_jw *w, size_t *len)
{
    char *text = NULL;
    if (!w->failed && room(w, 0) == 0) {   /* room(): a buffer also when nothing was written */
        w->buf[w->len] = '\0';
        text = w->buf;
        if (len)
            *len = w->len;
        w->buf = NULL;
    }
    klar_jw_free(w);
    return text;
}

void klar_jw_free(klar_jw *w)
{
    free(w->buf);
    memset(w, 0, sizeof *w);
}
