/* file.c - reading a whole file into a NUL-terminated buffer, bounded in size; writing a file
 * through a temporary renamed into place, so a failed write never destroys the old one; and
 * the parts of paths. */
#include "klar/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Doubles the buffer (keeping room for the final NUL); returns 0, or -1 with err set. */
static int grow_buffer(char **buf, size_t *cap, size_t max_bytes, const char *path, klar_error *err)
{
    if (*cap >= max_bytes) {
        klar_error_set(err, path, 0, "larger than %zu bytes", max_bytes);
        return -1;
    }
    size_t ncap = *cap * 2 > max_bytes ? max_bytes : *cap * 2;
    char *nb = realloc(*buf, ncap + 1);
    if (!nb) {
        klar_error_set(err, path, 0, "out of memory");
        return -1;
    }
    *buf = nb;
    *cap = ncap;
    return 0;
}

char *klar_file_read(const char *path, size_t max_bytes, size_t *len, klar_error *err)
{
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        klar_error_set(err, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf)
        klar_error_set(err, path, 0, "out of memory");
    while (buf) {
        if (n == cap && cap >= max_bytes && getc(fp) == EOF && !ferror(fp))
            break; /* exactly max_bytes long */
        if (n == cap && grow_buffer(&buf, &cap, max_bytes, path, err) != 0) {
            free(buf);
            buf = NULL;
            break;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got > 0)
            continue;
        if (ferror(fp)) {
            klar_error_set(err, path, 0, "read error: %s", strerror(errno));
            free(buf);
            buf = NULL;
        }
        break;
    }
    fclose(fp);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

/* "<path>.tmp" into buf; 0, or -1 if it does not fit. */
static int temporary_path(const char *path, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s.tmp", path);
    return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

FILE *klar_file_create(const char *path, klar_error *err)
{
    char tmp[4096];
    if (temporary_path(path, tmp, sizeof tmp) != 0) {
        klar_error_set(err, path, 0, "path too long");
        return NULL;
    }
    FILE *fp = fopen(tmp, "wb");
    if (!fp)
        klar_error_set(err, path, 0, "cannot write: %s", strerror(errno));
    return fp;
}

int klar_file_commit(FILE *fp, const char *path, int ok, klar_error *err)
{
    char tmp[4096];
    if (temporary_path(path, tmp, sizeof tmp) != 0) { /* cannot happen after klar_file_create */
        fclose(fp);
        return -1;
    }
    int written = fflush(fp) == 0 && !ferror(fp) && fsync(fileno(fp)) == 0;
    int closed = fclose(fp) == 0;
    if (ok && written && closed && rename(tmp, path) == 0)
        return 0;
    if (ok)
        klar_error_set(err, path, 0, "write failed: %s (the old file is unchanged)", strerror(errno));
    remove(tmp);
    return -1;
}

void klar_path_stem(const char *path, const char *suffix, char *buf, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(buf, size, "%s", base);
    size_t n = strlen(buf), k = suffix ? strlen(suffix) : 0;
    if (k && n > k && strcmp(buf + n - k, suffix) == 0)
        buf[n - k] = '\0';
}

void klar_path_dir(const char *path, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(buf, size, ".");
        return;
    }
    size_t n = slash == path ? 1 : (size_t)(slash - path);   /* "/x" lives in "/" */
    snprintf(buf, size, "%.*s", (int)n, path);
}

int klar_path_join(char *buf, size_t size, const char *dir, const char *rel, klar_error *err)
{
    int n = rel[0] == '/' ? snprintf(buf, size, "%s", rel) : snprintf(buf, size, "%s/%s", dir, rel);
    if (n < 0 || (size_t)n >= size) {
        klar_error_set(err, rel[0] == '/' ? rel : dir, 0, "path too long");
        return -1;
    }
    return 0;
}

int klar_path_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}
