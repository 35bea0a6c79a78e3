/* error.h - how libklar reports failure: a message that names the file, line and reason. */
#ifndef KLAR_ERROR_H
#define KLAR_ERROR_H

#include <stddef.h>

/* Filled in by a failing call; callers own it (usually on the stack). */
typedef struct klar_error {
    char message[768];   /* "FILE:LINE: reason" or "reason" when no file is involved */
} klar_error;

/* Sets err (if not NULL) to "file:line: reason"; line <= 0 leaves the line out, file NULL both. */
void klar_error_set(klar_error *err, const char *file, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Clears err so that message is the empty string. */
void klar_error_clear(klar_error *err);

#endif
