/* error.h - how libklar reports failure: a message that names the file, line and reason, and
 * for bad input the field to blame and a code saying what kind of failure it was. */
#ifndef KLAR_ERROR_H
#define KLAR_ERROR_H

#include <stddef.h>

/* What kind of failure a klar_error reports (callers map it, e.g. to an HTTP status). */
typedef enum klar_error_code {
    KLAR_ERR_FAILED = 0,         /* storage, system or memory failure (the default) */
    KLAR_ERR_INVALID,            /* bad input: field names the member to blame */
    KLAR_ERR_NOT_FOUND,          /* no such record */
    KLAR_ERR_STALE,              /* the record changed meanwhile (version, organisation) */
    KLAR_ERR_CONFLICT,           /* a uniqueness rule or a reference stops the change */
    KLAR_ERR_FULL,               /* the database's disk (or its size cap) is full */
    KLAR_ERR_READ_ONLY,          /* the database was opened, or is, read-only */
    KLAR_ERR_LIMIT,              /* more work than a limit allows (runs, days, memory, time):
                                    field names the input to reduce */
} klar_error_code;

/* Filled in by a failing call; callers own it (usually on the stack). */
typedef struct klar_error {
    char message[768];   /* "FILE:LINE: reason" or "reason" when no file is involved */
    char field[80];      /* the input to blame ("due", "participants[2]"), or "" */
    klar_error_code code;
} klar_error;

/* Sets err (if not NULL) to "file:line: reason"; line <= 0 leaves the line out, file NULL both.
 * The field is cleared and the code is KLAR_ERR_FAILED. */
void klar_error_set(klar_error *err, const char *file, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Sets err (if not NULL) to code, field (NULL: none) and the formatted message. */
void klar_error_field(klar_error *err, klar_error_code code, const char *field,
                      const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Clears err so that message and field are empty strings and the code is KLAR_ERR_FAILED. */
void klar_error_clear(klar_error *err);

#endif
