/* text.c - text helpers: UTF-8 validation, Latin-1 to UTF-8,
 * case folding for Norwegian and Sami names, edit distance and suggestions. */
#include "klar/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *klar_text_dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

size_t klar_text_utf8_sequence(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned long min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    unsigned long cp = c & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

int klar_text_is_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t len = klar_text_utf8_sequence(p + i, n - i);
        if (len == 0)
            return 0;
        i += len;
    }
    return 1;
}

char *klar_text_latin1_to_utf8(const char *s, size_t n, size_t *outlen)
{
    if (n > ((size_t)-1 - 1) / 2)
        return NULL;
    char *out = malloc(2 * n + 1);
    if (!out)
        return NULL;
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[w++] = (char)c;
        } else {
            out[w++] = (char)(0xC0 | (c >> 6));
            out[w++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[w] = '\0';
    if (outlen)
        *outlen = w;
    return out;
}

/* Lower-case partner of code point cp for the scripts Norwegian place names use. */
static unsigned long fold_code_point(unsigned long cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 0x20;
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
        return (cp % 2 == 0) ? cp + 1 : cp;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return (cp % 2 == 1) ? cp + 1 : cp;
    if (cp == 0x178)
        return 0xFF;
    return cp;
}

/* Decodes one code point at p (n bytes left); sets *len. Malformed bytes decode as themselves. */
static unsigned long decode_code_point(const unsigned char *p, size_t n, size_t *len)
{
    size_t l = klar_text_utf8_sequence(p, n);
    if (l <= 1) {
        *len = 1;
        return p[0];
    }
    unsigned long cp = p[0] & (0x7F >> l);
    for (size_t i = 1; i < l; i++)
        cp = (cp << 6) | (p[i] & 0x3F);
    *len = l;
    return cp;
}

/* Encodes cp as UTF-8 into out (room for 4); returns the byte count. */
static size_t encode_code_point(unsigned long cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void klar_text_fold(const char *in, char *out, size_t outsize)
{
    if (outsize == 0)
        return;
    while (is_blank(*in))
        in++;
    size_t n = strlen(in);
    while (n > 0 && is_blank(in[n - 1]))
        n--;
    const unsigned char *p = (const unsigned char *)in;
    size_t i = 0, w = 0;
    while (i < n) {
        size_t len;
        unsigned long cp = decode_code_point(p + i, n - i, &len);
        char buf[4];
        size_t blen;
        if (len == 1 && p[i] >= 0x80) { /* malformed byte: keep it as it is */
            buf[0] = (char)p[i];
            blen = 1;
        } else {
            blen = encode_code_point(fold_code_point(cp), buf);
        }
        if (w + blen >= outsize)
            break;
        memcpy(out + w, buf, blen);
        w += blen;
        i += len;
    }
    out[w] = '\0';
}

size_t klar_text_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *klar_text_suggest(const char *word, const char *const *candidates, size_t n)
{
    char fw[128], fc[128];
    klar_text_fold(word, fw, sizeof fw);
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        klar_text_fold(candidates[i], fc, sizeof fc);
        size_t d = klar_text_edit_distance(fw, fc);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    size_t len = strlen(fw);
    size_t limit = len < 4 ? 1 : len / 3 + 1;
    return best_d <= limit ? best : NULL;
}

void klar_text_suggest_hint(const char *word, const char *const *candidates, size_t n, char *buf,
                            size_t size)
{
    const char *near = klar_text_suggest(word, candidates, n);
    if (near)
        snprintf(buf, size, " (did you mean '%s'?)", near);
    else if (size)
        buf[0] = '\0';
}

int klar_text_equal_folded(const char *a, const char *b)
{
    char fa[256], fb[256];
    klar_text_fold(a, fa, sizeof fa);
    klar_text_fold(b, fb, sizeof fb);
    return strcmp(fa, fb) == 0;
}

size_t klar_text_utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}
