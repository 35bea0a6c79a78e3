/* rows.c - collecting the rows of a registry query into a growing array, the one loop behind
 * every list the registry returns (organisations, risks, audit entries); and the end of every
 * registry write's transaction. */
#include "registry_internal.h"
#include "klar/registry.h"
#include "klar/array.h"

#include <stdlib.h>
#include <string.h>

void *registry_collect(klar_stmt *st, size_t elem_size, registry_row_fn fill,
                       void (*free_elem)(void *elem), size_t *n, klar_error *err)
{
    char *items = NULL;
    size_t count = 0, cap = 0;
    int rc, oom = 0;
    *n = 0;
    while ((rc = klar_stmt_step(st, err)) == KLAR_STMT_ROW) {
        char *grown = klar_array_grow(items, &cap, count, elem_size);
        if (!grown) {
            oom = 1;
            break;
        }
        items = grown;
        void *elem = items + count * elem_size;
        memset(elem, 0, elem_size);
        count++;
        if (fill(st, elem) != 0) {
            oom = 1;
            break;
        }
    }
    klar_stmt_finalize(st);
    if (!oom && rc >= 0 && !items && !(items = malloc(elem_size)))
        oom = 1;
    if (oom || rc < 0) {
        if (oom)
            klar_error_set(err, NULL, 0, "out of memory");
        for (size_t i = 0; free_elem && i < count; i++)
            free_elem(items + i * elem_size);
        free(items);
        return NULL;
    }
    *n = count;
    return items;
}

int registry_finish(klar_store *s, int rc, klar_error *err)
{
    if (rc != 0) {
        klar_store_rollback(s);
        return rc;
    }
    return klar_store_commit(s, err) < 0 ? KLAR_REG_FAILED : 0;
}
