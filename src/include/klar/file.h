/* file.h - reading a whole file into memory, with the file named in every error; writing one
 * safely; and the paths of files. */
#ifndef KLAR_FILE_H
#define KLAR_FILE_H

#include <stddef.h>
#include <stdio.h>
#include "klar/error.h"

/* Reads the file at path into a malloc'ed buffer with a NUL after its last byte; *len gets the
 * size without that NUL. Files larger than max_bytes are refused. The caller frees the buffer.
 * Returns NULL with "path: reason" in err (cannot open, too large, read error, out of memory). */
char *klar_file_read(const char *path, size_t max_bytes, size_t *len, klar_error *err);

/* Opens "<path>.tmp" for writing, so that path keeps its old content until klar_file_commit.
 * Returns NULL with err naming the file when it cannot be created. */
FILE *klar_file_create(const char *path, klar_error *err);

/* Closes fp from klar_file_create. When ok is non-zero and every write succeeded, the file is
 * flushed to disk and renamed over path; otherwise it is removed and path is left as it was.
 * Returns 0, or -1 (err set when the write itself failed). */
int klar_file_commit(FILE *fp, const char *path, int ok, klar_error *err);

/* The file name of path without its directory and without suffix (if it ends so) into buf:
 * ("scenarios/x.ini", ".ini") gives "x". */
void klar_path_stem(const char *path, const char *suffix, char *buf, size_t size);

/* The directory of path into buf: "scenarios" for "scenarios/x.ini", "/" for "/x.ini", "." when
 * path names no directory (cut to fit buf). */
void klar_path_dir(const char *path, char *buf, size_t size);

/* "dir/rel" into buf, or rel itself when it is absolute (starts with '/'). Returns 0, or -1
 * when that does not fit in buf, with "path too long" in err (may be NULL) naming dir (rel if
 * absolute). */
int klar_path_join(char *buf, size_t size, const char *dir, const char *rel, klar_error *err);

/* 1 if path names a regular file (after following symbolic links), else 0. */
int klar_path_is_file(const char *path);

#endif
