/* datadir.c - locating the shipped data directory: environment, beside the binary, install. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "klar/datadir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef KLAR_INSTALL_DATADIR
#define KLAR_INSTALL_DATADIR "/usr/local/share/klar/data"
#endif

static char datadir_buf[4096];

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Finds <dir of /proc/self/exe>/../data; returns 0 and fills datadir_buf on success. */
static int datadir_beside_binary(void)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    int len = snprintf(datadir_buf, sizeof datadir_buf, "%s/../data", exe);
    if (len < 0 || (size_t)len >= sizeof datadir_buf)
        return -1;
    if (!is_directory(datadir_buf))
        return -1;
    char resolved[4096];
    if (realpath(datadir_buf, resolved) && strlen(resolved) < sizeof datadir_buf)
        strcpy(datadir_buf, resolved);
    return 0;
}

const char *klar_datadir(void)
{
    if (datadir_buf[0])
        return datadir_buf;
    const char *env = getenv("KLAR_DATA");
    if (env && *env && strlen(env) < sizeof datadir_buf) {
        strcpy(datadir_buf, env);
        return datadir_buf;
    }
    if (datadir_beside_binary() == 0)
        return datadir_buf;
    snprintf(datadir_buf, sizeof datadir_buf, "%s", KLAR_INSTALL_DATADIR);
    return datadir_buf;
}

int klar_datapath(char *buf, size_t size, const char *relative)
{
    int n = snprintf(buf, size, "%s/%s", klar_datadir(), relative);
    return (n < 0 || (size_t)n >= size) ? -1 : 0;
}
