/* registry.h - the organisation register: Norway's health-preparedness organisations (ministry,
 * directorates, RHFs and HFs, statsforvaltere, municipalities) as a tree in the store, seeded
 * from data/registry/organisations.csv and data/geo/municipalities.csv; used for role scoping. */
#ifndef KLAR_REGISTRY_H
#define KLAR_REGISTRY_H

#include <stddef.h>
#include "klar/error.h"
#include "klar/store.h"

/* One organisation; parent_id is "" for a root. */
typedef struct klar_org {
    char id[48];
    char name[160];
    char type[24];      /* ministry directorate agency rhf hf county-governor municipality other */
    char parent_id[48];
} klar_org;

/* Fills the organisations table when it is empty, in one transaction: the rows of
 * <datadir>/registry/organisations.csv, then one municipality per 2020 number under the
 * statsforvalter of its county. Returns the number inserted (0 if already seeded), or -1 with
 * err ("file:line: reason" for a bad CSV). */
int klar_registry_seed(klar_store *s, const char *datadir, klar_error *err);

/* 1 if organisation id exists, 0 if not, -1 with err. */
int klar_org_exists(klar_store *s, const char *id, klar_error *err);

/* Reads organisation id into *out: 1 if found, 0 if not, -1 with err. */
int klar_org_get(klar_store *s, const char *id, klar_org *out, klar_error *err);

/* 1 if org is ancestor or lies below it in the tree, 0 if not (or org is unknown), -1 with err.
 * For role scoping: a user of `ancestor` may act on `org`. */
int klar_org_is_within(klar_store *s, const char *org, const char *ancestor, klar_error *err);

/* All organisations (within = NULL) or those within the subtree of `within`, ordered by id;
 * a malloc'd array the caller frees, its length in *n. NULL with err on failure (an empty
 * result is a non-NULL array with *n = 0). */
klar_org *klar_org_list(klar_store *s, const char *within, size_t *n, klar_error *err);

/* 1 if type is one of the organisation types the schema accepts. */
int klar_org_type_valid(const char *type);

#endif
