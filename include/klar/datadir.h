/* datadir.h - where klar finds its shipped baseline tables (data/) and scenarios. */
#ifndef KLAR_DATADIR_H
#define KLAR_DATADIR_H

#include <stddef.h>

#include "klar/error.h"

/* The data directory: $KLAR_DATA if set, else ../data beside the running binary if it exists,
 * else the install-time default (e.g. /usr/local/share/klar/data). Static storage; never NULL. */
const char *klar_datadir(void);

/* Writes "<datadir>/<relative>" into buf; returns 0, or -1 if it does not fit. */
int klar_datapath(char *buf, size_t size, const char *relative);

/* A checksum of every file of the data directory (NULL: klar_datadir()), their paths and
 * bytes: "fnv1a64:<16 hex digits>" into out. Equal data give equal checksums. 0, or -1 with
 * err naming the file that could not be read. */
#define KLAR_CHECKSUM_SIZE 32
int klar_datadir_checksum(const char *datadir, char out[KLAR_CHECKSUM_SIZE], klar_error *err);

#endif
