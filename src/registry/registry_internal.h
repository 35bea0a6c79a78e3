/* registry_internal.h - what the registry modules share inside libklar: the SQL of an
 * organisation's subtree, the collection of query rows into an array and the end of a write's
 * transaction. Not installed; the
 * public contract is include/klar/registry.h. */
#ifndef KLAR_REGISTRY_INTERNAL_H
#define KLAR_REGISTRY_INTERNAL_H

#include <stddef.h>
#include "klar/store.h"
#include "klar/subtree.h"

/* A common table expression "sub(id)": the organisation bound to ?1 and all below it. */
#define REGISTRY_SUBTREE_CTE KLAR_SUBTREE_CTE

/* Fills one element from the current row; 0, or -1 when out of memory. */
typedef int (*registry_row_fn)(klar_stmt *st, void *elem);

/* Steps st to the end, filling one elem_size element per row with fill, and finalizes st.
 * Returns a malloc'ed array (non-NULL even when empty) with its length in *n, or NULL with err;
 * on NULL, free_elem (may be NULL) has released what the filled elements own. */
void *registry_collect(klar_stmt *st, size_t elem_size, registry_row_fn fill,
                       void (*free_elem)(void *elem), size_t *n, klar_error *err);

/* Ends the transaction of a registry write: commits when rc is 0 (a failed commit gives
 * KLAR_REG_FAILED), else rolls back and passes rc on. */
int registry_finish(klar_store *s, int rc, klar_error *err);

/* The records that refer to record id of k (by a reference field or in an id array): their
 * number, with "2 of Helse Bergen HF, 1 of Helse Nord RHF" (counts by organisation, no
 * content) into out; -1 with err. */
struct klar_kind;
int64_t registry_referrers(klar_store *s, const struct klar_kind *k, int64_t id, char *out,
                           size_t size, klar_error *err);

#endif
