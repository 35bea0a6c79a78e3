/* error.c - filling in klar_error: every failure names its file, line and reason; bad input
 * also names its field. */
#include "klar/error.h"

#include <stdarg.h>
#include <stdio.h>

static void set_message(klar_error *err, const char *file, long line, const char *fmt,
                        va_list ap)
{
    size_t used = 0;
    int n = 0;
    if (file && line > 0)
        n = snprintf(err->message, sizeof err->message, "%s:%ld: ", file, line);
    else if (file)
        n = snprintf(err->message, sizeof err->message, "%s: ", file);
    if (n > 0)
        used = (size_t)n < sizeof err->message ? (size_t)n : sizeof err->message - 1;
    vsnprintf(err->message + used, sizeof err->message - used, fmt, ap);
}

void klar_error_set(klar_error *err, const char *file, long line, const char *fmt, ...)
{
    if (!err)
        return;
    err->field[0] = '\0';
    err->code = KLAR_ERR_FAILED;
    va_list ap;
    va_start(ap, fmt);
    set_message(err, file, line, fmt, ap);
    va_end(ap);
}

void klar_error_field(klar_error *err, klar_error_code code, const char *field,
                      const char *fmt, ...)
{
    if (!err)
        return;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    set_message(err, NULL, 0, fmt, ap);
    va_end(ap);
}

void klar_error_clear(klar_error *err)
{
    if (!err)
        return;
    err->message[0] = '\0';
    err->field[0] = '\0';
    err->code = KLAR_ERR_FAILED;
}
