/* ini.c - reading INI text with libinih while knowing the line of every value, so that every
 * complaint about a profession, workforce or surge scenario file reads "file:line: reason".
 *
 * libinih calls its reader once per physical line and then the handler for that line, so a
 * reader that counts lines gives the handler its line number. The reader also refuses lines
 * longer than libinih's buffer (which would otherwise be split silently), NUL bytes and text
 * that is not UTF-8 (names and sources end up in JSON output). */
#include "klar/ini.h"
#include "klar/text.h"

#include <ini.h>
#include <stdio.h>
#include <string.h>

typedef struct ini_cursor {
    const char *p, *end;
    int line;               /* line most recently handed to libinih */
    int section_line;       /* line of the latest "[section]" header */
    int bad_line;           /* first line that was too long or held a NUL byte */
    int bad_is_nul;
    int bad_is_encoding;
    int max_chars;
} ini_cursor;

typedef struct ini_context {
    ini_cursor cur;
    klar_ini_handler handler;
    void *user;
    int failed_line;        /* first line the handler refused */
    klar_error failure;
} ini_context;

/* libinih's reader: copies the next physical line into str (at most num - 1 bytes). */
static char *next_line(char *str, int num, void *stream)
{
    ini_cursor *c = stream;
    if (c->p >= c->end)
        return NULL;
    const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
    const char *stop = nl ? nl + 1 : c->end;
    size_t len = (size_t)(stop - c->p);
    c->line++;
    int has_nul = memchr(c->p, '\0', len) != NULL;
    int not_utf8 = !has_nul && !klar_text_is_utf8(c->p, len);
    if (has_nul || not_utf8 || len + 1 > (size_t)num) {
        if (!c->bad_line) {
            c->bad_line = c->line;
            c->bad_is_nul = has_nul;
            c->bad_is_encoding = not_utf8;
            c->max_chars = num - 3;
        }
        strcpy(str, "\n"); /* hand libinih a blank line instead */
    } else {
        memcpy(str, c->p, len);
        str[len] = '\0';
        const char *t = str;
        while (*t == ' ' || *t == '\t')
            t++;
        if (*t == '[')
            c->section_line = c->line;
    }
    c->p = stop;
    return str;
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
    ini_context *ctx = user;
    if (ctx->failed_line)
        return 1; /* only the first complaint is reported */
    if (!ctx->handler(ctx->user, section, name, value, ctx->cur.line, ctx->cur.section_line,
                      &ctx->failure)) {
        ctx->failed_line = ctx->cur.line;
        return 0;
    }
    return 1;
}

/* Copies line `line` (1-based) of text into buf, shortened, for a syntax-error message. */
static void line_text(const char *text, size_t len, int line, char *buf, size_t size)
{
    const char *p = text, *end = text + len;
    for (int l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    size_t n = 0;
    while (p + n < end && p[n] != '\n' && p[n] != '\r' && n + 1 < size)
        n++;
    memcpy(buf, p, n);
    buf[n] = '\0';
    while (*buf == ' ' || *buf == '\t')
        memmove(buf, buf + 1, strlen(buf));
}

static void report_syntax_error(const char *text, size_t len, const char *name, int line,
                                klar_error *err)
{
    char shown[64];
    line_text(text, len, line, shown, sizeof shown);
    if (shown[0] == '[')
        klar_error_set(err, name, line, "malformed section header '%s' (expected '[name]')", shown);
    else
        klar_error_set(err, name, line, "expected 'name = value' or '[section]', not '%s'", shown);
}

int klar_ini_parse(const char *text, size_t len, const char *name, klar_ini_handler handler,
                 void *user, klar_error *err)
{
    ini_context ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.cur.p = text;
    ctx.cur.end = text + len;
    ctx.handler = handler;
    ctx.user = user;

    int r = ini_parse_stream(next_line, &ctx.cur, on_value, &ctx);
    if (r < 0) {
        klar_error_set(err, name, 0, "cannot parse (out of memory)");
        return -1;
    }
    int bad = ctx.cur.bad_line;
    /* The earliest of: a bad line, the handler's first refusal, libinih's first error. */
    if (bad && (!r || bad < r) && (!ctx.failed_line || bad < ctx.failed_line)) {
        if (ctx.cur.bad_is_nul)
            klar_error_set(err, name, bad, "NUL byte in text (is this a binary file?)");
        else if (ctx.cur.bad_is_encoding)
            klar_error_set(err, name, bad, "text is not UTF-8 (save the file as UTF-8)");
        else
            klar_error_set(err, name, bad, "line longer than %d characters; continue a source on "
                           "an indented next line", ctx.cur.max_chars);
        return -1;
    }
    if (ctx.failed_line && (!r || ctx.failed_line <= r)) {
        if (err)
            *err = ctx.failure;
        return -1;
    }
    if (r > 0) {
        report_syntax_error(text, len, name, r, err);
        return -1;
    }
    return 0;
}
