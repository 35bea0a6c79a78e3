/* datadir.h - where klar finds its shipped baseline tables (data/) and scenarios. */
#ifndef KLAR_DATADIR_H
#define KLAR_DATADIR_H

#include <stddef.h>

/* The data directory: $KLAR_DATA if set, else ../data beside the running binary if it exists,
 * else the install-time default (e.g. /usr/local/share/klar/data). Static storage; never NULL. */
const char *klar_datadir(void);

/* Writes "<datadir>/<relative>" into buf; returns 0, or -1 if it does not fit. */
int klar_datapath(char *buf, size_t size, const char *relative);

#endif
