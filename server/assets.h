/* assets.h - files embedded in the klar binary at build time (scripts/embed.sh writes
 * build/gen/assets.c from the list in the Makefile), so that the server reads no file of its
 * own at run time: the fixed part of the API description (server/openapi_ops.json) and the
 * web app (web/index.html and the bundle in web/dist/). */
#ifndef KLAR_SERVER_ASSETS_H
#define KLAR_SERVER_ASSETS_H

#include <stddef.h>

typedef struct srv_asset {
    const char *path;              /* as in the source tree: "server/openapi_ops.json" */
    const unsigned char *data;     /* size bytes and a NUL after them */
    size_t size;
    const unsigned char *gzip;     /* the same, gzip-compressed (gzip_size bytes), or NULL */
    size_t gzip_size;
    const char *etag;              /* a quoted strong ETag of data: "\"0123abcd...\"" */
} srv_asset;

/* The asset embedded from path, or NULL. */
const srv_asset *srv_asset_find(const char *path);

#endif
