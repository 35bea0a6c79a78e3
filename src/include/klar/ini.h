/* ini.h - reading human-edited INI files (libinih) with the line of every value, so that every
 * complaint reads "file:line: reason". Used for profession, workforce and surge scenario files. */
#ifndef KLAR_INI_H
#define KLAR_INI_H

#include <stddef.h>
#include "klar/error.h"

/* Called once per name = value (continuation lines call it again with the same name) with the
 * value's line and the line of its section header. Returns 1 to go on, 0 after filling err. */
typedef int (*klar_ini_handler)(void *user, const char *section, const char *name,
                                const char *value, int line, int section_line, klar_error *err);

/* Parses INI text (len bytes) with libinih; the first error (the handler's, a line too long or
 * holding a NUL, or a syntax error) is reported as "name:line: reason". Returns 0 or -1. */
int klar_ini_parse(const char *text, size_t len, const char *name, klar_ini_handler handler,
                   void *user, klar_error *err);

#endif
