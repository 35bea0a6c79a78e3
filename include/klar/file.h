/* file.h - reading a whole file into memory, with the file named in every error. */
#ifndef KLAR_FILE_H
#define KLAR_FILE_H

#include <stddef.h>
#include "klar/error.h"

/* Reads the file at path into a malloc'ed buffer with a NUL after its last byte; *len gets the
 * size without that NUL. Files larger than max_bytes are refused. The caller frees the buffer.
 * Returns NULL with "path: reason" in err (cannot open, too large, read error, out of memory). */
char *klar_file_read(const char *path, size_t max_bytes, size_t *len, klar_error *err);

#endif
