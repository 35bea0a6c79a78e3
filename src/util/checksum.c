/* checksum.c - a checksum of the shipped data directory, kept with every stored run so that a
 * run can say whether it is being repeated on the same data: FNV-1a (64 bits) over each
 * regular file's path below the directory and its bytes, the files in byte order of their
 * paths (scandir with alphasort, directories walked in the same order). Not a security hash:
 * it tells changed data from unchanged, not a forgery. */
#include "klar/datadir.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL
#define MAX_DEPTH 8

static void fnv_add(uint64_t *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        *h ^= p[i];
        *h *= FNV_PRIME;
    }
}

static int hash_file(uint64_t *h, const char *path, const char *relative, klar_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        klar_error_set(err, path, 0, "cannot read it for the data checksum");
        return -1;
    }
    unsigned char buf[65536];
    size_t n;
    fnv_add(h, relative, strlen(relative) + 1);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        fnv_add(h, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad)
        klar_error_set(err, path, 0, "read error computing the data checksum");
    return bad ? -1 : 0;
}

static int skip_entry(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

/* Hashes the files below dir (relative: its path below the data directory, "" at the top). */
static int hash_dir(uint64_t *h, const char *dir, const char *relative, int depth,
                    klar_error *err)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, skip_entry, alphasort);
    if (n < 0) {
        klar_error_set(err, dir, 0, "cannot list it for the data checksum");
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        char path[4096], rel[1024];
        struct stat st;
        int w = snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        int r = snprintf(rel, sizeof rel, "%s%s%s", relative, *relative ? "/" : "",
                         names[i]->d_name);
        if (rc == 0 && (w < 0 || (size_t)w >= sizeof path || r < 0 || (size_t)r >= sizeof rel)) {
            klar_error_set(err, dir, 0, "a path below it is too long for the data checksum");
            rc = -1;
        }
        if (rc == 0 && stat(path, &st) == 0) {
            if (S_ISREG(st.st_mode))
                rc = hash_file(h, path, rel, err);
            else if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH)
                rc = hash_dir(h, path, rel, depth + 1, err);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int klar_datadir_checksum(const char *datadir, char out[KLAR_CHECKSUM_SIZE], klar_error *err)
{
    uint64_t h = FNV_OFFSET;
    if (hash_dir(&h, datadir ? datadir : klar_datadir(), "", 0, err) != 0)
        return -1;
    snprintf(out, KLAR_CHECKSUM_SIZE, "fnv1a64:%016llx", (unsigned long long)h);
    return 0;
}
