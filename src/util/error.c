/* error.c - filling in klar_error: every failure names its file, line and reason. */
#include "klar/error.h"

#include <stdarg.h>
#include <stdio.h>

void klar_error_set(klar_error *err, const char *file, long line, const char *fmt, ...)
{
    if (!err)
        return;
    size_t used = 0;
    int n = 0;
    if (file && line > 0)
        n = snprintf(err->message, sizeof err->message, "%s:%ld: ", file, line);
    else if (file)
        n = snprintf(err->message, sizeof err->message, "%s: ", file);
    if (n > 0)
        used = (size_t)n < sizeof err->message ? (size_t)n : sizeof err->message - 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message + used, sizeof err->message - used, fmt, ap);
    va_end(ap);
}

void klar_error_clear(klar_error *err)
{
    if (err)
        err->message[0] = '\0';
}
