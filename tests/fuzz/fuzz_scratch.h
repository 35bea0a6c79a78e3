/* fuzz_scratch.h - what the fuzz targets that replace data files share: a scratch directory
 * (removed at exit) and whole-file reads and writes. Included by one target at a time. */
#ifndef KLAR_FUZZ_SCRATCH_H
#define KLAR_FUZZ_SCRATCH_H

#include <stdio.h>
#include <stdlib.h>

/* The scratch directory of this process, set by the target's prepare function. */
static char scratch[256];

/* The first MiB of path in a malloc'ed buffer (NULL if it cannot be opened). */
static char *read_all(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = malloc(1 << 20);
    *size = buf ? fread(buf, 1, 1 << 20, fp) : 0;
    fclose(fp);
    return buf;
}

static void write_all(const char *path, const void *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        abort();
    if (size)
        fwrite(data, 1, size, fp);
    fclose(fp);
}

static void remove_scratch(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", scratch);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", scratch);
}

#endif
